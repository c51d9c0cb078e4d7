import { listingKey, type BookingStatus, type CollectionIndexes, type ListingSnapshot, type ListingType } from '@kayak/common';
import { MongoServerError, type Db, type Document, type Filter } from 'mongodb';
import type { TimeRange } from './activity.js';

/**
 * Read models of the analytics consumer (docs/analytics.md): one document per booking and one per
 * listing, built from the booking and listing events (or rebuilt from MySQL and the listings
 * collections by scripts), aggregated by the revenue reports with plain $match/$group stages.
 */
export const ANALYTICS_COLLECTIONS = {
  bookings: 'analytics_bookings',
  listings: 'analytics_listings',
} as const;

/**
 * A booking as analytics knows it. The snapshot fields (status, total, listing) are those of the
 * highest revision seen; the facts of each step (created, paid, cancelled) are merged whatever
 * the order their events arrive in ($min of instants, $max of amounts), so a late `confirmed`
 * after a `cancelled` still adds its payment. Absent fields mean "not (yet) known".
 */
export interface AnalyticsBookingDocument {
  _id: string;
  revision: number;
  status?: BookingStatus;
  listing_type?: ListingType;
  listing_id?: string;
  user_id?: string;
  total_cents?: number;
  /** Amount paid (tax included), from the invoice of `booking.confirmed` / the billing. */
  paid_cents?: number;
  refund_cents?: number;
  /** The earliest instant any of its events happened: its creation. */
  created_at?: Date;
  created_day?: string;
  paid_at?: Date;
  paid_day?: string;
  /** When it became Cancelled, PaymentFailed or Expired. */
  cancelled_at?: Date;
  cancelled_day?: string;
  /** Ids of the events applied (dedupe of redeliveries). */
  event_ids: string[];
}

/** The latest snapshot of a listing, under `_id: "Hotel:HTL001"`. */
export interface AnalyticsListingDocument {
  _id: string;
  listing_type: ListingType;
  listing_id: string;
  title: string;
  city: string | null;
  state: string | null;
  route: { from: string; to: string } | null;
  price_cents: number;
  retired: boolean;
  revision: number;
}

export const analyticsCollections: CollectionIndexes[] = [
  {
    collection: ANALYTICS_COLLECTIONS.bookings,
    // One range per report: bookings created, paid or cancelled in [from, to).
    indexes: [{ key: { created_at: 1 } }, { key: { paid_at: 1 } }, { key: { cancelled_at: 1 } }],
  },
  { collection: ANALYTICS_COLLECTIONS.listings, indexes: [{ key: { listing_type: 1 } }] },
];

/** What one event (or one MySQL row, when rebuilding) says about a booking. */
export interface BookingFact {
  bookingId: string;
  /** Null when rebuilding (no event to dedupe). */
  eventId: string | null;
  revision: number;
  status: BookingStatus;
  listingType: ListingType;
  listingId: string;
  userId: string;
  totalCents: number;
  /** When this step happened; the earliest one seen is the booking's creation. */
  occurredAt: Date;
  paid?: { at: Date; cents: number };
  cancelled?: { at: Date; refundCents: number };
}

export type ApplyOutcome = 'applied' | 'duplicate' | 'stale';

/** Money of one group: payments in the range and refunds in the range (cents). */
export interface MoneyRow<K> {
  key: K;
  count: number;
  cents: number;
}

export interface ListingGroupKey {
  listingType: ListingType;
  listingId: string;
}

export interface ListingFacts {
  listingType: ListingType;
  listingId: string;
  title: string;
  city: string | null;
  state: string | null;
  route: { from: string; to: string } | null;
}

/** YYYY-MM-DD of an instant, in UTC. */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

const isDuplicateKey = (error: unknown): boolean => error instanceof MongoServerError && error.code === 11000;

const inRange = (range: TimeRange) => ({ $gte: range.from, $lt: range.to });

type GroupBy = 'day' | 'listingType' | 'listing';

