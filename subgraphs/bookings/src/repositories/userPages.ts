import type { PageRequest } from '../models.js';
import { Prisma, type PrismaReader } from './prisma.js';

export interface UserPageRows<T> {
  rows: T[];
  totalCount: number;
}

/** Columns every windowed row carries besides its table's own (raw SQL: snake_case). */
export interface WindowedRow {
  id: number | bigint;
  user_id: string;
  total_count: bigint | number;
}

/** Which table a per-user page reads: its name, the columns to return and the status column to filter on. */
export interface UserPagesSource {
  table: 'bookings' | 'billings' | 'trips';
  columns: readonly string[];
  statusColumn: string;
}

/**
 * One page of rows for each of many users in ONE query: window functions number each user's
 * rows (newest first) and count them, so a DataLoader batch of 50 users costs one round trip.
 * Table and column names come from the callers' constants, never from input.
 */
export async function pagesOfUsers<Row extends WindowedRow, T>(
  db: PrismaReader,
  source: UserPagesSource,
  userIds: readonly string[],
  status: string | null,
  page: PageRequest,
  toModel: (row: Row) => T,
): Promise<Map<string, UserPageRows<T>>> {
  const result = new Map<string, UserPageRows<T>>();
  if (userIds.length === 0) return result;
  const columns = Prisma.raw(['id', 'user_id', ...source.columns].map((column) => `b.${column}`).join(', '));
  const statusFilter = status ? Prisma.sql`AND ${Prisma.raw(`b.${source.statusColumn}`)} = ${status}` : Prisma.empty;
  const before = page.beforeId ?? Number.MAX_SAFE_INTEGER;
  const rows = await db.$queryRaw<Row[]>`
    SELECT * FROM (
      SELECT ${columns},
             COUNT(*) OVER (PARTITION BY b.user_id) AS total_count,
             SUM(CASE WHEN b.id < ${before} THEN 1 ELSE 0 END) OVER (PARTITION BY b.user_id ORDER BY b.id DESC) AS position,
             ROW_NUMBER() OVER (PARTITION BY b.user_id ORDER BY b.id DESC) AS newest
        FROM ${Prisma.raw(source.table)} b
       WHERE b.user_id IN (${Prisma.join([...userIds])}) ${statusFilter}
    ) ranked
    WHERE (ranked.id < ${before} AND ranked.position <= ${page.first + 1})
       -- Each user's newest row also comes back, so the count arrives even when the page is empty.
       OR ranked.newest = 1
    ORDER BY ranked.user_id, ranked.id DESC`;
  for (const row of rows) {
    const entry = result.get(row.user_id) ?? { rows: [], totalCount: Number(row.total_count) };
    result.set(row.user_id, entry);
    if (Number(row.id) < before) entry.rows.push(toModel(row));
  }
  return result;
}
