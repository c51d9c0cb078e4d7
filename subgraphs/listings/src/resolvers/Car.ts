import type { CarResolvers } from '../generated/graphql.js';

export const Car: CarResolvers = {
  // Batched: one `find` for every Car representation of an `_entities` request.
  __resolveReference: (reference, { loaders }) => loaders.carById.load(reference.carId),
  remainingCapacity: (car, { startDate, endDate }, { availability }) => availability.carRemaining(car, startDate, endDate),
  available: (car, { startDate, endDate, quantity }, { availability }) => availability.carAvailable(car, startDate, endDate, quantity),
};
