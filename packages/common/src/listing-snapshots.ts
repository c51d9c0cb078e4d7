import type { ListingSnapshot } from './domain-events.js';

/**
 * How a listing document of the listings subgraph's collections reads in a domain event
 * (docs/events.md): title, city (a flight's: its arrival city), state, route, price in cents. The
 * listings subgraph describes its changes with it; the analytics rebuild of the reviews subgraph
 * describes the listings that exist. The row types name only the fields read.
 */
export interface FlightRow {
  flight_id: string;
  airline_name: string;
  departure_airport: string;
  arrival_airport: string;
  arrival_city?: string | null;
  departure_datetime: Date | string;
  ticket_price: number;
  retired_at?: Date | null;
}

export interface HotelRow {
  hotel_id: string;
  name: string;
  address: { city: string; state: string };
  price_per_night: number;
  retired_at?: Date | null;
}

export interface CarRow {
  car_id: string;
  provider_name: string;
  model: string;
  year: number;
  pickup_city: string;
  daily_rental_price: number;
  retired_at?: Date | null;
}

/** Prices are stored in dollars with at most two decimals; events carry cents. */
const cents = (dollars: number): number => Math.round(dollars * 100);

export function flightSnapshot(doc: FlightRow, revision: number): ListingSnapshot {
  return {
    listingType: 'Flight',
    listingId: doc.flight_id,
    title: `${doc.airline_name} ${doc.flight_id} ${doc.departure_airport}→${doc.arrival_airport}`,
    city: doc.arrival_city ?? null,
    state: null,
    route: { from: doc.departure_airport, to: doc.arrival_airport, departsAt: new Date(doc.departure_datetime).toISOString() },
    priceCents: cents(doc.ticket_price),
    retired: Boolean(doc.retired_at),
    revision,
  };
}

export function hotelSnapshot(doc: HotelRow, revision: number): ListingSnapshot {
  return {
    listingType: 'Hotel',
    listingId: doc.hotel_id,
    title: doc.name,
    city: doc.address.city,
    state: doc.address.state,
    route: null,
    priceCents: cents(doc.price_per_night),
    retired: Boolean(doc.retired_at),
    revision,
  };
}

export function carSnapshot(doc: CarRow, revision: number): ListingSnapshot {
  return {
    listingType: 'Car',
    listingId: doc.car_id,
    title: `${doc.provider_name} ${doc.model} ${doc.year}`,
    city: doc.pickup_city,
    state: null,
    route: null,
    priceCents: cents(doc.daily_rental_price),
    retired: Boolean(doc.retired_at),
    revision,
  };
}
