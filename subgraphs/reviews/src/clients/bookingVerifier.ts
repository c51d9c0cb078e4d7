import { createEntityClient, type EntityClient, type ListingType, type Viewer } from '@kayak/common';

/**
 * Whether a user has a Confirmed booking for a listing: the rule that lets them review it. The
 * bookings subgraph owns the answer; tests inject a stub through createServer.
 */
export interface BookingVerifier {
  hasConfirmedBooking(request: { viewer: Viewer; requestId: string; userId: string; listingType: ListingType; listingId: string }): Promise<boolean>;
}

/**
 * Asks the bookings subgraph through `_entities` on its `User` entity, forwarding the caller's
 * viewer so bookings applies its own visibility rule (the user themself or an admin).
 * Arguments are inlined because entity fetches carry only the representations as variables:
 * the listing type is one of our enum values and the id is a JSON string literal, which is also
 * a valid GraphQL string literal, so nothing from the input can change the query.
 */
export function createBookingsVerifier(client: EntityClient): BookingVerifier {
  return {
    async hasConfirmedBooking({ viewer, requestId, userId, listingType, listingId }) {
      const selection = `... on User { hasConfirmedBooking(listingType: ${listingType}, listingId: ${JSON.stringify(listingId)}) }`;
      const [user] = await client.fetch<{ hasConfirmedBooking?: boolean }>([{ __typename: 'User', userId }], selection, viewer, requestId);
      return user?.hasConfirmedBooking === true;
    },
  };
}

export const bookingsVerifierFor = (bookingsUrl: string, gatewaySecret: string): BookingVerifier =>
  createBookingsVerifier(createEntityClient(bookingsUrl, gatewaySecret));
