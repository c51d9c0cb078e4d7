import type { ListingResolvers } from '../generated/graphql.js';

export const Listing: ListingResolvers = {
  __resolveType: (listing) => listing.__typename ?? null,
};
