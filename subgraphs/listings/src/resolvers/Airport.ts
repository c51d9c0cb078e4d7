import { notFound } from '@kayak/common';
import type { AirlineResolvers, AirportResolvers } from '../generated/graphql.js';

// Entity references go through the per-request loaders (one `$in` per `_entities` request).
export const Airport: AirportResolvers = {
  __resolveReference: async (reference, { loaders }) => (await loaders.airportByCode.load(reference.code)) ?? Promise.reject(notFound(`Airport ${reference.code}`)),
};

export const Airline: AirlineResolvers = {
  __resolveReference: async (reference, { loaders }) => (await loaders.airlineByCode.load(reference.code)) ?? Promise.reject(notFound(`Airline ${reference.code}`)),
};
