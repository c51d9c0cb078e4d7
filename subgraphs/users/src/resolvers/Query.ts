import type { QueryResolvers } from '../generated/graphql.js';

export const Query: QueryResolvers = {
  usersHealth: (_parent, _args, context) => context.health(),
};
