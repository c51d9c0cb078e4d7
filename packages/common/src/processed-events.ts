import type { Collection, Db } from 'mongodb';
import { ensureCollections, isDuplicateKeyError, type CollectionIndexes } from './mongo.js';

/**
 * Which events a consumer has already handled, for effects that are not idempotent by
 * themselves (a mail, a notification, a counter): delivery is at least once, and the envelope's
 * `id` (packages/common/src/domain-events.ts) names an event across redeliveries and replays.
 *
 * One document per consumer and event, `_id` = `<consumer>:<eventId>`, so "first time?" is one
 * insert that the `_id` index refuses the second time: no read, no race between replicas. Kept
 * 14 days (TTL index on `processedAt`): longer than any redelivery, and a replay from further
 * back is a deliberate rebuild whose read model starts empty.
 */
export const PROCESSED_EVENTS_COLLECTION = 'processed_events';
export const PROCESSED_EVENTS_TTL_SECONDS = 14 * 24 * 60 * 60;

export interface ProcessedEventDocument {
  _id: string;
  consumer: string;
  eventId: string;
  processedAt: Date;
}

/** The collection and its TTL index (for db:init and ProcessedEvents.open). */
export const processedEventsCollections: CollectionIndexes[] = [
  {
    collection: PROCESSED_EVENTS_COLLECTION,
    indexes: [{ key: { processedAt: 1 }, name: 'processed_events_ttl', expireAfterSeconds: PROCESSED_EVENTS_TTL_SECONDS }],
  },
];

export class ProcessedEvents {
  private constructor(
    private readonly collection: Collection<ProcessedEventDocument>,
    /** Names the consumer (e.g. `notifications`): each consumer dedupes on its own. */
    readonly consumer: string,
  ) {}

  /** The dedupe log of one consumer; creates the collection and its TTL index if missing. */
  static async open(db: Db, consumer: string): Promise<ProcessedEvents> {
    await ensureCollections(db, processedEventsCollections);
    return new ProcessedEvents(db.collection<ProcessedEventDocument>(PROCESSED_EVENTS_COLLECTION), consumer);
  }

  private idOf(eventId: string): string {
    return `${this.consumer}:${eventId}`;
  }

  /**
   * Records the event as handled; true the first time, false for every later delivery of it
   * (by this consumer). Call it right before the effect, and `forget` when the effect fails, so
   * the redelivery tries again.
   */
  async firstTime(eventId: string, processedAt: Date = new Date()): Promise<boolean> {
    try {
      await this.collection.insertOne({ _id: this.idOf(eventId), consumer: this.consumer, eventId, processedAt });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Undoes firstTime after the effect failed: the next delivery counts as the first again. */
  async forget(eventId: string): Promise<void> {
    await this.collection.deleteOne({ _id: this.idOf(eventId) });
  }
}
