import { type Collection, type Db, type Filter } from 'mongodb';
import type { ListingType } from '../generated/graphql.js';
import { holdsCapacity, isDuplicateKeyError, totalHeld, type BookingDomainEvent, type DateRange, type Hold } from '@kayak/common';
import type { AvailabilityBlockDocument, HoldEntryDocument, ListingHoldsDocument } from './documents.js';

export interface HoldsQuery {
  listingType: ListingType;
  /** Only these listings; every listing of the type when omitted. */
  ids?: readonly string[];
  /** Only holds overlapping this range; null for every hold (flights: a seat is for the whole flight). */
  range: DateRange | null;
}

export type BlockFields = Omit<AvailabilityBlockDocument, 'created_at' | 'updated_at'>;

const toHold = (entry: Pick<HoldEntryDocument, 'start_date' | 'end_date' | 'quantity' | 'room_type'>): Hold => ({
  start: entry.start_date,
  end: entry.end_date,
  quantity: entry.quantity,
  roomType: entry.room_type ?? null,
});

const holdsKey = (listingType: string, id: string): string => `${listingType}:${id}`;

/** The entry of a booking's newest version (the others are stale siblings a late write left). */
function newestEntry(versions: Record<string, HoldEntryDocument>): HoldEntryDocument | null {
  let newest: HoldEntryDocument | null = null;
  for (const entry of Object.values(versions)) if (!newest || entry.version > newest.version) newest = entry;
  return newest;
}

/** Overlap of [start, end) with [range.start, range.end). */
const overlaps = (entry: HoldEntryDocument, range: DateRange): boolean => entry.start_date < range.end && entry.end_date > range.start;

/** The `listing_holds` entry a block stands for. */
const entryOf = (block: Pick<AvailabilityBlockDocument, 'start_date' | 'end_date' | 'quantity' | 'room_type' | 'version' | 'booking_status'>): HoldEntryDocument => ({
  start_date: block.start_date,
  end_date: block.end_date,
  quantity: block.quantity,
  room_type: block.room_type ?? null,
  version: block.version,
  holding: holdsCapacity(block.booking_status),
});

/**
 * The availability cache (design doc §6): one block per booking, written only by the booking
 * event consumer and the resync. Writes are compare-and-set on `version`, so concurrent writers
 * (the live consumer and a resync) can never move a block back to an older state.
 *
 * Beside the blocks, `listing_holds` keeps each listing's holds in one document (see
 * ListingHoldsDocument): every read of holds goes there, every block write is followed by
 * `recordHold`, which is idempotent and never moves an entry back to an older version.
 */
export class AvailabilityBlockRepository {
  readonly collection: Collection<AvailabilityBlockDocument>;
  readonly listingHolds: Collection<ListingHoldsDocument>;

  constructor(db: Db) {
    this.collection = db.collection<AvailabilityBlockDocument>('availability_blocks');
    this.listingHolds = db.collection<ListingHoldsDocument>('listing_holds');
  }

  /** Holding blocks (Pending/Confirmed) of listings of one type, grouped by listing id. */
  async holds(query: HoldsQuery): Promise<Map<string, Hold[]>> {
    const filter: Filter<ListingHoldsDocument> = query.ids
      ? { _id: { $in: query.ids.map((id) => holdsKey(query.listingType, id)) } }
      : { listing_type: query.listingType };
    const byId = new Map<string, Hold[]>();
    for (const doc of await this.listingHolds.find(filter).toArray()) {
      const holds = Object.values(doc.holds ?? {})
        .map(newestEntry)
        .filter((entry): entry is HoldEntryDocument => entry !== null && entry.holding && (query.range === null || overlaps(entry, query.range)))
        .map(toHold);
      if (holds.length > 0) byId.set(doc.reference_id, holds);
    }
    return byId;
  }

  /** Seats held per flight: `totalHeld` of the shared capacity model (a seat is held for the whole flight). */
  async heldSeatsByFlight(): Promise<Map<string, number>> {
    const held = await this.holds({ listingType: 'Flight', range: null });
    return new Map([...held].map(([id, holds]) => [id, totalHeld(holds)]));
  }

