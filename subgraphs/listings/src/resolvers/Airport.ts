import { notFound } from '@kayak/common';
import type { AirlineResolvers, AirportResolvers } from '../generated/graphql.js';

// Entity references go through the per-request loaders (one `$in` per `_entities` request); an
// unknown code is NOT_FOUND at the referencing path, as for listings.
export const Airport: AirportResolvers = {
  __resolveReference: async (reference, { loaders }) => {
    const airport = await loaders.airportByCode.load(reference.code);
    if (!airport) throw notFound(`Airport ${reference.code}`);
    return airport;
  },
};

export const Airline: AirlineResolvers = {
  __resolveReference: async (reference, { loaders }) => {
    const airline = await loaders.airlineByCode.load(reference.code);
    if (!airline) throw notFound(`Airline ${reference.code}`);
    return airline;
  },
};
