import type { FlightResolvers } from '../generated/graphql.js';
import { localDateTime } from '../services/localTime.js';
import { unresolvable } from './Listing.js';

export const Flight: FlightResolvers = {
  // Batched: one `find` for every Flight representation of an `_entities` request.
  // An unknown id is an error (the gateway gives it the entity's path), never a silent null.
  __resolveReference: async (reference, { loaders }) => (await loaders.flightById.load(reference.flightId)) ?? unresolvable('Flight', reference.flightId),
  // Truthiness, not !== null: models cached before retirement existed have no retiredAt.
  retired: (flight) => Boolean(flight.retiredAt),
  remainingCapacity: (flight, _args, { availability }) => availability.flightRemaining(flight),
  available: (flight, { startDate, endDate, quantity }, { availability }) =>
    !flight.retiredAt && availability.flightAvailable(flight, startDate, endDate, quantity),
  // One airport loader for both ends and both kinds of field: a page of flights costs one `$in`.
  departureAirportInfo: (flight, _args, { loaders }) => loaders.airportByCode.load(flight.departureAirport),
  arrivalAirportInfo: (flight, _args, { loaders }) => loaders.airportByCode.load(flight.arrivalAirport),
  departureLocalTime: async (flight, _args, { loaders }) => {
    const airport = await loaders.airportByCode.load(flight.departureAirport);
    return airport ? localDateTime(flight.departureDatetime, airport.timeZone) : null;
  },
  arrivalLocalTime: async (flight, _args, { loaders }) => {
    const airport = await loaders.airportByCode.load(flight.arrivalAirport);
    return airport ? localDateTime(flight.arrivalDatetime, airport.timeZone) : null;
  },
};
