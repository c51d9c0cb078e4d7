import type { RequestContext, SubgraphHealth } from '@kayak/common';

/** Per-request context of the users subgraph: the verified viewer plus what resolvers call. */
export interface UsersContext extends RequestContext {
  health(): Promise<SubgraphHealth>;
}
