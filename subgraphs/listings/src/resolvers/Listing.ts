import type { ListingResolvers } from '../generated/graphql.js';
import { listingTypeOf } from '../models.js';

export const Listing: ListingResolvers = {
  __resolveType: (listing) => listingTypeOf(listing),
};
