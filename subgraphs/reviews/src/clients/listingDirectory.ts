import { createEntityClient, type EntityClient, type ListingType, type Viewer } from '@kayak/common';
import type { ListingKey } from '../models.js';

/**
 * Which listings exist: the listings subgraph owns the answer, so images and clicks never point at a
 * listing it does not know. Tests inject a stub through createServer.
 */
export interface ListingDirectory {
  /** Per reference, in order: whether the listing exists. */
  exist(references: readonly ListingKey[], viewer: Viewer, requestId: string): Promise<boolean[]>;
}

/** One listing reference checked within a request (batched and cached per request by a DataLoader). */
export type ListingExists = (reference: ListingKey) => Promise<boolean>;

const KEY_FIELD: Record<ListingType, string> = { Flight: 'flightId', Hotel: 'hotelId', Car: 'carId' };

/**
 * One `_entities` request for the whole batch; listings resolves a reference it does not know to
 * null. A representation of the wrong type (a hotel id as a Car) is unknown too.
 */
export function createListingDirectory(client: EntityClient): ListingDirectory {
  return {
    async exist(references, viewer, requestId) {
      const representations = references.map((ref) => ({ __typename: ref.listingType, [KEY_FIELD[ref.listingType]]: ref.listingId }));
      const answers = await client.fetch<{ __typename: string }>(representations, '__typename', viewer, requestId);
      return references.map((ref, index) => answers[index]?.__typename === ref.listingType);
    },
  };
}

export const listingDirectoryFor = (listingsUrl: string, gatewaySecret: string): ListingDirectory =>
  createListingDirectory(createEntityClient(listingsUrl, gatewaySecret));
