import type { BookingStatus, OutboxFields } from '@kayak/common';
import type { CarAvailabilityStatus, FlightClass, ListingType } from '../generated/graphql.js';
import { roomTypesOf, type CarModel, type FlightModel, type HotelModel, type HotelRoomTypeModel } from '../models.js';

/**
 * Stored shapes of the listings collections (design doc §3–6: snake_case, as seeded). Listings also
 * carry `revision` and `pendingEvents` of the Mongo outbox (docs/events.md) once written by an admin.
 */

export interface FlightDocument extends OutboxFields {
  flight_id: string;
  airline_name: string;
  departure_airport: string;
  departure_city?: string | null;
  arrival_airport: string;
  arrival_city?: string | null;
  departure_datetime: Date;
  arrival_datetime: Date;
  duration_minutes: number;
  flight_class: FlightClass;
  ticket_price: number;
  total_available_seats: number;
  rating?: number;
  created_at: Date;
  updated_at: Date;
  /** Set by delete: a listing bookings may reference is retired, never erased. */
  retired_at?: Date | null;
}

export interface HotelDocument extends OutboxFields {
  hotel_id: string;
  name: string;
  address: { street: string; city: string; state: string; zip: string };
  star_rating: number;
  /** The sum of `room_types`' rooms. */
  number_of_rooms: number;
  /** The name of one of `room_types`. */
  default_room_type: string;
  /** The default room type's price. */
  price_per_night: number;
  /** Absent in hotels stored before room types existed: read as one type (models.ts roomTypesOf). */
  room_types?: HotelRoomTypeDocument[];
  amenities?: Partial<Record<HotelAmenity, boolean>>;
  hotel_rating?: number;
  created_at: Date;
  updated_at: Date;
  retired_at?: Date | null;
}

export interface HotelRoomTypeDocument {
  code: string;
  name: string;
  max_occupancy: number;
  number_of_rooms: number;
  price_per_night: number;
}

export const HOTEL_AMENITIES = ['wifi', 'breakfast_included', 'parking', 'pet_friendly', 'near_transit', 'pool', 'gym'] as const;
export type HotelAmenity = (typeof HOTEL_AMENITIES)[number];

export interface CarDocument extends OutboxFields {
  car_id: string;
  car_type: string;
  provider_name: string;
  model: string;
  year: number;
  transmission_type: string;
  number_of_seats: number;
  daily_rental_price: number;
  car_rating?: number;
  availability_status?: CarAvailabilityStatus;
  pickup_city: string;
  created_at: Date;
  updated_at: Date;
  retired_at?: Date | null;
}

/**
 * One booking's hold on a listing, denormalised from the bookings subgraph's events. `version` is
 * the event version that wrote it (older events are ignored); `synced_at` is when an event (or a
 * resync replay) last confirmed it, so a resync can drop blocks that no event backs any more.
 */
export interface AvailabilityBlockDocument {
  listing_type: ListingType;
  reference_id: string;
  start_date: Date;
  end_date: Date;
  booking_id: string;
  booking_status: BookingStatus;
  user_id: string;
  quantity: number;
  /** Hotels: the booked room type's code; null for flights, cars and older hotel bookings (the default type). */
  room_type?: string | null;
  version: number;
  last_event_id: string;
  event_occurred_at: Date;
  synced_at: Date;
  created_at: Date;
  updated_at: Date;
}

/** A booking's claim as kept in its listing's `listing_holds` entry (a released one stays, for its version). */
export interface HoldEntryDocument {
  start_date: Date;
  end_date: Date;
  quantity: number;
  /** Hotels: the room type's code (see AvailabilityBlockDocument). */
  room_type?: string | null;
  /** The booking event version this entry reflects: an older event never overwrites it. */
  version: number;
  /** Pending/Confirmed hold capacity; cancelled, failed or expired bookings do not. */
  holding: boolean;
}

/**
 * Per listing, under `_id: "Hotel:HTL001"`: its bookings' holds, kept beside availability_blocks by
 * the same consumer, so a listing's holds are one `_id` lookup (the only kind of lookup
 * mongo-java-server serves from an index) instead of a search through every block.
 *
 * `holds.<bookingId>.v<version>`: one entry per version written, and the newest version is the
 * booking's state. A write adds its version and drops the older ones, with a filter on `_id` alone
 * (mongo-java-server scans for any other filter), so writes in any order and repeated writes end in
 * the same state: an older version written late is only ever a stale sibling of the newest.
 */
export interface ListingHoldsDocument {
  _id: string;
  listing_type: ListingType;
  reference_id: string;
  holds: Record<string, Record<string, HoldEntryDocument>>;
}

const iso = (date: Date): string => date.toISOString();
const retiredAt = (doc: { retired_at?: Date | null }): string | null => (doc.retired_at ? iso(doc.retired_at) : null);

/** Fields no input writes: timestamps, and retirement (only delete sets it). */
type Managed = 'createdAt' | 'updatedAt' | 'retiredAt';

