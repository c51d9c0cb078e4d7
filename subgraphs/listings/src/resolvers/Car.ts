import type { CarResolvers } from '../generated/graphql.js';
import { unresolvable } from './Listing.js';

export const Car: CarResolvers = {
  // Batched: one `find` for every Car representation of an `_entities` request.
  // An unknown id is an error (the gateway gives it the entity's path), never a silent null.
  __resolveReference: async (reference, { loaders }) => (await loaders.carById.load(reference.carId)) ?? unresolvable('Car', reference.carId),
  // Truthiness, not !== null: models cached before retirement existed have no retiredAt.
  retired: (car) => Boolean(car.retiredAt),
  remainingCapacity: (car, { startDate, endDate }, { availability }) => availability.carRemaining(car, startDate, endDate),
  available: (car, { startDate, endDate, quantity }, { availability }) =>
    !car.retiredAt && availability.carAvailable(car, startDate, endDate, quantity),
};
