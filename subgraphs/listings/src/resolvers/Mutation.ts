import { listingKey } from '@kayak/common';
import type { MutationResolvers } from '../generated/graphql.js';
import { tagged } from './cacheTags.js';

// Every mutation names the listing it changed in the cache tags, so the gateway drops cached answers built from it.
export const Mutation: MutationResolvers = {
  createFlight: (_parent, { input }, { admin, cacheTags }) => tagged(cacheTags, admin.createFlight(input)),
  updateFlight: (_parent, { flightId, input }, { admin, cacheTags }) => tagged(cacheTags, admin.updateFlight(flightId, input)),
  deleteFlight: (_parent, { flightId }, { admin, cacheTags }) => {
    cacheTags.add(listingKey('Flight', flightId));
    return admin.deleteFlight(flightId);
  },
  createHotel: (_parent, { input }, { admin, cacheTags }) => tagged(cacheTags, admin.createHotel(input)),
  updateHotel: (_parent, { hotelId, input }, { admin, cacheTags }) => tagged(cacheTags, admin.updateHotel(hotelId, input)),
  deleteHotel: (_parent, { hotelId }, { admin, cacheTags }) => {
    cacheTags.add(listingKey('Hotel', hotelId));
    return admin.deleteHotel(hotelId);
  },
  createCar: (_parent, { input }, { admin, cacheTags }) => tagged(cacheTags, admin.createCar(input)),
  updateCar: (_parent, { carId, input }, { admin, cacheTags }) => tagged(cacheTags, admin.updateCar(carId, input)),
  deleteCar: (_parent, { carId }, { admin, cacheTags }) => {
    cacheTags.add(listingKey('Car', carId));
    return admin.deleteCar(carId);
  },
};
