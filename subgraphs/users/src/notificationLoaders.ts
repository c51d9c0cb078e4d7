import DataLoader from 'dataloader';
import type { WatchModel } from './notification-models.js';
import type { NotificationsRepository } from './repositories/notifications.js';
import type { WatchesRepository } from './repositories/watches.js';

/** Per-request batching of the notification fields: one `$in` find / one `$group` per tick. */
export interface NotificationLoaders {
  watchById: DataLoader<string, WatchModel | null>;
  matchCountByWatch: DataLoader<string, number>;
}

export function createNotificationLoaders(watches: WatchesRepository, notifications: NotificationsRepository): NotificationLoaders {
  return {
    watchById: new DataLoader((ids: readonly string[]) => watches.findByIds(ids)),
    matchCountByWatch: new DataLoader(async (ids: readonly string[]) => {
      const counts = await notifications.countByWatch(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }),
  };
}
