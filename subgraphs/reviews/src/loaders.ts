import DataLoader from 'dataloader';
import type { ImageModel, ListingKey, ListingRatingModel, Page, ReviewModel } from './models.js';
import type { ImageRepository } from './repositories/images.js';
import type { ListingRatingRepository } from './repositories/listingRatings.js';
import { listingKeyOf, ownerKey, type ReviewOwner, type ReviewPageRequest, type ReviewRepository } from './repositories/reviews.js';
import { summarize } from './services/ratings.js';

export interface ReviewPageKey {
  owner: ReviewOwner;
  request: ReviewPageRequest;
}

const requestSignature = (request: ReviewPageRequest): string =>
  JSON.stringify([request.order, request.first, request.after?.value ?? null, request.after?.id ?? null]);

const listingOf = (key: string): ListingKey => {
  const [listingType, ...rest] = key.split(':');
  return { listingType: listingType as ListingKey['listingType'], listingId: rest.join(':') };
};

const pageKey = (key: ReviewPageKey): string => `${key.owner.kind}|${requestSignature(key.request)}|${ownerKey(key.owner)}`;
const emptyPage: Page<ReviewModel> = { nodes: [], hasNextPage: false };

/** A listing's first page in the default order is its summary's newest ids, unless the summary keeps too few. */
function pageFromSummary(key: ReviewPageKey, summary: ListingRatingModel | null): string[] | null {
  if (key.owner.kind !== 'listing' || key.request.order !== 'NEWEST' || key.request.after !== null) return null;
  if (!summary) return [];
  const ids = summary.recentReviewIds;
  const total = summarize(summary.counts).count;
  return ids.length > key.request.first || ids.length >= total ? ids.slice(0, key.request.first + 1) : null;
}

/** Per-request DataLoaders: every field below batches across all parents of one request. */
export function createLoaders(
  reviews: ReviewRepository,
  listingRatings: ListingRatingRepository,
  images: ImageRepository,
  listingsExist: (references: ListingKey[]) => Promise<boolean[]>,
) {
  const ratingsByListing = new DataLoader<string, ListingRatingModel | null>(async (keys) => {
    const found = await listingRatings.find([...keys]);
    return keys.map((key) => found.get(key) ?? null);
  });

  const reviewPages = new DataLoader<ReviewPageKey, Page<ReviewModel>, string>(
    async (keys) => {
      const pages = new Map<string, Page<ReviewModel>>();
      // First pages of listings (what a list of listings shows): the summaries' newest ids, then
      // one `_id` lookup for all of them, whatever the number of listings.
      const summaries = await Promise.all(keys.map((key) => (key.owner.kind === 'listing' ? ratingsByListing.load(ownerKey(key.owner)) : null)));
      const fromSummaries = new Map<string, string[]>();
      const rest: ReviewPageKey[] = [];
      keys.forEach((key, index) => {
        const ids = pageFromSummary(key, summaries[index] ?? null);
        if (ids) fromSummaries.set(pageKey(key), ids);
        else rest.push(key);
      });
      const wanted = [...new Set([...fromSummaries.values()].flat())];
      const found = new Map((wanted.length > 0 ? await reviews.findByIds(wanted) : []).map((review) => [review.reviewId, review]));
      for (const key of keys) {
        const ids = fromSummaries.get(pageKey(key));
        if (!ids) continue;
        const nodes = ids.slice(0, key.request.first).flatMap((id) => found.get(id) ?? []);
        pages.set(pageKey(key), { nodes, hasNextPage: ids.length > key.request.first });
      }
      // Any other page (a cursor, another order, a user's reviews): parents asking with the same
      // arguments share one query (normally all of them).
      const groups = new Map<string, ReviewPageKey[]>();
      for (const key of rest) {
        const signature = `${key.owner.kind}|${requestSignature(key.request)}`;
        groups.set(signature, [...(groups.get(signature) ?? []), key]);
      }
      for (const group of groups.values()) {
        const first = group[0];
        if (!first) continue;
        const result = await reviews.pagesForOwners(group.map((key) => key.owner), first.request);
        for (const key of group) pages.set(pageKey(key), result.get(ownerKey(key.owner)) ?? emptyPage);
      }
      return keys.map((key) => pages.get(pageKey(key)) ?? emptyPage);
    },
    { cacheKeyFn: pageKey },
  );

  return {
    reviewById: new DataLoader<string, ReviewModel | null>(async (ids) => {
      const found = new Map((await reviews.findByIds([...ids])).map((review) => [review.reviewId, review]));
      return ids.map((id) => found.get(id) ?? null);
    }),
    /** Keyed by `listingKeyOf(type, id)`: rating counts and newest review ids, one `_id` lookup per batch. */
    ratingsByListing,
    reviewCountByAuthor: new DataLoader<string, number>(async (userIds) => {
      const counts = await reviews.countsByAuthor([...userIds]);
      return userIds.map((userId) => counts.get(userId) ?? 0);
    }),
    imagesByListing: new DataLoader<string, ImageModel[]>(async (keys) => {
      const found = await images.findByListings(keys.map(listingOf));
      return keys.map((key) => found.get(key) ?? []);
    }),
    /** Keyed by `listingKeyOf(type, id)`; one call to the listings subgraph per batch. */
    listingExists: new DataLoader<string, boolean>((keys) => listingsExist(keys.map(listingOf))),
    reviewPages,
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export { listingKeyOf };
