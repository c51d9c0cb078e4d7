import type { MutationResolvers, NotificationPreferences, QueryResolvers } from '../generated/graphql.js';
import { NOTIFICATION_KINDS, type EmailPreferences } from '../notification-models.js';

/** The notification operations of Query and Mutation (merged into them in resolvers/index.ts). */

const preferencesOf = (preferences: EmailPreferences): NotificationPreferences => ({
  kinds: NOTIFICATION_KINDS.map((kind) => ({ kind, email: preferences[kind] })),
});

export const NotificationQuery: QueryResolvers = {
  myNotifications: async (_parent, { first, after }, context) => {
    const page = await context.notifications.page(first, after);
    return { nodes: page.nodes, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
  },
  unreadNotificationCount: (_parent, _args, context) => context.notifications.unreadCount(),
  myWatches: (_parent, _args, context) => context.notifications.watches(),
  notificationPreferences: async (_parent, _args, context) => preferencesOf(await context.notifications.preferences()),
};

export const NotificationMutation: MutationResolvers = {
  markNotificationRead: (_parent, { id }, context) => context.notifications.markRead(id),
  markAllNotificationsRead: (_parent, _args, context) => context.notifications.markAllRead(),
  watchRoute: (_parent, { input }, context) => context.notifications.watchRoute(input),
  watchHotelCity: (_parent, { input }, context) => context.notifications.watchHotelCity(input),
  deleteWatch: (_parent, { id }, context) => context.notifications.deleteWatch(id),
  updateNotificationPreferences: async (_parent, { input }, context) => preferencesOf(await context.notifications.updatePreferences(input)),
  unsubscribe: async (_parent, { token }, context) => {
    const result = await context.notifications.unsubscribe(token);
    return { kind: result.kind, preferences: preferencesOf(result.preferences) };
  },
};
