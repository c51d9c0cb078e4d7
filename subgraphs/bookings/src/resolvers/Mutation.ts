import type { MutationResolvers } from '../generated/graphql.js';

export const Mutation: MutationResolvers = {
  createBooking: (_parent, { input }, { bookings }) => bookings.create({ ...input, quantity: input.quantity ?? 1 }),
  payBooking: (_parent, { bookingId, paymentMethod, idempotencyKey }, { bookings }) => bookings.pay(bookingId, paymentMethod, idempotencyKey),
  cancelBooking: (_parent, { bookingId, reason }, { bookings }) => bookings.cancel(bookingId, reason),
  createTrip: (_parent, { input }, { trips }) => trips.create({ userId: input.userId, items: input.items.map((item) => ({ ...item, quantity: item.quantity ?? 1 })) }),
  payTrip: (_parent, { tripId, paymentMethod, idempotencyKey }, { trips }) => trips.pay(tripId, paymentMethod, idempotencyKey),
  cancelTrip: (_parent, { tripId, reason }, { trips }) => trips.cancelTrip(tripId, reason),
  cancelTripItem: (_parent, { tripId, bookingId, reason }, { trips }) => trips.cancelItem(tripId, bookingId, reason),
};
