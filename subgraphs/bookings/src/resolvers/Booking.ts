import type { BookingResolvers } from '../generated/graphql.js';
import type { BookingModel } from '../models.js';

type ListingStub = { __typename: 'Flight'; flightId: string } | { __typename: 'Hotel'; hotelId: string } | { __typename: 'Car'; carId: string };

/** The listings subgraph resolves the rest of the listing from its key. */
export function listingStub(booking: Pick<BookingModel, 'bookingType' | 'referenceId'>): ListingStub {
  switch (booking.bookingType) {
    case 'Flight':
      return { __typename: 'Flight', flightId: booking.referenceId };
    case 'Hotel':
      return { __typename: 'Hotel', hotelId: booking.referenceId };
    case 'Car':
      return { __typename: 'Car', carId: booking.referenceId };
  }
}

export const Booking: BookingResolvers = {
  __resolveReference: (reference, { bookings }) => bookings.get(reference.bookingId),
  user: (booking) => ({ userId: booking.userId }),
  listing: (booking) => listingStub(booking),
  holdExpiresAt: (booking) => (booking.bookingStatus === 'Pending' ? booking.holdExpiresAt : null),
  billing: (booking, _args, { loaders }) => loaders.latestBillingOfBooking.load(booking.bookingId),
  statusHistory: (booking, _args, { loaders }) => loaders.statusHistory.load(booking.bookingId),
};
