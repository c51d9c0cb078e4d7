import type { ListingType } from '@kayak/common';
import type { CarRef, FlightRef, HotelRef } from '../models.js';

export type ListingRef = FlightRef | HotelRef | CarRef;

/** The stub of a listing owned by the listings subgraph, for the `Listing` union. */
export function listingRef(listingType: ListingType, listingId: string): ListingRef {
  if (listingType === 'Flight') return { flightId: listingId };
  if (listingType === 'Hotel') return { hotelId: listingId };
  return { carId: listingId };
}

export function listingTypeOf(ref: ListingRef): ListingType {
  if ('flightId' in ref) return 'Flight';
  if ('hotelId' in ref) return 'Hotel';
  return 'Car';
}
