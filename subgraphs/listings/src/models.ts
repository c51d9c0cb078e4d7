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

/** One room type of a hotel (docs/hotels.md): `code` is unique per hotel, upper case (STANDARD, SUITE…). */
export interface HotelRoomTypeModel {
  code: string;
  name: string;
  /** Guests one room sleeps, 1–10. */
  maxOccupancy: number;
  numberOfRooms: number;
  pricePerNight: number;
}

export interface HotelModel {
  hotelId: string;
  name: string;
  address: AddressModel;
  starRating: number;
  /** The sum of the room types' rooms. */
  numberOfRooms: number;
  /** The name of the default room type. */
  defaultRoomType: string;
  /** The default room type's nightly price (what price filters without a party, watches and price events use). */
  pricePerNight: number;
  /**
   * The room types; absent in models cached before room types existed, so read them through
   * `roomTypesOf`, never directly.
   */
  roomTypes?: HotelRoomTypeModel[];
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

/** A room type as GraphQL shows it: whether it is the hotel's default is known from the hotel. */
export interface HotelRoomTypeView extends HotelRoomTypeModel {
  isDefault: boolean;
}

/** One room type's offer for a stay and a party (services/roomTypes.ts). */
export interface RoomOfferModel {
  roomType: HotelRoomTypeView;
  roomsLeft: number;
  fits: boolean;
  available: boolean;
  nights: number;
  nightlyPrice: number;
  totalPrice: number;
}

/** Guests a room of a hotel stored without room types sleeps (docs/hotels.md). */
export const LEGACY_ROOM_OCCUPANCY = 2;

/** A room type code from a room type's name: upper case, runs of other characters as one `_` (e.g. "Double Queen" → DOUBLE_QUEEN). */
export function roomTypeCodeOf(name: string): string {
  const code = name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 20);
  return code || 'STANDARD';
}

/**
 * A hotel's room types: the stored ones, or for a hotel stored without any (older data, older cache
 * entries) one type made of its default room type, rooms and price. The one place that rule lives:
 * every reader of room types (GraphQL, availability, search, bookings through `_entities`) goes here.
 */
export function roomTypesOf(hotel: Pick<HotelModel, 'roomTypes' | 'defaultRoomType' | 'numberOfRooms' | 'pricePerNight'>): HotelRoomTypeModel[] {
  if (hotel.roomTypes && hotel.roomTypes.length > 0) return hotel.roomTypes;
  return [{ code: roomTypeCodeOf(hotel.defaultRoomType), name: hotel.defaultRoomType, maxOccupancy: LEGACY_ROOM_OCCUPANCY, numberOfRooms: hotel.numberOfRooms, pricePerNight: hotel.pricePerNight }];
}

/** The type `defaultRoomType` names (by name or code, case-insensitive); the first type when it names none. */
export function findRoomType(roomTypes: readonly HotelRoomTypeModel[], nameOrCode: string): HotelRoomTypeModel | undefined {
  const wanted = nameOrCode.trim().toUpperCase();
  return roomTypes.find((type) => type.code === wanted) ?? roomTypes.find((type) => type.name.trim().toUpperCase() === wanted);
}

export function defaultRoomTypeOf(hotel: Pick<HotelModel, 'roomTypes' | 'defaultRoomType' | 'numberOfRooms' | 'pricePerNight'>): HotelRoomTypeModel {
  const roomTypes = roomTypesOf(hotel);
  const found = findRoomType(roomTypes, hotel.defaultRoomType) ?? roomTypes[0];
  if (!found) throw new Error('a hotel has at least one room type');
  return found;
}

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
  /** Guests of the party (with `rooms`: each room must sleep ceil(guests / rooms)); docs/hotels.md. */
  guests?: number;
  /** Rooms the party takes of one room type. */
  rooms?: number;
  /** Only this room type code. */
  roomType?: string;
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
