import type { CarAvailabilityStatus, FlightClass, ListingType } from './generated/graphql.js';

/**
 * What resolvers receive for `Flight`, `Hotel` and `Car` (codegen mappers): camelCase, plain JSON
 * (instants as ISO strings, money as numbers with at most two decimals) so one value can be cached in
 * Redis and served again without revival. Computed fields (`remainingCapacity`, `available`) are
 * resolved per request from the availability cache and are not part of the models.
 */

export interface FlightModel {
  flightId: string;
  airlineName: string;
  departureAirport: string;
  departureCity: string | null;
  arrivalAirport: string;
  arrivalCity: string | null;
  departureDatetime: string;
  arrivalDatetime: string;
  durationMinutes: number;
  flightClass: FlightClass;
  ticketPrice: number;
  totalAvailableSeats: number;
  rating: number;
  createdAt: string;
  updatedAt: string;
  /** When an admin deleted (retired) it; null while it is offered. */
  retiredAt: string | null;
}

export interface AddressModel {
  street: string;
  city: string;
  state: string;
  zip: string;
}

export interface HotelAmenitiesModel {
  wifi: boolean;
  breakfastIncluded: boolean;
  parking: boolean;
  petFriendly: boolean;
  nearTransit: boolean;
  pool: boolean;
  gym: boolean;
}

export interface HotelModel {
  hotelId: string;
  name: string;
  address: AddressModel;
  starRating: number;
  numberOfRooms: number;
  defaultRoomType: string;
  pricePerNight: number;
  amenities: HotelAmenitiesModel;
  hotelRating: number;
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
}

export interface CarModel {
  carId: string;
  carType: string;
  providerName: string;
  model: string;
  year: number;
  transmissionType: string;
  numberOfSeats: number;
  dailyRentalPrice: number;
  carRating: number;
  availabilityStatus: CarAvailabilityStatus;
  pickupCity: string;
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
}

export type ListingModel = FlightModel | HotelModel | CarModel;

/** The listing models by type, for code generic over the three kinds. */
export interface ListingModels {
  Flight: FlightModel;
  Hotel: HotelModel;
  Car: CarModel;
}

export type { CarAvailabilityStatus, FlightClass, ListingType };

export function listingTypeOf(listing: ListingModel): ListingType {
  if ('flightId' in listing) return 'Flight';
  if ('hotelId' in listing) return 'Hotel';
  return 'Car';
}

export function listingIdOf(listing: ListingModel): string {
  if ('flightId' in listing) return listing.flightId;
  if ('hotelId' in listing) return listing.hotelId;
  return listing.carId;
}

/** Validated values of a new listing (timestamps are added when stored). */
export type FlightFields = Omit<FlightModel, 'createdAt' | 'updatedAt' | 'retiredAt'>;
export type HotelFields = Omit<HotelModel, 'createdAt' | 'updatedAt' | 'retiredAt'>;
export type CarFields = Omit<CarModel, 'createdAt' | 'updatedAt' | 'retiredAt'>;

/** Validated changes to an existing listing: only the fields that change; the id never does. */
export type FlightPatch = Partial<Omit<FlightFields, 'flightId'>>;
export type HotelPatch = Partial<Omit<HotelFields, 'hotelId'>>;
export type CarPatch = Partial<Omit<CarFields, 'carId'>>;

/** Search criteria, validated and normalised by services/searchArgs.ts, queried by repositories/listingQueries.ts. */
export interface AvailabilityCriteria {
  startDate: string;
  endDate: string;
  quantity: number;
}

export interface FlightCriteria {
  departureAirport?: string;
  arrivalAirport?: string;
  departureCity?: string;
  arrivalCity?: string;
  departureFrom?: string;
  departureTo?: string;
  flightClass?: FlightClass;
  airlineName?: string;
  minPrice?: number;
  maxPrice?: number;
  availability?: AvailabilityCriteria;
}

export interface HotelCriteria {
  city?: string;
  state?: string;
  minPrice?: number;
  maxPrice?: number;
  minStarRating?: number;
  maxStarRating?: number;
  amenities?: Partial<Record<'wifi' | 'breakfastIncluded' | 'parking' | 'petFriendly' | 'nearTransit' | 'pool' | 'gym', boolean>>;
  availability?: AvailabilityCriteria;
}

export interface CarCriteria {
  pickupCity?: string;
  carType?: string;
  providerName?: string;
  transmissionType?: string;
  minSeats?: number;
  minPrice?: number;
  maxPrice?: number;
  availabilityStatus?: CarAvailabilityStatus;
  availability?: AvailabilityCriteria;
}

/**
 * A keyset page position: the sort it belongs to, the last node's sort value and its id (the
 * tie-breaker). Keyset rather than offsets, so a listing created or booked out between two page
 * requests neither repeats nor skips a row.
 */
export interface Cursor {
  sort: string;
  value: number | string;
  id: string;
}
