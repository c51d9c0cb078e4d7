import type { RequestContext, SubgraphHealth } from '@kayak/common';
import type { ConsumerHealth } from './events/availabilityConsumer.js';
import { createLoaders, type ListingLoaders } from './loaders.js';
import type { AvailabilityBlockRepository } from './repositories/availabilityBlocks.js';
import type { ListingRepositories } from './repositories/listings.js';
import type { ReferenceDataRepository } from './repositories/referenceData.js';
import type { SearchCache } from './repositories/searchCache.js';
import type { ReferenceDirectory } from './services/airports.js';
import { AvailabilityService } from './services/availability.js';
import { ItinerarySearchService, type ItinerarySettings } from './services/itinerarySearch.js';
import { ListingAdminService } from './services/listingAdmin.js';
import type { SearchService } from './services/search.js';

/** Per-request context of the listings subgraph: the verified viewer plus what resolvers call. */
export interface ListingsContext extends RequestContext {
  loaders: ListingLoaders;
  search: SearchService;
  admin: ListingAdminService;
  availability: AvailabilityService;
  /** Airports and airlines held in process: autocomplete and code checks (services/airports.ts). */
  reference: ReferenceDirectory;
  itineraries: ItinerarySearchService;
  health(): Promise<SubgraphHealth>;
  consumerHealth(): Promise<ConsumerHealth>;
}

/** What lives as long as the server: repositories, the search cache and service, health checks. */
export interface ListingsDependencies extends Pick<ListingsContext, 'search' | 'health' | 'consumerHealth' | 'reference'> {
  repositories: ListingRepositories;
  blocks: AvailabilityBlockRepository;
  cache: SearchCache;
  referenceData: ReferenceDataRepository;
  itinerarySettings: ItinerarySettings;
}

export function createContext(base: RequestContext, deps: ListingsDependencies): ListingsContext {
  const loaders = createLoaders(deps.repositories, deps.blocks, deps.referenceData, base.cacheTags);
  const availability = new AvailabilityService(loaders);
  return {
    ...base,
    loaders,
    search: deps.search,
    admin: new ListingAdminService({ viewer: base.viewer, repositories: deps.repositories, blocks: deps.blocks, cache: deps.cache, reference: deps.reference }),
    availability,
    reference: deps.reference,
    // Per request: it shares the request's loaders, so the flights and holds it reads serve the Flight fields too.
    itineraries: new ItinerarySearchService(deps.repositories.airportDays, loaders, availability, deps.itinerarySettings, deps.reference),
    health: deps.health,
    consumerHealth: deps.consumerHealth,
  };
}
