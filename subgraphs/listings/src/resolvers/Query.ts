import type { QueryResolvers } from '../generated/graphql.js';

export const Query: QueryResolvers = {
  listingsHealth: (_parent, _args, context) => context.health(),
};
