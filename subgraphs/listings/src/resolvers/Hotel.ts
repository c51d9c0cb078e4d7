import type { HotelResolvers } from '../generated/graphql.js';
import { roomTypeViews } from '../services/roomTypes.js';
import { unresolvable } from './Listing.js';

export const Hotel: HotelResolvers = {
  // Batched: one `find` for every Hotel representation of an `_entities` request.
  // An unknown id is an error (the gateway gives it the entity's path), never a silent null.
  __resolveReference: async (reference, { loaders }) => (await loaders.hotelById.load(reference.hotelId)) ?? unresolvable('Hotel', reference.hotelId),
  // Truthiness, not !== null: models cached before retirement existed have no retiredAt.
  retired: (hotel) => Boolean(hotel.retiredAt),
  roomTypes: (hotel) => roomTypeViews(hotel),
  lowestPrice: (hotel, { guests, rooms, roomType, startDate, endDate }, { availability }) =>
    availability.hotelLowestPrice(hotel, { guests: guests ?? rooms, rooms }, roomType ?? null, startDate ?? null, endDate ?? null),
  roomAvailability: (hotel, { startDate, endDate, guests, rooms }, { availability }) => availability.hotelRoomOffers(hotel, startDate, endDate, { guests: guests ?? rooms, rooms }),
  remainingCapacity: (hotel, { startDate, endDate, roomType }, { availability }) => availability.hotelRemaining(hotel, startDate, endDate, roomType),
  available: (hotel, { startDate, endDate, quantity, roomType }, { availability }) =>
    !hotel.retiredAt && availability.hotelAvailable(hotel, startDate, endDate, quantity, roomType),
};
