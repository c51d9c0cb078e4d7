import type { QueryResolvers } from '../generated/graphql.js';
import { parsePageRequest } from '../services/pagination.js';

export const Query: QueryResolvers = {
  bookingsHealth: (_parent, _args, context) => context.health(),
  booking: (_parent, { bookingId }, { bookings }) => bookings.get(bookingId),
  billing: (_parent, { billingId }, { bookings }) => bookings.getBilling(billingId),
  myBookings: (_parent, { status, first, after }, { bookings }) => bookings.myBookings(status ?? null, parsePageRequest(first, after)),
  bookings: (_parent, { filter, first, after }, { bookings }) => bookings.allBookings(filter ?? {}, parsePageRequest(first, after)),
  revenueReport: (_parent, { input }, { bookings }) =>
    bookings.revenueReport({ from: input.from, to: input.to, period: input.period ?? null, byBookingType: input.byBookingType ?? false }),
};
