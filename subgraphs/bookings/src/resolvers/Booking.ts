import type { BookingResolvers } from '../generated/graphql.js';
import type { BookingModel } from '../models.js';

type ListingStub = { __typename: 'Flight'; flightId: string } | { __typename: 'Hotel'; hotelId: string } | { __typename: 'Car'; carId: string };

/** The listings subgraph resolves the rest of the listing from its key. */
export function listingStub(booking: Pick<BookingModel, 'bookingType' | 'listingId'>): ListingStub {
  switch (booking.bookingType) {
    case 'Flight':
      return { __typename: 'Flight', flightId: booking.listingId };
    case 'Hotel':
      return { __typename: 'Hotel', hotelId: booking.listingId };
    case 'Car':
      return { __typename: 'Car', carId: booking.listingId };
  }
}

export const Booking: BookingResolvers = {
  __resolveReference: (reference, { bookings }) => bookings.get(reference.bookingId),
  user: (booking) => ({ userId: booking.userId }),
  // The schema's name for the booked listing's key.
  referenceId: (booking) => booking.listingId,
  listing: (booking) => listingStub(booking),
  holdExpiresAt: (booking) => (booking.bookingStatus === 'Pending' ? booking.holdExpiresAt : null),
  billing: (booking, _args, { loaders }) => loaders.latestBillingOfBooking.load(booking.bookingId),
  statusHistory: (booking, _args, { loaders }) => loaders.statusHistory.load(booking.bookingId),
  passengers: (booking, _args, { bookings }) => bookings.passengersOf(booking),
  tripId: (booking) => booking.tripId ?? null,
};
