import type { RequestContext, SubgraphHealth } from '@kayak/common';

/** Per-request context of the reviews subgraph: the verified viewer plus what resolvers call. */
export interface ReviewsContext extends RequestContext {
  health(): Promise<SubgraphHealth>;
}