export function createAnalyticsRepository(db: Db) {
  const bookings = db.collection<AnalyticsBookingDocument>(ANALYTICS_COLLECTIONS.bookings);
  const listings = db.collection<AnalyticsListingDocument>(ANALYTICS_COLLECTIONS.listings);

  const groupId = (groupBy: GroupBy, dayField: string): string | Document =>
    groupBy === 'day' ? `$${dayField}` : groupBy === 'listingType' ? '$listing_type' : { type: '$listing_type', id: '$listing_id' };

  /** Counts and sums `amountField` of the bookings whose `atField` is in the range, per group. */
  async function sumBy<K>(atField: 'paid_at' | 'cancelled_at', amountField: 'paid_cents' | 'refund_cents', groupBy: GroupBy, range: TimeRange, listingTypes: ListingType[] | null): Promise<Array<MoneyRow<K>>> {
    const match: Filter<AnalyticsBookingDocument> = { [atField]: inRange(range), [amountField]: { $gt: 0 }, ...(listingTypes ? { listing_type: { $in: listingTypes } } : {}) };
    const rows = await bookings
      .aggregate<{ _id: K; count: number; cents: number }>([
        { $match: match },
        { $group: { _id: groupId(groupBy, atField === 'paid_at' ? 'paid_day' : 'cancelled_day'), count: { $sum: 1 }, cents: { $sum: `$${amountField}` } } },
      ])
      .toArray();
    return rows.map((row) => ({ key: row._id, count: row.count, cents: row.cents }));
  }

  async function countBy(atField: 'created_at' | 'cancelled_at', dayField: 'created_day' | 'cancelled_day', range: TimeRange): Promise<Map<string, number>> {
    const rows = await bookings
      .aggregate<{ _id: string; count: number }>([{ $match: { [atField]: inRange(range) } }, { $group: { _id: `$${dayField}`, count: { $sum: 1 } } }])
      .toArray();
    return new Map(rows.map((row) => [row._id, row.count]));
  }

  return {
    /**
     * Merges what one event says (idempotent: the same fact twice changes nothing). `duplicate`:
     * this event was applied before; `stale`: its facts were merged but a newer revision already
     * decided the status.
     */
    async applyBooking(fact: BookingFact): Promise<ApplyOutcome> {
      if (fact.eventId !== null && (await bookings.countDocuments({ _id: fact.bookingId, event_ids: fact.eventId }, { limit: 1 })) > 0) return 'duplicate';
      const earliest: Partial<AnalyticsBookingDocument> = { created_at: fact.occurredAt, created_day: dayOf(fact.occurredAt) };
      const largest: Partial<AnalyticsBookingDocument> = {};
      if (fact.paid) {
        Object.assign(earliest, { paid_at: fact.paid.at, paid_day: dayOf(fact.paid.at) });
        largest.paid_cents = fact.paid.cents;
      }
      if (fact.cancelled) {
        Object.assign(earliest, { cancelled_at: fact.cancelled.at, cancelled_day: dayOf(fact.cancelled.at) });
        largest.refund_cents = fact.cancelled.refundCents;
      }
      const merge = {
        $min: earliest,
        ...(Object.keys(largest).length > 0 ? { $max: largest } : {}),
        ...(fact.eventId !== null ? { $addToSet: { event_ids: fact.eventId } } : {}),
        $setOnInsert: { revision: 0, ...(fact.eventId === null ? { event_ids: [] } : {}) },
      };
      // Two replicas may upsert the same new booking at once (its events come on different
      // topics): the loser's insert fails on the _id and its retry updates the winner's document.
      await bookings.updateOne({ _id: fact.bookingId }, merge, { upsert: true }).catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
        return bookings.updateOne({ _id: fact.bookingId }, merge);
      });
      const snapshot = await bookings.updateOne(
        { _id: fact.bookingId, revision: { $lt: fact.revision } },
        { $set: { revision: fact.revision, status: fact.status, listing_type: fact.listingType, listing_id: fact.listingId, user_id: fact.userId, total_cents: fact.totalCents } },
      );
      return snapshot.modifiedCount > 0 ? 'applied' : 'stale';
    },

    /** Keeps the snapshot with the highest revision; an equal revision is a redelivery. */
    async applyListing(listing: ListingSnapshot): Promise<ApplyOutcome> {
      const _id = listingKey(listing.listingType, listing.listingId);
      const document: Omit<AnalyticsListingDocument, '_id'> = {
        listing_type: listing.listingType,
        listing_id: listing.listingId,
        title: listing.title,
        city: listing.city,
        state: listing.state,
        route: listing.route ? { from: listing.route.from, to: listing.route.to } : null,
        price_cents: listing.priceCents,
        retired: listing.retired,
        revision: listing.revision,
      };
      try {
        const result = await listings.updateOne({ _id, revision: { $lt: listing.revision } }, { $set: document }, { upsert: true });
        return result.modifiedCount > 0 || result.upsertedCount > 0 ? 'applied' : 'duplicate';
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const current = await listings.findOne({ _id }, { projection: { revision: 1 } });
        return current?.revision === listing.revision ? 'duplicate' : 'stale';
      }
    },

    async reset(): Promise<void> {
      await bookings.deleteMany({});
      await listings.deleteMany({});
    },

    async findBooking(bookingId: string): Promise<AnalyticsBookingDocument | null> {
      return bookings.findOne({ _id: bookingId });
    },

    async findListing(listingType: ListingType, listingId: string): Promise<AnalyticsListingDocument | null> {
      return listings.findOne({ _id: listingKey(listingType, listingId) });
    },

    /** Payments (count, cents) whose payment instant is in the range, per group. */
    payments: <K>(groupBy: GroupBy, range: TimeRange, listingTypes: ListingType[] | null = null) => sumBy<K>('paid_at', 'paid_cents', groupBy, range, listingTypes),
    /** Refunds (count, cents) whose cancellation instant is in the range, per group. */
    refunds: <K>(groupBy: GroupBy, range: TimeRange, listingTypes: ListingType[] | null = null) => sumBy<K>('cancelled_at', 'refund_cents', groupBy, range, listingTypes),
    /** Bookings created per UTC day of the range. */
    createdPerDay: (range: TimeRange) => countBy('created_at', 'created_day', range),
    /** Bookings cancelled, expired or failed per UTC day of the range. */
    cancelledPerDay: (range: TimeRange) => countBy('cancelled_at', 'cancelled_day', range),

    /** Bookings created in the range per current status, and how many of them were paid. */
    async createdOutcomes(range: TimeRange): Promise<{ byStatus: Map<BookingStatus, number>; paid: number }> {
      const [rows, paid] = await Promise.all([
        bookings.aggregate<{ _id: BookingStatus; count: number }>([{ $match: { created_at: inRange(range) } }, { $group: { _id: '$status', count: { $sum: 1 } } }]).toArray(),
        bookings.countDocuments({ created_at: inRange(range), paid_at: { $exists: true } }),
      ]);
      return { byStatus: new Map(rows.map((row) => [row._id, row.count])), paid };
    },

    /** What analytics knows about these listings (one `$in` read), by listingKey. */
    async listingFacts(keys: ListingGroupKey[]): Promise<Map<string, ListingFacts>> {
      if (keys.length === 0) return new Map();
      const docs = await listings.find({ _id: { $in: [...new Set(keys.map((key) => listingKey(key.listingType, key.listingId)))] } }).toArray();
      return new Map(
        docs.map((doc) => [doc._id, { listingType: doc.listing_type, listingId: doc.listing_id, title: doc.title, city: doc.city, state: doc.state, route: doc.route }]),
      );
    },
  };
}

export type AnalyticsRepository = ReturnType<typeof createAnalyticsRepository>;
