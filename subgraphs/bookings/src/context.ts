import type { RequestContext, SubgraphHealth } from '@kayak/common';
import type { BookingLoaders } from './loaders.js';
import type { BookingService } from './services/bookings.js';

/** Per-request context of the bookings subgraph: the verified viewer plus what resolvers call. */
export interface BookingsContext extends RequestContext {
  health(): Promise<SubgraphHealth>;
  loaders: BookingLoaders;
  bookings: BookingService;
}
