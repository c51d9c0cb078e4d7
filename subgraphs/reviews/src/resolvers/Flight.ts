import type { FlightResolvers } from '../generated/graphql.js';
import type { FlightRef } from '../models.js';
import { listingFields } from './listingFields.js';

export const Flight: FlightResolvers = {
  // The listings subgraph owns flights; here a flight is just its key (fields load lazily, batched).
  __resolveReference: (reference) => ({ flightId: reference.flightId }),
  ...listingFields<FlightRef>('Flight', (flight) => flight.flightId),
};
