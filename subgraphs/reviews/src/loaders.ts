import DataLoader from 'dataloader';
import type { ImageModel, ListingKey, ReviewModel } from './models.js';
import type { ImageRepository } from './repositories/images.js';
import { listingKeyOf, ownerKey, type RatingCounts, type ReviewOwner, type ReviewPageRequest, type ReviewRepository } from './repositories/reviews.js';
import type { Page } from './services/pagination.js';
import { EMPTY_COUNTS } from './services/ratings.js';

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

/** Per-request DataLoaders: every field below batches across all parents of one request. */
export function createLoaders(reviews: ReviewRepository, images: ImageRepository, listingsExist: (references: ListingKey[]) => Promise<boolean[]>) {
  const reviewPages = new DataLoader<ReviewPageKey, Page<ReviewModel>, string>(
    async (keys) => {
      // Parents asking with the same arguments share one query (normally all of them).
      const groups = new Map<string, ReviewPageKey[]>();
      for (const key of keys) {
        const signature = `${key.owner.kind}|${requestSignature(key.request)}`;
        groups.set(signature, [...(groups.get(signature) ?? []), key]);
      }
      const pages = new Map<string, Page<ReviewModel>>();
      for (const [signature, group] of groups) {
        const first = group[0];
        if (!first) continue;
        const result = await reviews.pagesForOwners(group.map((key) => key.owner), first.request);
        for (const key of group) pages.set(`${signature}|${ownerKey(key.owner)}`, result.get(ownerKey(key.owner)) ?? { nodes: [], hasNextPage: false });
      }
      return keys.map((key) => pages.get(`${key.owner.kind}|${requestSignature(key.request)}|${ownerKey(key.owner)}`) ?? { nodes: [], hasNextPage: false });
    },
    { cacheKeyFn: (key) => `${key.owner.kind}|${requestSignature(key.request)}|${ownerKey(key.owner)}` },
  );

  return {
    reviewById: new DataLoader<string, ReviewModel | null>(async (ids) => {
      const found = new Map((await reviews.findByIds([...ids])).map((review) => [review.reviewId, review]));
      return ids.map((id) => found.get(id) ?? null);
    }),
    /** Keyed by `listingKeyOf(type, id)`; one aggregation per batch. */
    ratingCounts: new DataLoader<string, RatingCounts>(async (keys) => {
      const counts = await reviews.ratingCounts(keys.map(listingOf));
      return keys.map((key) => counts.get(key) ?? EMPTY_COUNTS);
    }),
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
