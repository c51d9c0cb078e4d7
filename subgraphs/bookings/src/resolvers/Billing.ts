import { notFound } from '@kayak/common';
import type { BillingResolvers } from '../generated/graphql.js';

export const Billing: BillingResolvers = {
  __resolveReference: (reference, { bookings }) => bookings.getBilling(reference.billingId),
  user: (billing) => ({ userId: billing.userId }),
  // Same owner as the billing, so no further access check.
  booking: async (billing, _args, { loaders }) => {
    const booking = await loaders.bookingById.load(billing.bookingId);
    if (!booking) throw notFound('Booking');
    return booking;
  },
};
