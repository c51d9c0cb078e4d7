import { conflict, cutPage, isDuplicateKeyError, LISTING_TYPES, type ListingType, type OutboxWriter } from '@kayak/common';
import { ObjectId, type Collection, type Db, type Filter, type Sort } from 'mongodb';
import type { Cursor, ListingKey, NewReview, Page, RatingCounts, ReviewModel } from '../models.js';
import { COLLECTIONS, type ReviewDocument } from './documents.js';
import { reviewEvent, REVIEWS_SOURCE } from './reviewEvents.js';

export type ReviewOrder = 'NEWEST' | 'OLDEST' | 'HIGHEST_RATING' | 'LOWEST_RATING';

/** Whose reviews a list shows: one listing's, or one author's. */
export type ReviewOwner = { kind: 'listing'; listingType: ListingType; listingId: string } | { kind: 'user'; userId: string };

export const listingKeyOf = (listingType: string, listingId: string): string => `${listingType}:${listingId}`;
export const ownerKey = (owner: ReviewOwner): string => (owner.kind === 'listing' ? listingKeyOf(owner.listingType, owner.listingId) : owner.userId);

export interface ReviewPageRequest {
  order: ReviewOrder;
  first: number;
  after: Cursor | null;
}

/** Sort field and directions per ordering; `_id` breaks ties so cursors are exact. */
const ORDERS: Record<ReviewOrder, { field: 'created_at' | 'rating'; direction: 1 | -1; idDirection: 1 | -1 }> = {
  NEWEST: { field: 'created_at', direction: -1, idDirection: -1 },
  OLDEST: { field: 'created_at', direction: 1, idDirection: 1 },
  HIGHEST_RATING: { field: 'rating', direction: -1, idDirection: -1 },
  // Lowest ratings first, and within one rating the newest first.
  LOWEST_RATING: { field: 'rating', direction: 1, idDirection: -1 },
};

export function toReviewModel(doc: ReviewDocument): ReviewModel {
  return {
    reviewId: doc._id.toHexString(),
    userId: doc.user_id,
    listingType: doc.entity_type,
    listingId: doc.entity_id,
    rating: doc.rating,
    title: doc.title,
    comment: doc.comment,
    createdAt: doc.created_at,
    updatedAt: doc.updated_at ?? doc.created_at,
  };
}

/** The cursor pointing at `review` in `order`. */
export function cursorOf(review: ReviewModel, order: ReviewOrder): Cursor {
  const value = ORDERS[order].field === 'rating' ? review.rating : review.createdAt.toISOString();
  return { order, value, id: review.reviewId };
}

function afterFilter(order: ReviewOrder, cursor: Cursor): Filter<ReviewDocument> {
  const { field, direction, idDirection } = ORDERS[order];
  const value = field === 'rating' ? Number(cursor.value) : new Date(String(cursor.value));
  const id = new ObjectId(cursor.id);
  return {
    $or: [
      { [field]: direction < 0 ? { $lt: value } : { $gt: value } },
      { [field]: value, _id: idDirection < 0 ? { $lt: id } : { $gt: id } },
    ],
  };
}

/** One filter matching every owner of a batch (owners of one kind). */
function ownersFilter(owners: ReviewOwner[]): Filter<ReviewDocument> {
  const userIds = owners.flatMap((owner) => (owner.kind === 'user' ? [owner.userId] : []));
  if (userIds.length > 0) return { user_id: { $in: userIds } };
  return listingsFilter(owners.flatMap((owner) => (owner.kind === 'listing' ? [owner] : [])));
}

/** Listings grouped by type: at most three `$in` clauses whatever the batch size. */
function listingsFilter(listings: ListingKey[]): Filter<ReviewDocument> {
  const clauses = LISTING_TYPES.flatMap((type) => {
    const ids = [...new Set(listings.filter((listing) => listing.listingType === type).map((listing) => listing.listingId))];
    return ids.length > 0 ? [{ entity_type: type, entity_id: { $in: ids } }] : [];
  });
  return clauses.length === 1 && clauses[0] ? clauses[0] : { $or: clauses };
}

const docOwnerKey = (doc: ReviewDocument, kind: ReviewOwner['kind']): string => (kind === 'user' ? doc.user_id : listingKeyOf(doc.entity_type, doc.entity_id));

