import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import { ObjectId } from 'mongodb';
import type { ListingKey, ListingRatingModel, ReviewModel } from '../models.js';
import { COLLECTIONS, type ListingRatingDocument, type RatingCountsDocument, type RecentReviewDocument, type ReviewDocument } from './documents.js';
import { listingKeyOf } from './reviews.js';

/**
 * How many of a listing's newest reviews its summary keeps: one more than the default page, so a
 * default first page (and whether a next one exists) is always served from the summary.
 */
export const RECENT_REVIEWS = 21;

const RATING_FIELDS = ['r1', 'r2', 'r3', 'r4', 'r5'] as const satisfies ReadonlyArray<keyof RatingCountsDocument>;
const countField = (rating: number): string => `counts.r${rating}`;

function toModel(doc: ListingRatingDocument): ListingRatingModel {
  return {
    listingType: doc.entity_type,
    listingId: doc.entity_id,
    counts: { counts: [doc.counts.r1 ?? 0, doc.counts.r2 ?? 0, doc.counts.r3 ?? 0, doc.counts.r4 ?? 0, doc.counts.r5 ?? 0] },
    recentReviewIds: (doc.recent ?? []).map((entry) => entry._id.toHexString()),
    version: doc.version,
  };
}

/** The update every rating change shares: bump the version and mark it for publication. */
const changed = (listing: ListingKey, now: Date) => ({
  $inc: { version: 1 } as Record<string, number>,
  $set: { entity_type: listing.listingType, entity_id: listing.listingId, dirty: true, updated_at: now },
  $setOnInsert: { published_version: 0 },
});

/** Keeps `recent` in NEWEST order and at most RECENT_REVIEWS long, atomically with the insert. */
const pushRecent = (entry: RecentReviewDocument) => ({ recent: { $each: [entry], $sort: { created_at: -1 as const, _id: -1 as const }, $slice: RECENT_REVIEWS } });

/**
 * Per-listing rating summaries (histogram, newest review ids, publication version). Every review
 * write updates its listing's summary with one atomic update *after* the review write, so a
 * summary read after version v includes every write up to v (docs/ratings.md).
 */
export function createListingRatingRepository(db: Db) {
  const ratings: Collection<ListingRatingDocument> = db.collection<ListingRatingDocument>(COLLECTIONS.listingRatings);
  const keyOf = (listing: ListingKey): string => listingKeyOf(listing.listingType, listing.listingId);

  return {
    /** Summaries by listing key, in one `_id` lookup; listings without reviews are absent. */
    async find(keys: string[]): Promise<Map<string, ListingRatingModel>> {
      if (keys.length === 0) return new Map();
      const docs = await ratings.find({ _id: { $in: [...new Set(keys)] } }).toArray();
      return new Map(docs.map((doc) => [doc._id, toModel(doc)]));
    },

    async reviewAdded(review: ReviewModel, now: Date): Promise<void> {
      const update = changed(review, now);
      update.$inc[countField(review.rating)] = 1;
      await ratings.updateOne({ _id: keyOf(review) }, { ...update, $push: pushRecent({ _id: new ObjectId(review.reviewId), created_at: review.createdAt }) }, { upsert: true });
    },

    async reviewRerated(listing: ListingKey, from: number, to: number, now: Date): Promise<void> {
      const update = changed(listing, now);
      update.$inc[countField(from)] = -1;
      update.$inc[countField(to)] = 1;
      await ratings.updateOne({ _id: keyOf(listing) }, update, { upsert: true });
    },

    async reviewRemoved(review: ReviewModel, now: Date): Promise<void> {
      const update = changed(review, now);
      update.$inc[countField(review.rating)] = -1;
      await ratings.updateOne({ _id: keyOf(review) }, { ...update, $pull: { recent: { _id: new ObjectId(review.reviewId) } } }, { upsert: true });
    },

    /** Summaries whose latest version is not published yet, oldest change first. */
    async pending(limit: number): Promise<ListingRatingModel[]> {
      return (await ratings.find({ dirty: true }).sort({ updated_at: 1 }).limit(limit).toArray()).map(toModel);
    },

    /** Clears the flag only if no newer change arrived meanwhile (then it is published next round). */
    async markPublished(published: ListingRatingModel[]): Promise<void> {
      if (published.length === 0) return;
      await ratings.bulkWrite(
        published.map((entry) => ({
          updateOne: { filter: { _id: keyOf(entry), version: entry.version }, update: { $set: { dirty: false, published_version: entry.version } } },
        })),
        { ordered: false },
      );
    },
  };
}

export type ListingRatingRepository = ReturnType<typeof createListingRatingRepository>;

/**
 * Recomputes every listing's summary from the reviews (bulk loads, the demo seed, repairing a
 * summary after a crash between a review write and its summary update) and, unless told not to,
 * marks each one for publication. Not for use while reviews are being written: a concurrent write
 * may be counted twice. Returns the number of summaries written.
 */
export async function rebuildListingRatings(db: Db, now: Date = new Date(), options: { publish?: boolean } = {}): Promise<number> {
  const publish = options.publish ?? true;
  const reviews = db.collection<ReviewDocument>(COLLECTIONS.reviews);
  const ratings = db.collection<ListingRatingDocument>(COLLECTIONS.listingRatings);
  const summaries = new Map<string, { listing: ListingKey; counts: RatingCountsDocument; recent: RecentReviewDocument[] }>();
  const rows = reviews.find({}, { projection: { entity_type: 1, entity_id: 1, rating: 1, created_at: 1 } }).sort({ created_at: -1, _id: -1 });
  for await (const row of rows) {
    const key = listingKeyOf(row.entity_type, row.entity_id);
    let summary = summaries.get(key);
    if (!summary) {
      summary = { listing: { listingType: row.entity_type, listingId: row.entity_id }, counts: { r1: 0, r2: 0, r3: 0, r4: 0, r5: 0 }, recent: [] };
      summaries.set(key, summary);
    }
    const field = RATING_FIELDS[row.rating - 1];
    if (field) summary.counts[field] += 1;
    if (summary.recent.length < RECENT_REVIEWS) summary.recent.push({ _id: row._id, created_at: row.created_at });
  }
  const stale = await ratings.find({ _id: { $nin: [...summaries.keys()] } }, { projection: { _id: 1, entity_type: 1, entity_id: 1 } }).toArray();
  for (const doc of stale) {
    summaries.set(doc._id, { listing: { listingType: doc.entity_type, listingId: doc.entity_id }, counts: { r1: 0, r2: 0, r3: 0, r4: 0, r5: 0 }, recent: [] });
  }
  const writes: AnyBulkWriteOperation<ListingRatingDocument>[] = [...summaries].map(([key, summary]) => ({
    updateOne: {
      filter: { _id: key },
      update: {
        $set: { entity_type: summary.listing.listingType, entity_id: summary.listing.listingId, counts: summary.counts, recent: summary.recent, dirty: publish, updated_at: now },
        $inc: { version: 1 },
        $setOnInsert: { published_version: 0 },
      },
      upsert: true,
    },
  }));
  for (let start = 0; start < writes.length; start += 1000) await ratings.bulkWrite(writes.slice(start, start + 1000), { ordered: false });
  return writes.length;
}
