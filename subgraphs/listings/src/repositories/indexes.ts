import { outboxCollection, type CollectionIndexes } from '@kayak/common';

/** Collections owned by the listings subgraph and their indexes (design doc §3–6). */
export const collections: CollectionIndexes[] = [
  {
    collection: 'flights',
    indexes: [
      { key: { flight_id: 1 }, unique: true },
      { key: { departure_airport: 1, arrival_airport: 1, departure_datetime: 1 } },
      { key: { departure_city: 1 } },
      { key: { arrival_city: 1 } },
      { key: { departure_datetime: 1 } },
      { key: { rating: 1 } },
    ],
  },
  {
    collection: 'hotels',
    indexes: [
      { key: { hotel_id: 1 }, unique: true },
      { key: { 'address.city': 1, price_per_night: 1 } },
      { key: { star_rating: 1 } },
      { key: { hotel_rating: 1 } },
      { key: { 'amenities.pet_friendly': 1, 'amenities.wifi': 1 } },
    ],
  },
  {
    collection: 'cars',
    indexes: [
      { key: { car_id: 1 }, unique: true },
      { key: { pickup_city: 1, daily_rental_price: 1, car_type: 1 } },
      { key: { availability_status: 1 } },
      { key: { car_rating: 1 } },
    ],
  },
  {
    collection: 'availability_blocks',
    indexes: [
      { key: { listing_type: 1, reference_id: 1, start_date: 1, end_date: 1 } },
      { key: { listing_type: 1, reference_id: 1, booking_status: 1 } },
      { key: { start_date: 1 } },
      { key: { end_date: 1 } },
      { key: { booking_id: 1 }, unique: true },
      // The consumer's compare-and-set filter ({ booking_id, version }): unique anyway, and unique so
      // that mongo-java-server serves it from the index (it uses only unique indexes, on exact keys).
      { key: { booking_id: 1, version: 1 }, unique: true },
    ],
  },
  {
    // Keyed by `_id` ("Flight:FL001"); searches over every listing of a type read by type.
    collection: 'listing_holds',
    indexes: [{ key: { listing_type: 1 } }],
  },
  {
    // Keyed by `_id` ("JFK>LAX>2026-12-01"): the flights of a route on a day (repositories/flightDays.ts).
    collection: 'flight_days',
    indexes: [],
  },
  // Reference data keyed by IATA code in `_id` (repositories/referenceData.ts, docs/airports.md).
  { collection: 'airports', indexes: [] },
  { collection: 'airlines', indexes: [] },
  {
    // Keyed by `_id` ("JFK|2026-12-01"): the flights leaving an airport on a day, for itinerary search (repositories/airportDays.ts).
    collection: 'airport_days',
    indexes: [],
  },
  // Hints and hard-delete entries of the event outbox (docs/events.md).
  outboxCollection,
];
