import { notFound } from '@kayak/common';
import type { ListingResolvers } from '../generated/graphql.js';
import { listingTypeOf, type ListingType } from '../models.js';

/**
 * A reference to a listing that is not stored (never created, or erased before deletes became
 * retirements): NOT_FOUND on that entity, so the gateway reports it at the referencing field's path.
 */
export function unresolvable(type: ListingType, id: string): never {
  throw notFound(`${type} ${id}`);
}

export const Listing: ListingResolvers = {
  __resolveType: (listing) => listingTypeOf(listing),
};
