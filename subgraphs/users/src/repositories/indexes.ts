import type { CollectionIndexes } from '@kayak/common';
import { notificationCollections } from './notificationIndexes.js';

/**
 * Collections owned by the users subgraph and their indexes (design doc §1–2). The refresh-token
 * hashes are looked up on every refresh and logout, so they are indexed too (not unique: most
 * documents have none).
 */
export const collections: CollectionIndexes[] = [
  {
    collection: 'users',
    indexes: [
      { key: { user_id: 1 }, unique: true },
      { key: { email: 1 }, unique: true },
      { key: { created_at: 1 } },
      { key: { refresh_token: 1 } },
      { key: { previous_refresh_token: 1 } },
    ],
  },
  {
    collection: 'admins',
    indexes: [
      { key: { admin_id: 1 }, unique: true },
      { key: { email: 1 }, unique: true },
      { key: { role: 1 } },
      { key: { created_at: 1 } },
      { key: { refresh_token: 1 } },
      { key: { previous_refresh_token: 1 } },
    ],
  },
  ...notificationCollections,
];
