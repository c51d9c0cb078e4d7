import type { TripResolvers } from '../generated/graphql.js';

export const Trip: TripResolvers = {
  tripStatus: (trip, _args, { trips }) => trips.statusOf(trip),
  items: (trip, _args, { trips }) => trips.itemsOf(trip),
  billing: (trip, _args, { trips }) => trips.billingOf(trip),
};
