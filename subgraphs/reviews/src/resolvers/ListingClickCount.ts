import type { ListingClickCountResolvers } from '../generated/graphql.js';
import { listingRef } from './listingRefs.js';

export const ListingClickCount: ListingClickCountResolvers = {
  listing: (row) => listingRef(row.listingType, row.listingId),
};
