import type { CarResolvers } from '../generated/graphql.js';
import type { CarRef } from '../models.js';
import { listingFields } from './listingFields.js';

export const Car: CarResolvers = {
  // The listings subgraph owns cars; here a car is just its key (fields load lazily, batched).
  __resolveReference: (reference) => ({ carId: reference.carId }),
  ...listingFields<CarRef>('Car', (car) => car.carId),
};
