import type { ListingSnapshot } from '@kayak/common';
import { carSnapshot, flightSnapshot, hotelSnapshot, type CarRow, type FlightRow, type HotelRow } from '@kayak/common/listing-snapshots';
import type { Db } from 'mongodb';

/**
 * Read-only access to the listings subgraph's collections (same database), for the analytics
 * rebuild only (docs/analytics.md): listings seeded or written before the listing events existed
 * have no event to learn them from. It maps a listing the way the listings subgraph's events
 * describe it (common's listing-snapshots) and uses the document's outbox `revision` (0 when it
 * never had one), so any later event replaces it. Only the fields named in the projections are read.
 */

type Revisioned<Row> = Row & { revision?: number };

export async function* readListingSnapshots(db: Db): AsyncGenerator<ListingSnapshot> {
  const flights = db.collection<Revisioned<FlightRow>>('flights').find({}, { projection: { _id: 0, flight_id: 1, airline_name: 1, departure_airport: 1, arrival_airport: 1, arrival_city: 1, departure_datetime: 1, ticket_price: 1, retired_at: 1, revision: 1 } });
  for await (const doc of flights) yield flightSnapshot(doc, doc.revision ?? 0);
  const hotels = db.collection<Revisioned<HotelRow>>('hotels').find({}, { projection: { _id: 0, hotel_id: 1, name: 1, 'address.city': 1, 'address.state': 1, price_per_night: 1, retired_at: 1, revision: 1 } });
  for await (const doc of hotels) yield hotelSnapshot(doc, doc.revision ?? 0);
  const cars = db.collection<Revisioned<CarRow>>('cars').find({}, { projection: { _id: 0, car_id: 1, provider_name: 1, model: 1, year: 1, pickup_city: 1, daily_rental_price: 1, retired_at: 1, revision: 1 } });
  for await (const doc of cars) yield carSnapshot(doc, doc.revision ?? 0);
}
