import type { QueryResolvers } from '../generated/graphql.js';

export const Query: QueryResolvers = {
  listingsHealth: (_parent, _args, context) => context.health(),
  availabilityConsumerHealth: (_parent, _args, context) => context.consumerHealth(),

  listing: (_parent, { listingType, listingId }, { loaders }) => {
    if (listingType === 'Flight') return loaders.flightById.load(listingId);
    if (listingType === 'Hotel') return loaders.hotelById.load(listingId);
    return loaders.carById.load(listingId);
  },
  flight: (_parent, { flightId }, { loaders }) => loaders.flightById.load(flightId),
  hotel: (_parent, { hotelId }, { loaders }) => loaders.hotelById.load(hotelId),
  car: (_parent, { carId }, { loaders }) => loaders.carById.load(carId),

  searchFlights: (_parent, { filter, ...page }, { search }) => search.searchFlights(filter, page),
  searchHotels: (_parent, { filter, ...page }, { search }) => search.searchHotels(filter, page),
  searchCars: (_parent, { filter, ...page }, { search }) => search.searchCars(filter, page),
};
