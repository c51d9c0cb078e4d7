import type { UserResolvers } from '../generated/graphql.js';
import { parsePageRequest } from '../services/pagination.js';

export const User: UserResolvers = {
  // bookings only knows the key; the users subgraph owns every other field.
  __resolveReference: (reference) => ({ userId: reference.userId }),
  bookings: (user, { status, first, after }, { bookings }) => bookings.userBookings(user.userId, status ?? null, parsePageRequest(first, after)),
  billings: (user, { status, first, after }, { bookings }) => bookings.userBillings(user.userId, status ?? null, parsePageRequest(first, after)),
  trips: (user, { first, after }, { trips }) => trips.userTrips(user.userId, parsePageRequest(first, after)),
  hasConfirmedBooking: (user, { listingType, listingId }, { bookings }) => bookings.hasConfirmedBooking(user.userId, { listingType, listingId }),
};
