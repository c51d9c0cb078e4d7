import type { Db } from 'mongodb';
import { createAnalyticsRepository, type ApplyOutcome } from '../repositories/analytics.js';
import { readBookingFacts } from '../repositories/bookingHistory.js';
import { readListingSnapshots } from '../repositories/listingCatalog.js';

export interface RebuildReport {
  bookings: Record<ApplyOutcome, number>;
  listings: Record<ApplyOutcome, number>;
  /** MySQL rows with a status or type analytics does not know. */
  skipped: number;
  reset: boolean;
}

const counts = (): Record<ApplyOutcome, number> => ({ applied: 0, duplicate: 0, stale: 0 });

/**
 * Builds analytics_bookings and analytics_listings of `db` from MySQL (bookings, billings, status
 * history) and the listings collections (docs/analytics.md, "Rebuild"). Merges with what the
 * consumer already wrote, by the same rules (facts merged, highest revision wins), so it is safe
 * while the consumer runs and to run twice; `reset` empties both read models first.
 */
export async function rebuildAnalytics({ db, databaseUrl, reset = false }: { db: Db; databaseUrl: string; reset?: boolean }): Promise<RebuildReport> {
  const readModels = createAnalyticsRepository(db);
  if (reset) await readModels.reset();
  const report: RebuildReport = { bookings: counts(), listings: counts(), skipped: 0, reset };
  for await (const listing of readListingSnapshots(db)) report.listings[await readModels.applyListing(listing)] += 1;
  const { facts, skipped } = await readBookingFacts(databaseUrl);
  report.skipped = skipped;
  for (const fact of facts) report.bookings[await readModels.applyBooking(fact)] += 1;
  return report;
}
