import type { UserTraceResolvers } from '../generated/graphql.js';

export const UserTrace: UserTraceResolvers = {
  user: (trace) => (trace.userId ? { userId: trace.userId } : null),
};
