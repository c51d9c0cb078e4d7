import type { FlightResolvers } from '../generated/graphql.js';

export const Flight: FlightResolvers = {
  // Batched: one `find` for every Flight representation of an `_entities` request.
  __resolveReference: (reference, { loaders }) => loaders.flightById.load(reference.flightId),
  remainingCapacity: (flight, _args, { availability }) => availability.flightRemaining(flight),
  available: (flight, { startDate, endDate, quantity }, { availability }) => availability.flightAvailable(flight, startDate, endDate, quantity),
};
