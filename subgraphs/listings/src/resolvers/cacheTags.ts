import { listingKey } from '@kayak/common';
import { listingIdOf, listingTypeOf, type ListingModel } from '../models.js';

/**
 * Adds the listings of an answer to the request's cache tags (the gateway's response cache keys
 * its invalidation on them) and passes the value through.
 */
export function tagListings<T extends ListingModel | null | undefined>(cacheTags: Set<string>, listings: readonly T[]): void {
  for (const listing of listings) if (listing) cacheTags.add(listingKey(listingTypeOf(listing), listingIdOf(listing)));
}

export async function tagged<T extends ListingModel | null | undefined>(cacheTags: Set<string>, result: Promise<T>): Promise<T> {
  const listing = await result;
  tagListings(cacheTags, [listing]);
  return listing;
}
