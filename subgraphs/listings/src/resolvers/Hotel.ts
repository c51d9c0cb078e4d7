import type { HotelResolvers } from '../generated/graphql.js';
import { unresolvable } from './Listing.js';

export const Hotel: HotelResolvers = {
  // Batched: one `find` for every Hotel representation of an `_entities` request.
  // An unknown id is an error (the gateway gives it the entity's path), never a silent null.
  __resolveReference: async (reference, { loaders }) => (await loaders.hotelById.load(reference.hotelId)) ?? unresolvable('Hotel', reference.hotelId),
  // Truthiness, not !== null: models cached before retirement existed have no retiredAt.
  retired: (hotel) => Boolean(hotel.retiredAt),
  remainingCapacity: (hotel, { startDate, endDate }, { availability }) => availability.hotelRemaining(hotel, startDate, endDate),
  available: (hotel, { startDate, endDate, quantity }, { availability }) =>
    !hotel.retiredAt && availability.hotelAvailable(hotel, startDate, endDate, quantity),
};
