import type { UserResolvers } from '../generated/graphql.js';

export const User: UserResolvers = {
  // The users subgraph owns users; here a user is just its key.
  __resolveReference: (reference) => ({ userId: reference.userId }),
  reviews: (user, args, context) => context.reviewLists.forAuthor(user.userId, args),
};
