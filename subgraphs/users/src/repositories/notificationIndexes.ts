import type { CollectionIndexes } from '@kayak/common';

/**
 * Collections of notifications, watches and their mails (docs/notifications.md). Idempotence rests
 * on deterministic `_id`s (a replayed event inserts the same ids: duplicate key, no-op), so none
 * needs a unique index of its own; these serve the reads.
 */
export const notificationCollections: CollectionIndexes[] = [
  { collection: 'notifications', indexes: [{ key: { user_id: 1, created_at: -1 } }, { key: { user_id: 1, read_at: 1 } }, { key: { watch_id: 1 } }] },
  { collection: 'watches', indexes: [{ key: { user_id: 1, created_at: -1 } }, { key: { kind: 1, from: 1, to: 1 } }, { key: { kind: 1, city_key: 1 } }] },
  { collection: 'notification_mails', indexes: [{ key: { state: 1, next_attempt_at: 1 } }] },
  { collection: 'notification_preferences', indexes: [] },
];
