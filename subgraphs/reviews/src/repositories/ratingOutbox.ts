import type { Db } from 'mongodb';
import type { ListingKey } from '../models.js';
import { COLLECTIONS, type RatingOutboxDocument } from './documents.js';

export interface PendingRating extends ListingKey {
  version: number;
}

/**
 * Which listings' ratings changed and still have to be published. Every review write bumps the
 * listing's version *after* the write, so a summary computed after reading version v includes
 * every write up to v: consumers keep the highest version and can ignore older events.
 */
export function createRatingOutboxRepository(db: Db) {
  const outbox = db.collection<RatingOutboxDocument>(COLLECTIONS.ratingOutbox);
  return {
    async markChanged(listing: ListingKey, now: Date): Promise<number> {
      const doc = await outbox.findOneAndUpdate(
        { entity_type: listing.listingType, entity_id: listing.listingId },
        { $inc: { version: 1 }, $set: { dirty: true, updated_at: now }, $setOnInsert: { published_version: 0 } },
        { upsert: true, returnDocument: 'after' },
      );
      return doc?.version ?? 1;
    },

    async pending(limit: number): Promise<PendingRating[]> {
      const docs = await outbox.find({ dirty: true }).sort({ updated_at: 1 }).limit(limit).toArray();
      return docs.map((doc) => ({ listingType: doc.entity_type, listingId: doc.entity_id, version: doc.version }));
    },

    /** Clears the flag only if no newer change arrived meanwhile (then it is published next round). */
    async markPublished(published: PendingRating[]): Promise<void> {
      if (published.length === 0) return;
      await outbox.bulkWrite(
        published.map((entry) => ({
          updateOne: {
            filter: { entity_type: entry.listingType, entity_id: entry.listingId, version: entry.version },
            update: { $set: { dirty: false, published_version: entry.version } },
          },
        })),
        { ordered: false },
      );
    },
  };
}

export type RatingOutboxRepository = ReturnType<typeof createRatingOutboxRepository>;
