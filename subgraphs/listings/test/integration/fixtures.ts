import type { AppConfig, BookingEventType, DomainEventOf, Viewer } from '@kayak/common';
import { bookingEventMessage, graphqlRequest, type BookingEventFields, type GraphQLResponse } from '@kayak/common/testing';
import type { Db } from 'mongodb';
import type { AvailabilityBlockDocument, CarDocument, FlightDocument, HotelDocument } from '../../src/repositories/documents.js';
import { rebuildListingHolds } from '../../src/repositories/availabilityBlocks.js';
import { rebuildAirportDays } from '../../src/repositories/airportDays.js';
import { rebuildFlightDays } from '../../src/repositories/flightDays.js';

/** Test data and calls shared by the listings integration tests. */

export const DAY = 24 * 60 * 60 * 1000;
/** A fixed future base date: fixtures never depend on today's date. */
export const BASE = new Date('2031-03-01T00:00:00.000Z');
export const at = (days: number, hours = 0): Date => new Date(BASE.getTime() + days * DAY + hours * 60 * 60 * 1000);

export const listingAdmin: Viewer = { kind: 'admin', adminId: 'ADM-LISTINGS', role: 'Listing Admin' };
export const superAdmin: Viewer = { kind: 'admin', adminId: 'ADM-SUPER', role: 'Super Admin' };
export const userAdmin: Viewer = { kind: 'admin', adminId: 'ADM-USERS', role: 'User Admin' };
export const customer: Viewer = { kind: 'user', userId: '123-45-6789' };
export const anonymous: Viewer = { kind: 'anonymous' };

export function flightDoc(id: string, overrides: Partial<FlightDocument> = {}): FlightDocument {
  const departure = overrides.departure_datetime ?? at(1, 8);
  const minutes = overrides.duration_minutes ?? 300;
  return {
    flight_id: id,
    airline_name: 'Delta Air Lines',
    departure_airport: 'JFK',
    departure_city: 'New York',
    arrival_airport: 'LAX',
    arrival_city: 'Los Angeles',
    departure_datetime: departure,
    arrival_datetime: new Date(departure.getTime() + minutes * 60_000),
    duration_minutes: minutes,
    flight_class: 'Economy',
    ticket_price: 300,
    total_available_seats: 100,
    rating: 4,
    created_at: BASE,
    updated_at: BASE,
    ...overrides,
  };
}

export function hotelDoc(id: string, overrides: Partial<HotelDocument> = {}): HotelDocument {
  return {
    hotel_id: id,
    name: `Hotel ${id}`,
    address: { street: '1 Main St', city: 'New York', state: 'NY', zip: '10001' },
    star_rating: 3,
    number_of_rooms: 10,
    default_room_type: 'Standard',
    price_per_night: 200,
    amenities: { wifi: true, breakfast_included: false, parking: false, pet_friendly: false, near_transit: false, pool: false, gym: false },
    hotel_rating: 3.5,
    created_at: BASE,
    updated_at: BASE,
    ...overrides,
  };
}

export function carDoc(id: string, overrides: Partial<CarDocument> = {}): CarDocument {
  return {
    car_id: id,
    car_type: 'SUV',
    provider_name: 'Hertz',
    model: 'Ford Explorer',
    year: 2024,
    transmission_type: 'Automatic',
    number_of_seats: 5,
    daily_rental_price: 80,
    car_rating: 4,
    availability_status: 'Available',
    pickup_city: 'Denver',
    created_at: BASE,
    updated_at: BASE,
    ...overrides,
  };
}

let blockSequence = 0;

/** A block as the consumer would have written it (for tests that are not about Kafka). */
export function blockDoc(listingType: AvailabilityBlockDocument['listing_type'], referenceId: string, overrides: Partial<AvailabilityBlockDocument> = {}): AvailabilityBlockDocument {
  blockSequence += 1;
  return {
    listing_type: listingType,
    reference_id: referenceId,
    start_date: at(1),
    end_date: at(3),
    booking_id: `BK-TEST-${blockSequence}-${Math.random().toString(36).slice(2, 8)}`,
    booking_status: 'Confirmed',
    user_id: '123-45-6789',
    quantity: 1,
    version: 1,
    last_event_id: `evt-${blockSequence}`,
    event_occurred_at: BASE,
    synced_at: BASE,
    created_at: BASE,
    updated_at: BASE,
    ...overrides,
  };
}

export async function insertListings(db: Db, data: { flights?: FlightDocument[]; hotels?: HotelDocument[]; cars?: CarDocument[]; blocks?: AvailabilityBlockDocument[] }): Promise<void> {
  if (data.flights?.length) {
    await db.collection('flights').insertMany(data.flights);
    await rebuildFlightDays(db);
    await rebuildAirportDays(db);
  }
  if (data.hotels?.length) await db.collection('hotels').insertMany(data.hotels);
  if (data.cars?.length) await db.collection('cars').insertMany(data.cars);
  if (data.blocks?.length) {
    await db.collection('availability_blocks').insertMany(data.blocks);
    await rebuildListingHolds(db);
  }
}

/**
 * A valid booking event (the common envelope, @kayak/common/testing's bookingEventMessage) about
 * hotel HTL-K1 from at(1) to at(3) unless told otherwise.
 */
export function bookingEvent<T extends BookingEventType>(type: T, fields: BookingEventFields<T> = {}): DomainEventOf<T> {
  return bookingEventMessage(type, { listingId: 'HTL-K1', startDate: at(1).toISOString(), endDate: at(3).toISOString(), ...fields });
}

export interface GraphQLCaller {
  <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<GraphQLResponse<T>>;
}

/** Calls the subgraph directly with a signed gateway assertion (anonymous by default). */
export function caller(url: string, config: AppConfig): GraphQLCaller {
  return (query, variables, viewer = anonymous) => graphqlRequest(url, query, { variables, viewer, gatewaySecret: config.GATEWAY_SECRET });
}

export const codeOf = (response: GraphQLResponse<unknown>): unknown => response.errors?.[0]?.extensions?.code;
export const fieldsOf = (response: GraphQLResponse<unknown>): unknown => response.errors?.[0]?.extensions?.fields;
