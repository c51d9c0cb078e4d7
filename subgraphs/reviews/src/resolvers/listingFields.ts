import type { ListingType } from '@kayak/common';
import type { ReviewsContext } from '../context.js';
import type { ReviewSort } from '../generated/graphql.js';
import { listingKeyOf } from '../loaders.js';
import type { ListingKey } from '../models.js';

interface ReviewArgs {
  first?: number | null;
  after?: string | null;
  sort?: ReviewSort | null;
}

/**
 * The fields this subgraph adds to Flight, Hotel and Car. Each goes through a per-request
 * loader, so a page of listings costs one query per field, not one per listing.
 */
export function listingFields<P>(listingType: ListingType, idOf: (parent: P) => string) {
  // Each field names its listing in the cache tags: a review or image change drops cached answers showing it.
  const tagged = (parent: P, context: ReviewsContext): ListingKey => {
    const listing = { listingType, listingId: idOf(parent) };
    context.cacheTags.add(listingKeyOf(listing.listingType, listing.listingId));
    return listing;
  };
  return {
    reviews: (parent: P, args: ReviewArgs, context: ReviewsContext) => context.reviewLists.forListing(tagged(parent, context), args),
    ratingSummary: (parent: P, _args: unknown, context: ReviewsContext) => context.reviewLists.ratingSummary(tagged(parent, context)),
    images: (parent: P, _args: unknown, context: ReviewsContext) => {
      const listing = tagged(parent, context);
      return context.loaders.imagesByListing.load(listingKeyOf(listing.listingType, listing.listingId));
    },
  };
}
