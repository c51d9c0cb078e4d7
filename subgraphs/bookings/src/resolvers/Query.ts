import type { BookingFilter, QueryResolvers } from '../generated/graphql.js';
import type { BookingFilterQuery } from '../repositories/bookings.js';
import { parsePageRequest } from '../services/pagination.js';

/** The schema's `referenceId` is the booked listing's `listingId`. */
function filterQuery(filter: BookingFilter | null | undefined): BookingFilterQuery {
  const { referenceId, ...rest } = filter ?? {};
  return { ...rest, listingId: referenceId ?? null };
}

export const Query: QueryResolvers = {
  bookingsHealth: (_parent, _args, context) => context.health(),
  booking: (_parent, { bookingId }, { bookings }) => bookings.get(bookingId),
  billing: (_parent, { billingId }, { bookings }) => bookings.getBilling(billingId),
  myBookings: (_parent, { status, first, after }, { bookings }) => bookings.myBookings(status ?? null, parsePageRequest(first, after)),
  trip: (_parent, { tripId }, { trips }) => trips.get(tripId),
  myTrips: (_parent, { first, after }, { trips }) => trips.myTrips(parsePageRequest(first, after)),
  bookings: (_parent, { filter, first, after }, { bookings }) => bookings.allBookings(filterQuery(filter), parsePageRequest(first, after)),
  revenueReport: (_parent, { input }, { bookings }) =>
    bookings.revenueReport({ from: input.from, to: input.to, period: input.period ?? null, byBookingType: input.byBookingType ?? false }),
};
