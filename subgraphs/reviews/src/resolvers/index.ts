import { DateTimeScalar, DecimalScalar, JSONObjectScalar } from '@kayak/common';
import type { Resolvers } from '../generated/graphql.js';
import { Car } from './Car.js';
import { Flight } from './Flight.js';
import { Hotel } from './Hotel.js';
import { Listing } from './Listing.js';
import { ListingClickCount } from './ListingClickCount.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';
import { Review } from './Review.js';
import { User } from './User.js';
import { UserTrace } from './UserTrace.js';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Review,
  Flight,
  Hotel,
  Car,
  User,
  Listing,
  ListingClickCount,
  UserTrace,
  DateTime: DateTimeScalar,
  Decimal: DecimalScalar,
  JSONObject: JSONObjectScalar,
};
