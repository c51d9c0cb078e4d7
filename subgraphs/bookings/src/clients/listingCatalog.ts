import { carCapacity, createEntityClient, type ListingType, type Viewer } from '@kayak/common';
import type { ListingRef } from '../models.js';

/**
 * What createBooking needs from a listing, owned by the listings subgraph: price and capacity are
 * asked of it (never read from its database), so pricing rules stay in one place.
 */
export interface ListingSnapshot extends ListingRef {
  /** Ticket price, nightly price or daily price, as the Decimal scalar or a number. */
  unitPrice: string | number;
  /** Seats of a flight, rooms of a hotel, 1 for a car. */
  capacity: number;
  /** Flights: when it leaves (it cannot be booked afterwards; a flight booking starts then). */
  departureAt: Date | null;
  /** Flights: when it lands (a flight booking ends then). */
  arrivalAt: Date | null;
  /** Cars: false while out of service (the shared capacity model's carCapacity is 0). */
  available: boolean;
  /** Deleted by a listing admin: kept for existing bookings, but no longer bookable or payable. */
  retired: boolean;
  /** Hotels: their room types (docs/hotels.md), exactly one of them the default; empty for flights and cars. */
  roomTypes: RoomTypeSnapshot[];
}

/** One room type of a hotel, as the listings subgraph describes it. */
export interface RoomTypeSnapshot {
  code: string;
  name: string;
  maxOccupancy: number;
  numberOfRooms: number;
  pricePerNight: string | number;
  isDefault: boolean;
}

export interface ListingCatalog {
  /**
   * One snapshot per reference, in order; null where the listing does not exist (retired ones do).
   * `requestId` is the caller's, so the listings subgraph logs the same request id.
   */
  getListings(references: readonly ListingRef[], viewer: Viewer, requestId: string): Promise<Array<ListingSnapshot | null>>;
}

const KEY_FIELD: Record<ListingType, string> = { Flight: 'flightId', Hotel: 'hotelId', Car: 'carId' };

const SELECTION = `__typename
  ... on Flight { flightId ticketPrice totalAvailableSeats departureDatetime arrivalDatetime retired }
  ... on Hotel { hotelId pricePerNight numberOfRooms retired roomTypes { code name maxOccupancy numberOfRooms pricePerNight isDefault } }
  ... on Car { carId dailyRentalPrice availabilityStatus retired }`;

type Price = string | number;
type EntityAnswer =
  | { __typename: 'Flight'; flightId: string; ticketPrice: Price; totalAvailableSeats: number; departureDatetime: string | null; arrivalDatetime: string | null; retired: boolean }
  | { __typename: 'Hotel'; hotelId: string; pricePerNight: Price; numberOfRooms: number; retired: boolean; roomTypes: RoomTypeSnapshot[] }
  | { __typename: 'Car'; carId: string; dailyRentalPrice: Price; availabilityStatus: string; retired: boolean };

function toSnapshot(answer: EntityAnswer): ListingSnapshot {
  switch (answer.__typename) {
    case 'Flight':
      return {
        listingType: 'Flight',
        listingId: answer.flightId,
        unitPrice: answer.ticketPrice,
        capacity: answer.totalAvailableSeats,
        departureAt: answer.departureDatetime ? new Date(answer.departureDatetime) : null,
        arrivalAt: answer.arrivalDatetime ? new Date(answer.arrivalDatetime) : null,
        available: true,
        retired: answer.retired,
        roomTypes: [],
      };
    case 'Hotel':
      return {
        listingType: 'Hotel',
        listingId: answer.hotelId,
        unitPrice: answer.pricePerNight,
        capacity: answer.numberOfRooms,
        departureAt: null,
        arrivalAt: null,
        available: true,
        retired: answer.retired,
        roomTypes: answer.roomTypes,
      };
    case 'Car': {
      // A `Booked` flag is not a date range: which dates are taken comes from the holds.
      const capacity = carCapacity(answer.availabilityStatus);
      return { listingType: 'Car', listingId: answer.carId, unitPrice: answer.dailyRentalPrice, capacity, departureAt: null, arrivalAt: null, available: capacity > 0, retired: answer.retired, roomTypes: [] };
    }
  }
}

/** The production catalog: one `_entities` request to the listings subgraph per call. */
export function createEntityListingCatalog(listingsUrl: string, gatewaySecret: string): ListingCatalog {
  const client = createEntityClient(listingsUrl, gatewaySecret);
  return {
    async getListings(references, viewer, requestId) {
      const representations = references.map((ref) => ({ __typename: ref.listingType, [KEY_FIELD[ref.listingType]]: ref.listingId }));
      const answers = await client.fetch<EntityAnswer>(representations, SELECTION, viewer, requestId);
      return answers.map((answer) => (answer ? toSnapshot(answer) : null));
    },
  };
}