export function flightToModel(doc: FlightDocument): FlightModel {
  return {
    flightId: doc.flight_id,
    airlineName: doc.airline_name,
    departureAirport: doc.departure_airport,
    departureCity: doc.departure_city ?? null,
    arrivalAirport: doc.arrival_airport,
    arrivalCity: doc.arrival_city ?? null,
    departureDatetime: iso(doc.departure_datetime),
    arrivalDatetime: iso(doc.arrival_datetime),
    durationMinutes: doc.duration_minutes,
    flightClass: doc.flight_class,
    ticketPrice: doc.ticket_price,
    totalAvailableSeats: doc.total_available_seats,
    rating: doc.rating ?? 0,
    createdAt: iso(doc.created_at),
    updatedAt: iso(doc.updated_at),
    retiredAt: retiredAt(doc),
  };
}

export function hotelRoomTypeToModel(doc: HotelRoomTypeDocument): HotelRoomTypeModel {
  return { code: doc.code, name: doc.name, maxOccupancy: doc.max_occupancy, numberOfRooms: doc.number_of_rooms, pricePerNight: doc.price_per_night };
}

export function hotelRoomTypeToDocument(model: HotelRoomTypeModel): HotelRoomTypeDocument {
  return { code: model.code, name: model.name, max_occupancy: model.maxOccupancy, number_of_rooms: model.numberOfRooms, price_per_night: model.pricePerNight };
}

export function hotelToModel(doc: HotelDocument): HotelModel {
  const amenity = (name: HotelAmenity): boolean => doc.amenities?.[name] === true;
  const stored = { defaultRoomType: doc.default_room_type, numberOfRooms: doc.number_of_rooms, pricePerNight: doc.price_per_night, roomTypes: doc.room_types?.map(hotelRoomTypeToModel) };
  return {
    hotelId: doc.hotel_id,
    name: doc.name,
    address: { street: doc.address.street, city: doc.address.city, state: doc.address.state, zip: doc.address.zip },
    starRating: doc.star_rating,
    numberOfRooms: doc.number_of_rooms,
    defaultRoomType: doc.default_room_type,
    pricePerNight: doc.price_per_night,
    roomTypes: roomTypesOf(stored),
    amenities: {
      wifi: amenity('wifi'),
      breakfastIncluded: amenity('breakfast_included'),
      parking: amenity('parking'),
      petFriendly: amenity('pet_friendly'),
      nearTransit: amenity('near_transit'),
      pool: amenity('pool'),
      gym: amenity('gym'),
    },
    hotelRating: doc.hotel_rating ?? 0,
    createdAt: iso(doc.created_at),
    updatedAt: iso(doc.updated_at),
    retiredAt: retiredAt(doc),
  };
}

export function carToModel(doc: CarDocument): CarModel {
  return {
    carId: doc.car_id,
    carType: doc.car_type,
    providerName: doc.provider_name,
    model: doc.model,
    year: doc.year,
    transmissionType: doc.transmission_type,
    numberOfSeats: doc.number_of_seats,
    dailyRentalPrice: doc.daily_rental_price,
    carRating: doc.car_rating ?? 0,
    availabilityStatus: doc.availability_status ?? 'Available',
    pickupCity: doc.pickup_city,
    createdAt: iso(doc.created_at),
    updatedAt: iso(doc.updated_at),
    retiredAt: retiredAt(doc),
  };
}

/** Model field → stored field, for turning validated camelCase writes into `$set` documents. */
export const flightFieldNames: Record<keyof Omit<FlightModel, Managed>, keyof FlightDocument> = {
  flightId: 'flight_id',
  airlineName: 'airline_name',
  departureAirport: 'departure_airport',
  departureCity: 'departure_city',
  arrivalAirport: 'arrival_airport',
  arrivalCity: 'arrival_city',
  departureDatetime: 'departure_datetime',
  arrivalDatetime: 'arrival_datetime',
  durationMinutes: 'duration_minutes',
  flightClass: 'flight_class',
  ticketPrice: 'ticket_price',
  totalAvailableSeats: 'total_available_seats',
  rating: 'rating',
};

export const hotelFieldNames: Record<keyof Omit<HotelModel, Managed>, keyof HotelDocument> = {
  hotelId: 'hotel_id',
  name: 'name',
  address: 'address',
  starRating: 'star_rating',
  numberOfRooms: 'number_of_rooms',
  defaultRoomType: 'default_room_type',
  pricePerNight: 'price_per_night',
  roomTypes: 'room_types',
  amenities: 'amenities',
  hotelRating: 'hotel_rating',
};

export const hotelAmenityNames: Record<keyof HotelModel['amenities'], HotelAmenity> = {
  wifi: 'wifi',
  breakfastIncluded: 'breakfast_included',
  parking: 'parking',
  petFriendly: 'pet_friendly',
  nearTransit: 'near_transit',
  pool: 'pool',
  gym: 'gym',
};

export const carFieldNames: Record<keyof Omit<CarModel, Managed>, keyof CarDocument> = {
  carId: 'car_id',
  carType: 'car_type',
  providerName: 'provider_name',
  model: 'model',
  year: 'year',
  transmissionType: 'transmission_type',
  numberOfSeats: 'number_of_seats',
  dailyRentalPrice: 'daily_rental_price',
  carRating: 'car_rating',
  availabilityStatus: 'availability_status',
  pickupCity: 'pickup_city',
};