  /**
   * Records what the block says in the listing's holds, as the entry of the block's version, and
   * drops the booking's older entries. One update by `_id`, idempotent and order-free (see
   * ListingHoldsDocument): the consumer calls it after every event, applied or not, so a crash
   * between the block write and this one is repaired by the redelivery.
   */
  async recordHold(block: Pick<AvailabilityBlockDocument, 'listing_type' | 'reference_id' | 'booking_id' | 'start_date' | 'end_date' | 'quantity' | 'room_type' | 'version' | 'booking_status'>): Promise<void> {
    const field = `holds.${block.booking_id}`;
    const older = Object.fromEntries(Array.from({ length: block.version - 1 }, (_, index) => [`${field}.v${index + 1}`, '' as const]));
    await this.listingHolds.updateOne(
      { _id: holdsKey(block.listing_type, block.reference_id) },
      {
        $set: { [`${field}.v${block.version}`]: entryOf(block), listing_type: block.listing_type, reference_id: block.reference_id },
        ...(block.version > 1 ? { $unset: older } : {}),
      },
      { upsert: true },
    );
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
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Replaces the block if it is still at `expectedVersion`; false when another writer moved it. */
  async replaceIfVersion(bookingId: string, expectedVersion: number, fields: BlockFields, now: Date): Promise<boolean> {
    const result = await this.collection.updateOne({ booking_id: bookingId, version: expectedVersion }, { $set: { ...fields, updated_at: now } });
    return result.matchedCount === 1;
  }

  /** Removes blocks no event has confirmed since `since` (a resync's start), and their holds; returns how many. */
  async deleteNotSyncedSince(since: Date): Promise<number> {
    const unbacked: Filter<AvailabilityBlockDocument> = { $or: [{ synced_at: { $lt: since } }, { synced_at: { $exists: false } }] };
    const doomed = await this.collection.find(unbacked, { projection: { _id: 0, listing_type: 1, reference_id: 1, booking_id: 1 } }).toArray();
    if (doomed.length === 0) return 0;
    await this.listingHolds.bulkWrite(
      doomed.map((block) => ({ updateOne: { filter: { _id: holdsKey(block.listing_type, block.reference_id) }, update: { $unset: { [`holds.${block.booking_id}`]: '' } } } })),
      { ordered: false },
    );
    return (await this.collection.deleteMany({ booking_id: { $in: doomed.map((block) => block.booking_id) } })).deletedCount;
  }
}

/**
 * Recomputes every listing's holds from availability_blocks (after blocks were bulk-loaded, e.g. by
 * the bench seed or a test fixture). Not for use while the consumer writes. Returns the listings written.
 */
export async function rebuildListingHolds(db: Db): Promise<number> {
  const blocks = new AvailabilityBlockRepository(db);
  const byListing = new Map<string, ListingHoldsDocument>();
  for await (const block of blocks.collection.find({}, { projection: { _id: 0 } })) {
    const key = holdsKey(block.listing_type, block.reference_id);
    const doc = byListing.get(key) ?? { _id: key, listing_type: block.listing_type, reference_id: block.reference_id, holds: {} };
    doc.holds[block.booking_id] = { [`v${block.version}`]: entryOf(block) };
    byListing.set(key, doc);
  }
  await blocks.listingHolds.deleteMany({});
  const docs = [...byListing.values()];
  for (let start = 0; start < docs.length; start += 1000) await blocks.listingHolds.insertMany(docs.slice(start, start + 1000));
  return docs.length;
}

/** The stored block of a booking event: the one place event fields meet column names (`version` is the payload's revision). */
export function blockFields(event: BookingDomainEvent, syncedAt: Date): BlockFields {
  const booking = event.payload;
  return {
    listing_type: booking.listingType,
    reference_id: booking.listingId,
    start_date: new Date(booking.startDate),
    end_date: new Date(booking.endDate),
    booking_id: booking.bookingId,
    booking_status: booking.status,
    user_id: booking.userId,
    quantity: booking.quantity,
    room_type: booking.roomType ?? null,
    version: booking.revision,
    last_event_id: event.id,
    event_occurred_at: new Date(event.occurredAt),
    synced_at: syncedAt,
  };
}
