import type { MutationResolvers } from '../generated/graphql.js';

export const Mutation: MutationResolvers = {
  createBooking: (_parent, { input }, { bookings }) => bookings.create({ ...input, quantity: input.quantity ?? 1 }),
  payBooking: (_parent, { bookingId, paymentMethod, idempotencyKey }, { bookings }) => bookings.pay(bookingId, paymentMethod, idempotencyKey),
  cancelBooking: (_parent, { bookingId, reason }, { bookings }) => bookings.cancel(bookingId, reason),
};
