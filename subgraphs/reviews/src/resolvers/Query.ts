import type { QueryResolvers } from '../generated/graphql.js';

export const Query: QueryResolvers = {
  reviewsHealth: (_parent, _args, context) => context.health(),
};
