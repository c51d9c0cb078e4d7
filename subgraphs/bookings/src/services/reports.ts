import { badUserInput, requirePermission, type Viewer } from '@kayak/common';
import { revenueByGroup, type RevenueAggregate, type RevenueQuery } from '../repositories/reports.js';
import type { PrismaReader } from '../repositories/prisma.js';
import { formatCents, toCents } from '@kayak/common/money';
import { DAY_MS } from './pricing.js';

export const MAX_REPORT_DAYS = 3 * 366;

export interface RevenueReport {
  from: Date;
  to: Date;
  rows: RevenueAggregate[];
  totalRevenue: string;
  totalRefunded: string;
  totalTransactions: number;
}

/** Revenue of successful payments (and refunds) for Billing and Analytics Admins. */
export async function revenueReport(db: PrismaReader, viewer: Viewer, query: RevenueQuery): Promise<RevenueReport> {
  requirePermission(viewer, 'reports:revenue');
  const span = query.to.getTime() - query.from.getTime();
  if (span <= 0) throw badUserInput([{ path: 'input.to', message: 'must be after from' }]);
  if (span > MAX_REPORT_DAYS * DAY_MS) throw badUserInput([{ path: 'input.to', message: `must be at most ${MAX_REPORT_DAYS} days after from` }]);
  const rows = await revenueByGroup(db, query);
  const sum = (pick: (row: RevenueAggregate) => string): string => formatCents(rows.reduce((total, row) => total + toCents(pick(row)), 0n));
  return {
    from: query.from,
    to: query.to,
    rows,
    totalRevenue: sum((row) => row.revenue),
    totalRefunded: sum((row) => row.refunded),
    totalTransactions: rows.reduce((total, row) => total + row.transactions, 0),
  };
}
