import type { ListingSnapshot } from '@kayak/common';
import type { Db } from 'mongodb';

/**
 * Read-only access to the listings subgraph's collections (same database), for the analytics
 * rebuild only (docs/analytics.md): listings seeded or written before the listing events existed
 * have no event to learn them from. It maps a listing the way the listings subgraph's events
 * describe it (title, city — a flight's arrival city —, state, route, price) and uses the
 * document's outbox `revision` (0 when it never had one), so any later event replaces it. Only
 * the fields named in the projections are read.
 */

interface FlightRow {
  flight_id: string;
  airline_name: string;
  departure_airport: string;
  arrival_airport: string;
  arrival_city?: string | null;
  departure_datetime: Date | string;
  ticket_price: number;
  retired_at?: Date | null;
  revision?: number;
}

interface HotelRow {
  hotel_id: string;
  name: string;
  address: { city: string; state: string };
  price_per_night: number;
  retired_at?: Date | null;
  revision?: number;
}

interface CarRow {
  car_id: string;
  provider_name: string;
  model: string;
  year: number;
  pickup_city: string;
  daily_rental_price: number;
  retired_at?: Date | null;
  revision?: number;
}

/** Prices are stored in dollars with at most two decimals. */
const cents = (dollars: number): number => Math.round(dollars * 100);

export async function* readListingSnapshots(db: Db): AsyncGenerator<ListingSnapshot> {
  const flights = db.collection<FlightRow>('flights').find({}, { projection: { _id: 0, flight_id: 1, airline_name: 1, departure_airport: 1, arrival_airport: 1, arrival_city: 1, departure_datetime: 1, ticket_price: 1, retired_at: 1, revision: 1 } });
  for await (const doc of flights) {
    yield {
      listingType: 'Flight',
      listingId: doc.flight_id,
      title: `${doc.airline_name} ${doc.flight_id} ${doc.departure_airport}→${doc.arrival_airport}`,
      city: doc.arrival_city ?? null,
      state: null,
      route: { from: doc.departure_airport, to: doc.arrival_airport, departsAt: new Date(doc.departure_datetime).toISOString() },
      priceCents: cents(doc.ticket_price),
      retired: Boolean(doc.retired_at),
      revision: doc.revision ?? 0,
    };
  }
  const hotels = db.collection<HotelRow>('hotels').find({}, { projection: { _id: 0, hotel_id: 1, name: 1, 'address.city': 1, 'address.state': 1, price_per_night: 1, retired_at: 1, revision: 1 } });
  for await (const doc of hotels) {
    yield { listingType: 'Hotel', listingId: doc.hotel_id, title: doc.name, city: doc.address.city, state: doc.address.state, route: null, priceCents: cents(doc.price_per_night), retired: Boolean(doc.retired_at), revision: doc.revision ?? 0 };
  }
  const cars = db.collection<CarRow>('cars').find({}, { projection: { _id: 0, car_id: 1, provider_name: 1, model: 1, year: 1, pickup_city: 1, daily_rental_price: 1, retired_at: 1, revision: 1 } });
  for await (const doc of cars) {
    yield {
      listingType: 'Car',
      listingId: doc.car_id,
      title: `${doc.provider_name} ${doc.model} ${doc.year}`,
      city: doc.pickup_city,
      state: null,
      route: null,
      priceCents: cents(doc.daily_rental_price),
      retired: Boolean(doc.retired_at),
      revision: doc.revision ?? 0,
    };
  }
}
