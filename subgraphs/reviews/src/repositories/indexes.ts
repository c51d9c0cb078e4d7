import type { CollectionIndexes } from '@kayak/common';
import { analyticsCollections } from './analytics.js';
import { COLLECTIONS } from './documents.js';

/**
 * Collections owned by the reviews subgraph and their indexes (design doc §7–11), applied by
 * `npm run db:init` and at server start. Retention (TTL or purge) is handled by retention.ts,
 * because TTL options are not portable to FerretDB.
 */
export const collections: CollectionIndexes[] = [
  {
    collection: COLLECTIONS.reviews,
    indexes: [
      { key: { entity_type: 1, entity_id: 1 } },
      { key: { user_id: 1 } },
      { key: { created_at: -1 } },
      // One review per user and listing, also under concurrent createReview calls.
      { key: { user_id: 1, entity_type: 1, entity_id: 1 }, unique: true },
    ],
  },
  {
    collection: COLLECTIONS.traces,
    indexes: [{ key: { user_id: 1 } }, { key: { cohort_key: 1 } }, { key: { created_at: 1 } }],
  },
  {
    collection: COLLECTIONS.pageClicks,
    indexes: [{ key: { timestamp: 1 } }, { key: { user_id: 1 } }, { key: { page: 1 } }],
  },
  {
    collection: COLLECTIONS.listingClicks,
    indexes: [{ key: { timestamp: 1 } }, { key: { user_id: 1 } }, { key: { listing_type: 1, listing_id: 1 } }],
  },
  {
    collection: COLLECTIONS.images,
    indexes: [{ key: { entity_type: 1, entity_id: 1 } }],
  },
  {
    // Keyed by `_id` ("Hotel:HTL001"); the relay looks for dirty entries.
    collection: COLLECTIONS.listingRatings,
    indexes: [{ key: { dirty: 1 } }],
  },
  // The analytics consumer's read models (analytics_bookings, analytics_listings).
  ...analyticsCollections,
];
