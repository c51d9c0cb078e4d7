import type { ListingType } from '@kayak/common';
import type { ReviewsContext } from '../context.js';
import type { ReviewSort } from '../generated/graphql.js';
import { listingKeyOf } from '../loaders.js';

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
  return {
    reviews: (parent: P, args: ReviewArgs, context: ReviewsContext) => context.reviewLists.forListing({ listingType, listingId: idOf(parent) }, args),
    ratingSummary: (parent: P, _args: unknown, context: ReviewsContext) => context.reviewLists.ratingSummary({ listingType, listingId: idOf(parent) }),
    images: (parent: P, _args: unknown, context: ReviewsContext) => context.loaders.imagesByListing.load(listingKeyOf(listingType, idOf(parent))),
  };
}
