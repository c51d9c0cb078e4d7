import type { CollectionIndexes } from '@kayak/common';

/** Collections owned by the reviews subgraph and their indexes (design doc §7–11). */
export const collections: CollectionIndexes[] = [
  {
    collection: 'reviews',
    indexes: [{ key: { entity_type: 1, entity_id: 1 } }, { key: { user_id: 1 } }, { key: { created_at: -1 } }],
  },
  {
    collection: 'user_traces',
    indexes: [{ key: { user_id: 1 } }, { key: { cohort_key: 1 } }, { key: { created_at: 1 } }],
  },
  {
    collection: 'page_click_logs',
    indexes: [{ key: { timestamp: 1 } }, { key: { user_id: 1 } }, { key: { page: 1 } }],
  },
  {
    collection: 'listing_click_logs',
    indexes: [{ key: { timestamp: 1 } }, { key: { user_id: 1 } }, { key: { listing_type: 1, listing_id: 1 } }],
  },
  {
    collection: 'images',
    indexes: [{ key: { entity_type: 1, entity_id: 1 } }],
  },
];
