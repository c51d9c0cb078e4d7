import { formatCents } from '@kayak/common/money';
import type { HotelCityWatchResolvers, NotificationResolvers, RouteWatchResolvers, WatchResolvers } from '../generated/graphql.js';
import type { WatchModel } from '../notification-models.js';

const decimal = (cents: number | null): string | null => (cents === null ? null : formatCents(BigInt(cents)));

export const Notification: NotificationResolvers = {
  read: (notification) => notification.readAt !== null,
  // A watch deleted since is null; it was the viewer's own (notifications are read by their owner only).
  watch: (notification, _args, { notificationLoaders }) => (notification.watchId ? notificationLoaders.watchById.load(notification.watchId) : null),
  oldPrice: (notification) => decimal(notification.oldPriceCents),
  newPrice: (notification) => decimal(notification.newPriceCents),
  amount: (notification) => decimal(notification.amountCents),
};

const matchCount = (watch: WatchModel, context: { notificationLoaders: { matchCountByWatch: { load(id: string): Promise<number> } } }): Promise<number> =>
  context.notificationLoaders.matchCountByWatch.load(watch.id);

export const Watch: WatchResolvers = {
  __resolveType: (watch) => (watch.kind === 'route' ? 'RouteWatch' : 'HotelCityWatch'),
};

export const RouteWatch: RouteWatchResolvers = {
  maxPrice: (watch) => formatCents(BigInt(watch.maxPriceCents)),
  matchCount: (watch, _args, context) => matchCount(watch, context),
};

export const HotelCityWatch: HotelCityWatchResolvers = {
  maxNightlyPrice: (watch) => formatCents(BigInt(watch.maxNightlyPriceCents)),
  matchCount: (watch, _args, context) => matchCount(watch, context),
};
