import type { RequestContext, SubgraphHealth } from '@kayak/common';
import type { ConsumerHealth } from './events/availabilityConsumer.js';
import type { ListingLoaders } from './loaders.js';
import type { AvailabilityService } from './services/availability.js';
import type { ListingAdminService } from './services/listingAdmin.js';
import type { SearchService } from './services/search.js';

/** Per-request context of the listings subgraph: the verified viewer plus what resolvers call. */
export interface ListingsContext extends RequestContext {
  loaders: ListingLoaders;
  search: SearchService;
  admin: ListingAdminService;
  availability: AvailabilityService;
  health(): Promise<SubgraphHealth>;
  consumerHealth(): Promise<ConsumerHealth>;
}
