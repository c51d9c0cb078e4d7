import type { RequestContext, SubgraphHealth } from '@kayak/common';

/** Per-request context of the bookings subgraph: the verified viewer plus what resolvers call. */
export interface BookingsContext extends RequestContext {
  health(): Promise<SubgraphHealth>;
}
