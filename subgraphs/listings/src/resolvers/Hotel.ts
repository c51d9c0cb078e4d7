import type { HotelResolvers } from '../generated/graphql.js';

export const Hotel: HotelResolvers = {
  // Batched: one `find` for every Hotel representation of an `_entities` request.
  __resolveReference: (reference, { loaders }) => loaders.hotelById.load(reference.hotelId),
  remainingCapacity: (hotel, { startDate, endDate }, { availability }) => availability.hotelRemaining(hotel, startDate, endDate),
  available: (hotel, { startDate, endDate, quantity }, { availability }) => availability.hotelAvailable(hotel, startDate, endDate, quantity),
};
