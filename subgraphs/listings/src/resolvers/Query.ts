import type { QueryResolvers } from '../generated/graphql.js';
import type { ListingModel } from '../models.js';
import type { SearchPage } from '../services/search.js';
import { tagListings } from './cacheTags.js';

/** A search answer is tagged with the search (its type, and availability if filtered on) and each listing in it. */
async function taggedPage<M extends ListingModel>(cacheTags: Set<string>, page: Promise<SearchPage<M>>): Promise<SearchPage<M>> {
  const result = await page;
  for (const tag of result.cacheTags) cacheTags.add(tag);
  tagListings(cacheTags, result.nodes);
  return result;
}

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

  searchFlights: (_parent, { filter, ...page }, { search, cacheTags }) => taggedPage(cacheTags, search.searchFlights(filter, page)),
  searchHotels: (_parent, { filter, ...page }, { search, cacheTags }) => taggedPage(cacheTags, search.searchHotels(filter, page)),
  searchCars: (_parent, { filter, ...page }, { search, cacheTags }) => taggedPage(cacheTags, search.searchCars(filter, page)),

  // Reference data: the autocomplete and the airline list from the in-process directory, single
  // entities through the loaders.
  airports: (_parent, { search, first }, { reference }) => reference.searchAirports(search, first),
  airport: (_parent, { code }, { loaders }) => loaders.airportByCode.load(code),
  airlines: (_parent, _args, { reference }) => reference.airlines(),
  airline: (_parent, { code }, { loaders }) => loaders.airlineByCode.load(code),
  searchItineraries: (_parent, { input, ...page }, { itineraries }) => itineraries.search(input, page),
};
