import { MongoServerError, type Collection, type Db, type Filter } from 'mongodb';
import type { ListingType } from '../generated/graphql.js';
import { HOLDING_STATUSES, type DateRange, type Hold } from '@kayak/common';
import type { AvailabilityBlockDocument } from './documents.js';

export interface HoldsQuery {
  listingType: ListingType;
  /** Only these listings; every listing of the type when omitted. */
  ids?: readonly string[];
  /** Only holds overlapping this range; null for every hold (flights: a seat is for the whole flight). */
  range: DateRange | null;
}

export type BlockFields = Omit<AvailabilityBlockDocument, 'created_at' | 'updated_at'>;

const toHold = (block: Pick<AvailabilityBlockDocument, 'start_date' | 'end_date' | 'quantity'>): Hold => ({
  start: block.start_date,
  end: block.end_date,
  quantity: block.quantity,
});

/** Overlap of [start_date, end_date) with [range.start, range.end). */
const overlapping = (range: DateRange): Filter<AvailabilityBlockDocument> => ({ start_date: { $lt: range.end }, end_date: { $gt: range.start } });

/**
 * The availability cache (design doc §6): one block per booking, written only by the booking
 * event consumer and the resync. Writes are compare-and-set on `version`, so concurrent writers
 * (the live consumer and a resync) can never move a block back to an older state.
 */
export class AvailabilityBlockRepository {
  readonly collection: Collection<AvailabilityBlockDocument>;

  constructor(db: Db) {
    this.collection = db.collection<AvailabilityBlockDocument>('availability_blocks');
  }

  /** Holding blocks (Pending/Confirmed) of listings of one type, grouped by listing id. */
  async holds(query: HoldsQuery): Promise<Map<string, Hold[]>> {
    const filter: Filter<AvailabilityBlockDocument> = {
      listing_type: query.listingType,
      ...(query.ids ? { reference_id: { $in: [...query.ids] } } : {}),
      booking_status: { $in: [...HOLDING_STATUSES] },
      ...(query.range ? overlapping(query.range) : {}),
    };
    const blocks = await this.collection.find(filter, { projection: { _id: 0, reference_id: 1, start_date: 1, end_date: 1, quantity: 1 } }).toArray();
    const byId = new Map<string, Hold[]>();
    for (const block of blocks) byId.set(block.reference_id, [...(byId.get(block.reference_id) ?? []), toHold(block)]);
    return byId;
  }

  /**
   * Seats held per flight: `totalHeld` of the shared capacity model (whole-flight seats), summed by
   * the server so a flight search reads one row per booked flight.
   */
  async heldSeatsByFlight(): Promise<Map<string, number>> {
    const rows = await this.collection
      .aggregate<{ _id: string; held: number }>([
        { $match: { listing_type: 'Flight', booking_status: { $in: [...HOLDING_STATUSES] } } },
        { $group: { _id: '$reference_id', held: { $sum: '$quantity' } } },
      ])
      .toArray();
    return new Map(rows.map((row) => [row._id, row.held]));
  }

  /** Whether a Confirmed booking of the listing ends after `now` (it still has a customer). */
  async hasFutureConfirmed(listingType: ListingType, id: string, now: Date): Promise<boolean> {
    const count = await this.collection.countDocuments({ listing_type: listingType, reference_id: id, booking_status: 'Confirmed', end_date: { $gt: now } }, { limit: 1 });
    return count > 0;
  }

  async findByBookingId(bookingId: string): Promise<AvailabilityBlockDocument | null> {
    return this.collection.findOne({ booking_id: bookingId }, { projection: { _id: 0 } });
  }

  /** Inserts the first block of a booking; false when another writer inserted it first. */
  async insert(fields: BlockFields, now: Date): Promise<boolean> {
    try {
      await this.collection.insertOne({ ...fields, created_at: now, updated_at: now });
      return true;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000) return false;
      throw error;
    }
  }

  /** Replaces the block if it is still at `expectedVersion`; false when another writer moved it. */
  async replaceIfVersion(bookingId: string, expectedVersion: number, fields: BlockFields, now: Date): Promise<boolean> {
    const result = await this.collection.updateOne({ booking_id: bookingId, version: expectedVersion }, { $set: { ...fields, updated_at: now } });
    return result.matchedCount === 1;
  }

  /** Removes blocks no event has confirmed since `since` (a resync's start); returns how many. */
  async deleteNotSyncedSince(since: Date): Promise<number> {
    const result = await this.collection.deleteMany({ $or: [{ synced_at: { $lt: since } }, { synced_at: { $exists: false } }] });
    return result.deletedCount;
  }
}
