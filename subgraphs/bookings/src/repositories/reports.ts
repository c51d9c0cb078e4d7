import type { ListingType } from '@kayak/common';
import { listingTypeOf } from './billings.js';
import { Prisma, type PrismaReader } from './prisma.js';

/** Revenue aggregates over `billings` (SQL sums DECIMALs exactly). */

export type ReportPeriod = 'Day' | 'Month';

export interface RevenueQuery {
  from: Date;
  to: Date;
  period: ReportPeriod | null;
  byBookingType: boolean;
}

export interface RevenueAggregate {
  period: string | null;
  bookingType: ListingType | null;
  revenue: string;
  refunded: string;
  transactions: number;
}

interface AggregateRow {
  period: string | null;
  booking_type: string | null;
  revenue: Prisma.Decimal | string | null;
  refunded: Prisma.Decimal | string | null;
  transactions: bigint | number;
}

const decimal = (value: Prisma.Decimal | string | null): string => new Prisma.Decimal(value ?? 0).toFixed(2);

export async function revenueByGroup(db: PrismaReader, query: RevenueQuery): Promise<RevenueAggregate[]> {
  const period =
    query.period === 'Day'
      ? Prisma.sql`DATE_FORMAT(transaction_date, '%Y-%m-%d')`
      : query.period === 'Month'
        ? Prisma.sql`DATE_FORMAT(transaction_date, '%Y-%m')`
        : Prisma.sql`NULL`;
  const type = query.byBookingType ? Prisma.sql`booking_type` : Prisma.sql`NULL`;
  const rows = await db.$queryRaw<AggregateRow[]>`
    SELECT ${period} AS period, ${type} AS booking_type,
           SUM(CASE WHEN transaction_status = 'Success' THEN total_amount_paid ELSE 0 END) AS revenue,
           SUM(CASE WHEN transaction_status = 'Refunded' THEN total_amount_paid ELSE 0 END) AS refunded,
           COUNT(*) AS transactions
      FROM billings
     WHERE transaction_date >= ${query.from} AND transaction_date < ${query.to}
       AND transaction_status IN ('Success', 'Refunded')
     GROUP BY 1, 2
     ORDER BY 1, 2`;
  return rows.map((row) => ({
    period: row.period,
    bookingType: row.booking_type === null ? null : listingTypeOf(row.booking_type),
    revenue: decimal(row.revenue),
    refunded: decimal(row.refunded),
    transactions: Number(row.transactions),
  }));
}
