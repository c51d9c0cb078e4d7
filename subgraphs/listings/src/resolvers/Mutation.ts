import type { MutationResolvers } from '../generated/graphql.js';

export const Mutation: MutationResolvers = {
  createFlight: (_parent, { input }, { admin }) => admin.createFlight(input),
  updateFlight: (_parent, { flightId, input }, { admin }) => admin.updateFlight(flightId, input),
  deleteFlight: (_parent, { flightId }, { admin }) => admin.deleteFlight(flightId),
  createHotel: (_parent, { input }, { admin }) => admin.createHotel(input),
  updateHotel: (_parent, { hotelId, input }, { admin }) => admin.updateHotel(hotelId, input),
  deleteHotel: (_parent, { hotelId }, { admin }) => admin.deleteHotel(hotelId),
  createCar: (_parent, { input }, { admin }) => admin.createCar(input),
  updateCar: (_parent, { carId, input }, { admin }) => admin.updateCar(carId, input),
  deleteCar: (_parent, { carId }, { admin }) => admin.deleteCar(carId),
};
