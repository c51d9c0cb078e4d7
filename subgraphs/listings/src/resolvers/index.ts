import { DateTimeScalar, DecimalScalar } from '@kayak/common';
import type { Resolvers } from '../generated/graphql.js';
import { Airline, Airport } from './Airport.js';
import { Car } from './Car.js';
import { Flight } from './Flight.js';
import { Hotel } from './Hotel.js';
import { Listing } from './Listing.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = {
  Decimal: DecimalScalar,
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Listing,
  Flight,
  Hotel,
  Car,
  Airport,
  Airline,
};
