import { cutPage, type ListingType } from '@kayak/common';
import { ObjectId, type Db, type Filter } from 'mongodb';
import type { Cursor, ListingClickCountModel, Page, TraceModel } from '../models.js';
import { COLLECTIONS, type ListingClickDocument, type PageClickDocument, type TraceDocument } from './documents.js';

export interface TimeRange {
  from: Date;
  to: Date;
}

type StoredTrace = TraceDocument & { _id: ObjectId };

export function toTraceModel(doc: StoredTrace): TraceModel {
  return {
    traceId: doc._id.toHexString(),
    userId: doc.user_id ?? null,
    cohortKey: doc.cohort_key ?? null,
    events: doc.events.map((event) => ({ type: event.type, data: event.data ?? {}, timestamp: event.timestamp })),
    createdAt: doc.created_at,
  };
}

export const traceCursorOf = (trace: TraceModel): Cursor => ({ order: 'TRACES_NEWEST', value: trace.createdAt.toISOString(), id: trace.traceId });

/** Activity logs: append-only batches in, analytics aggregations out. */
export function createActivityRepository(db: Db) {
  const pageClicks = db.collection<PageClickDocument>(COLLECTIONS.pageClicks);
  const listingClicks = db.collection<ListingClickDocument>(COLLECTIONS.listingClicks);
  const traces = db.collection<TraceDocument>(COLLECTIONS.traces);

  const traceFilter = (cohortKey: string, window: TimeRange | null): Filter<TraceDocument> =>
    window ? { cohort_key: cohortKey, created_at: { $gte: window.from, $lt: window.to } } : { cohort_key: cohortKey };

  return {
    // Unordered inserts: one bad document must not drop the rest of the batch.
    async insertPageClicks(docs: PageClickDocument[]): Promise<void> {
      if (docs.length > 0) await pageClicks.insertMany(docs, { ordered: false });
    },
    async insertListingClicks(docs: ListingClickDocument[]): Promise<void> {
      if (docs.length > 0) await listingClicks.insertMany(docs, { ordered: false });
    },
    async insertTraces(docs: TraceDocument[]): Promise<void> {
      if (docs.length > 0) await traces.insertMany(docs, { ordered: false });
    },

    async topListingsByClicks(window: TimeRange, listingType: ListingType | null, limit: number): Promise<ListingClickCountModel[]> {
      const match: Filter<ListingClickDocument> = { timestamp: { $gte: window.from, $lt: window.to }, ...(listingType ? { listing_type: listingType } : {}) };
      const rows = await listingClicks
        .aggregate<{ _id: { type: ListingType; id: string }; clicks: number }>([
          { $match: match },
          { $group: { _id: { type: '$listing_type', id: '$listing_id' }, clicks: { $sum: 1 } } },
          { $sort: { clicks: -1, '_id.type': 1, '_id.id': 1 } },
          { $limit: limit },
        ])
        .toArray();
      return rows.map((row) => ({ listingType: row._id.type, listingId: row._id.id, clicks: row.clicks }));
    },

    async pageClickCounts(window: TimeRange): Promise<Array<{ page: string; clicks: number }>> {
      const rows = await pageClicks
        .aggregate<{ _id: string; clicks: number }>([
          { $match: { timestamp: { $gte: window.from, $lt: window.to } } },
          { $group: { _id: '$page', clicks: { $sum: 1 } } },
          { $sort: { clicks: -1, _id: 1 } },
        ])
        .toArray();
      return rows.map((row) => ({ page: row._id, clicks: row.clicks }));
    },

    /** Newest first; `first + 1` rows so the caller knows whether there is a next page. */
    async cohortTraces(cohortKey: string, window: TimeRange | null, first: number, after: Cursor | null): Promise<Page<TraceModel>> {
      const base = traceFilter(cohortKey, window);
      const filter: Filter<TraceDocument> = after
        ? {
            $and: [
              base,
              { $or: [{ created_at: { $lt: new Date(String(after.value)) } }, { created_at: new Date(String(after.value)), _id: { $lt: new ObjectId(after.id) } }] },
            ],
          }
        : base;
      const docs = (await traces.find(filter).sort({ created_at: -1, _id: -1 }).limit(first + 1).toArray()) as StoredTrace[];
      const models = docs.map(toTraceModel);
      return cutPage(models, first);
    },

    async countCohortTraces(cohortKey: string, window: TimeRange | null): Promise<number> {
      return traces.countDocuments(traceFilter(cohortKey, window));
    },

    async cohortEventCounts(cohortKey: string, window: TimeRange | null): Promise<Array<{ type: string; count: number }>> {
      const rows = await traces
        .aggregate<{ _id: string; count: number }>([
          { $match: traceFilter(cohortKey, window) },
          { $unwind: '$events' },
          { $group: { _id: '$events.type', count: { $sum: 1 } } },
          { $sort: { count: -1, _id: 1 } },
        ])
        .toArray();
      return rows.map((row) => ({ type: row._id, count: row.count }));
    },

    /** Events of the given types in the traces recorded in the range, per type (analytics funnel). */
    async traceEventCounts(window: TimeRange, types: string[]): Promise<Map<string, number>> {
      const rows = await traces
        .aggregate<{ _id: string; count: number }>([
          { $match: { created_at: { $gte: window.from, $lt: window.to }, 'events.type': { $in: types } } },
          { $unwind: '$events' },
          { $match: { 'events.type': { $in: types } } },
          { $group: { _id: '$events.type', count: { $sum: 1 } } },
        ])
        .toArray();
      return new Map(rows.map((row) => [row._id, row.count]));
    },

    /** Flight searches (`search` events with data { listingType: "Flight", from, to }) per route, most first. */
    async searchedFlightRoutes(window: TimeRange, limit: number): Promise<Array<{ from: string; to: string; searches: number }>> {
      const rows = await traces
        .aggregate<{ _id: { from: unknown; to: unknown }; searches: number }>([
          { $match: { created_at: { $gte: window.from, $lt: window.to }, 'events.type': 'search' } },
          { $unwind: '$events' },
          { $match: { 'events.type': 'search', 'events.data.listingType': 'Flight', 'events.data.from': { $type: 'string' }, 'events.data.to': { $type: 'string' } } },
          { $group: { _id: { from: '$events.data.from', to: '$events.data.to' }, searches: { $sum: 1 } } },
          { $sort: { searches: -1, '_id.from': 1, '_id.to': 1 } },
          { $limit: limit },
        ])
        .toArray();
      return rows.map((row) => ({ from: String(row._id.from), to: String(row._id.to), searches: row.searches }));
    },

    async countListingClicks(window: TimeRange): Promise<number> {
      return listingClicks.countDocuments({ timestamp: { $gte: window.from, $lt: window.to } });
    },
  };
}

export type ActivityRepository = ReturnType<typeof createActivityRepository>;
