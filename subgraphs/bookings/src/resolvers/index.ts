import { DateTimeScalar, DecimalScalar } from '@kayak/common';
import type { Resolvers } from '../generated/graphql.js';
import { Billing } from './Billing.js';
import { Booking } from './Booking.js';
import { Listing } from './Listing.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';
import { Trip } from './Trip.js';
import { User } from './User.js';

export const resolvers: Resolvers = { Query, Mutation, Booking, Billing, Trip, User, Listing, Decimal: DecimalScalar, DateTime: DateTimeScalar };