/** Every review write goes through `outbox` with its `review.*` event (docs/events.md). */
export function createReviewRepository(db: Db, outbox: OutboxWriter) {
  const reviews: Collection<ReviewDocument> = db.collection<ReviewDocument>(COLLECTIONS.reviews);

  const sortOf = (order: ReviewOrder): Sort => {
    const { field, direction, idDirection } = ORDERS[order];
    return { [field]: direction, _id: idDirection };
  };

  const pageFilter = (base: Filter<ReviewDocument>, request: ReviewPageRequest): Filter<ReviewDocument> =>
    request.after ? { $and: [base, afterFilter(request.order, request.after)] } : base;

  return {
    async findByIds(ids: string[]): Promise<ReviewModel[]> {
      const objectIds = ids.filter((id) => ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id)).map((id) => new ObjectId(id));
      if (objectIds.length === 0) return [];
      return (await reviews.find({ _id: { $in: objectIds } }).toArray()).map(toReviewModel);
    },

    async findByAuthorAndListing(userId: string, listing: ListingKey): Promise<ReviewModel | null> {
      const doc = await reviews.findOne({ user_id: userId, entity_type: listing.listingType, entity_id: listing.listingId });
      return doc ? toReviewModel(doc) : null;
    },

    /** Throws CONFLICT when the author already reviewed the listing (unique index). */
    async insert(review: NewReview): Promise<ReviewModel> {
      const doc: ReviewDocument = {
        _id: new ObjectId(),
        user_id: review.userId,
        entity_type: review.listingType,
        entity_id: review.listingId,
        rating: review.rating,
        title: review.title,
        comment: review.comment,
        created_at: review.createdAt,
        updated_at: review.createdAt,
      };
      try {
        await outbox.insert(reviews, REVIEWS_SOURCE, doc, [reviewEvent('review.created', doc, 1, review.createdAt)]);
      } catch (error) {
        if (isDuplicateKeyError(error)) throw conflict('You have already reviewed this listing', [{ path: 'input.listingId', message: 'already reviewed by you' }]);
        throw error;
      }
      return toReviewModel(doc);
    },

    async update(reviewId: string, changes: Partial<Pick<ReviewDocument, 'rating' | 'title' | 'comment'>>, now: Date): Promise<ReviewModel | null> {
      const set = { ...changes, updated_at: now };
      const doc = await outbox.update(reviews, REVIEWS_SOURCE, { _id: new ObjectId(reviewId) }, (current, revision) => ({
        update: { $set: set },
        events: [reviewEvent('review.updated', { ...current, ...set }, revision, now)],
      }));
      return doc ? toReviewModel(doc) : null;
    },

    async delete(reviewId: string, now: Date = new Date()): Promise<boolean> {
      const deleted = await outbox.delete(reviews, REVIEWS_SOURCE, { _id: new ObjectId(reviewId) }, (current, revision) => [reviewEvent('review.deleted', current, revision, now)]);
      return deleted !== null;
    },

    /**
     * One page per owner in at most two `find`s, whatever the number of owners: first the rows of
     * all owners in the requested order, at most `(first + 1) × owners`. If that cap was hit, an
     * owner with fewer than `first + 1` rows may have been cut short: those owners are read again
     * together, without the cap.
     */
    async pagesForOwners(owners: ReviewOwner[], request: ReviewPageRequest): Promise<Map<string, Page<ReviewModel>>> {
      const result = new Map<string, Page<ReviewModel>>();
      if (owners.length === 0) return result;
      const kind = owners[0]?.kind ?? 'listing';
      const perOwner = request.first + 1;
      const read = async (batch: ReviewOwner[], limit: number | null): Promise<Map<string, ReviewDocument[]>> => {
        const cursor = reviews.find(pageFilter(ownersFilter(batch), request)).sort(sortOf(request.order));
        const rows = await (limit === null ? cursor : cursor.limit(limit)).toArray();
        const grouped = new Map<string, ReviewDocument[]>();
        for (const row of rows) {
          const group = grouped.get(docOwnerKey(row, kind)) ?? [];
          if (group.length < perOwner) group.push(row);
          grouped.set(docOwnerKey(row, kind), group);
        }
        if (limit !== null && rows.length === limit) {
          const short = batch.filter((owner) => (grouped.get(ownerKey(owner))?.length ?? 0) < perOwner);
          if (short.length > 0) for (const [key, group] of await read(short, null)) grouped.set(key, group);
        }
        return grouped;
      };
      const grouped = await read(owners, perOwner * owners.length);
      for (const owner of owners) {
        const models = (grouped.get(ownerKey(owner)) ?? []).map(toReviewModel);
        result.set(ownerKey(owner), cutPage(models, request.first));
      }
      return result;
    },

    /** Number of reviews per author, in one aggregation. */
    async countsByAuthor(userIds: string[]): Promise<Map<string, number>> {
      if (userIds.length === 0) return new Map();
      const rows = await reviews
        .aggregate<{ _id: string; count: number }>([{ $match: { user_id: { $in: userIds } } }, { $group: { _id: '$user_id', count: { $sum: 1 } } }])
        .toArray();
      return new Map(rows.map((row) => [row._id, row.count]));
    },

    /** Rating histogram per listing type, optionally for reviews created in [from, to). */
    async ratingCountsByListingType(window: { from: Date; to: Date } | null): Promise<Map<ListingType, RatingCounts>> {
      const match: Filter<ReviewDocument> = window ? { created_at: { $gte: window.from, $lt: window.to } } : {};
      const rows = await reviews
        .aggregate<{ _id: { type: ListingType; rating: number }; count: number }>([
          { $match: match },
          { $group: { _id: { type: '$entity_type', rating: '$rating' }, count: { $sum: 1 } } },
        ])
        .toArray();
      const result = new Map<ListingType, RatingCounts>();
      for (const row of rows) {
        const entry = result.get(row._id.type) ?? { counts: [0, 0, 0, 0, 0] };
        const index = row._id.rating - 1;
        if (index >= 0 && index < 5) entry.counts[index] = (entry.counts[index] ?? 0) + row.count;
        result.set(row._id.type, entry);
      }
      return result;
    },
  };
}

export type ReviewRepository = ReturnType<typeof createReviewRepository>;
