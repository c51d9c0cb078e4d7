import type { QueryResolvers } from '../generated/graphql.js';
import { encodeUserCursor } from '../services/cursor.js';

export const Query: QueryResolvers = {
  usersHealth: (_parent, _args, context) => context.health(),
  me: (_parent, _args, { viewer, loaders }) => {
    if (viewer.kind === 'user') return loaders.userById.load(viewer.userId);
    if (viewer.kind === 'admin') return loaders.adminById.load(viewer.adminId);
    return null;
  },
  user: (_parent, { userId }, context) => context.users.byId(userId),
  users: async (_parent, { filter, first, after }, context) => {
    const page = await context.users.list(filter, first, after);
    const last = page.nodes.at(-1);
    return {
      nodes: page.nodes,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? encodeUserCursor(last.userId) : null },
      totalCount: page.totalCount,
    };
  },
  admin: (_parent, { adminId }, context) => context.admins.byId(adminId),
};
