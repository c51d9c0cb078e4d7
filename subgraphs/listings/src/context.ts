import type { RequestContext, SubgraphHealth } from '@kayak/common';

/** Per-request context of the listings subgraph: the verified viewer plus what resolvers call. */
export interface ListingsContext extends RequestContext {
  health(): Promise<SubgraphHealth>;
}
