import type { QueryResolvers } from '../generated/graphql.js';

export const Query: QueryResolvers = {
  bookingsHealth: (_parent, _args, context) => context.health(),
};
