import type { ListingResolvers } from '../generated/graphql.js';
import { listingTypeOf } from './listingRefs.js';

export const Listing: ListingResolvers = {
  __resolveType: (listing) => listingTypeOf(listing),
};
