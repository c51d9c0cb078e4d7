import type { RequestContext, SubgraphHealth } from '@kayak/common';
import { createLoaders, type BookingLoaders } from './loaders.js';
import type { BookingCache } from './repositories/cache.js';
import type { PrismaClient } from './repositories/prisma.js';
import { createBookingService, type BookingService, type BookingServiceDeps } from './services/bookings.js';
import { createTripService, type TripService } from './services/trips.js';

/** Per-request context of the bookings subgraph: the verified viewer plus what resolvers call. */
export interface BookingsContext extends RequestContext {
  health(): Promise<SubgraphHealth>;
  loaders: BookingLoaders;
  bookings: BookingService;
  trips: TripService;
}

/** What lives as long as the server: clients, repositories and settings shared by all requests. */
export interface BookingsDependencies extends BookingServiceDeps {
  prisma: PrismaClient;
  cache: BookingCache;
  health(): Promise<SubgraphHealth>;
}

export function createContext(base: RequestContext, deps: BookingsDependencies): BookingsContext {
  const loaders = createLoaders(deps.prisma, deps.cache);
  const bookings = createBookingService(deps, base, loaders);
  return { ...base, health: deps.health, loaders, bookings, trips: createTripService(deps, base, loaders, bookings) };
}
