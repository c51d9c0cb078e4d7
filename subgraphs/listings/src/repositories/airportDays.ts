import type { Collection, Db } from 'mongodb';
import type { FlightRoute } from './flightDays.js';

/**
 * `airport_days`: the flights leaving one airport on one UTC day, under `_id` "JFK|2026-12-01",
 * each with where and when it lands:
 * `{ _id, flights: { FL001: { to: "ORD", departs: Date, arrives: Date } } }`.
 *
 * Itinerary search builds connections from these alone (docs/itineraries.md): the flights leaving
 * the origin on the leg's day, then the flights leaving each airport reached within the connection
 * window, ... — a few `_id` `$in` reads, where "flights from X on day D" is a scan of `flights` on
 * mongo-java-server. Only the flights of complete paths are then loaded, by their unique `flight_id`.
 *
 * Like `flight_days`, entries are candidates and the search re-checks every flight it loads. A write
 * sets the flight's entry under its current key (keyed by flight id, so a rewrite replaces it); an
 * entry left under an old key by a flight that moved, or by a retired flight, only costs a lookup.
 * Anything that writes flights around the repository (bulk seeds) calls `rebuildAirportDays`.
 */
export interface AirportDayEntry {
  to: string;
  departs: Date;
  arrives: Date;
}

export interface AirportDayDocument {
  _id: string;
  flights: Record<string, AirportDayEntry>;
}

/** The stored fields an entry is made of. */
export interface AirportDayFlight extends FlightRoute {
  arrival_datetime: Date;
}

/** A flight as the index knows it. */
export interface AirportDayCandidate extends AirportDayEntry {
  flightId: string;
  from: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const utcDay = (instant: Date): string => instant.toISOString().slice(0, 10);

export const airportDayKey = (airport: string, day: string): string => `${airport}|${day}`;

/** The keys of an airport for every UTC day that [start, end] touches. */
export function airportDayKeys(airport: string, start: Date, end: Date): string[] {
  const first = Math.floor(start.getTime() / DAY_MS);
  const last = Math.floor(end.getTime() / DAY_MS);
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, offset) => airportDayKey(airport, utcDay(new Date((first + offset) * DAY_MS))));
}

const keyOf = (flight: AirportDayFlight): string => airportDayKey(flight.departure_airport, utcDay(flight.departure_datetime));

const entryOf = (flight: AirportDayFlight): AirportDayEntry => ({ to: flight.arrival_airport, departs: flight.departure_datetime, arrives: flight.arrival_datetime });

export class AirportDayIndex {
  private readonly collection: Collection<AirportDayDocument>;

  constructor(db: Db) {
    this.collection = db.collection<AirportDayDocument>('airport_days');
  }

  /** Sets a flight's entry under its airport and day (idempotent); call it before writing the flight. */
  async add(flight: AirportDayFlight): Promise<void> {
    await this.collection.updateOne({ _id: keyOf(flight) }, { $set: { [`flights.${flight.flight_id}`]: entryOf(flight) } }, { upsert: true });
  }

  /** The flights under the keys, per key: one read by `_id` (keys never read are absent). */
  async candidates(keys: readonly string[]): Promise<Map<string, AirportDayCandidate[]>> {
    const byKey = new Map<string, AirportDayCandidate[]>(keys.map((key) => [key, []]));
    if (keys.length === 0) return byKey;
    for (const day of await this.collection.find({ _id: { $in: [...keys] } }).toArray()) {
      const from = day._id.slice(0, day._id.indexOf('|'));
      byKey.set(
        day._id,
        Object.entries(day.flights ?? {}).map(([flightId, entry]) => ({ flightId, from, to: entry.to, departs: new Date(entry.departs), arrives: new Date(entry.arrives) })),
      );
    }
    return byKey;
  }
}

/** Rebuilds the index from the flights (after bulk writes that bypass the repository). */
export async function rebuildAirportDays(db: Db): Promise<number> {
  const byKey = new Map<string, Record<string, AirportDayEntry>>();
  const projection = { _id: 0, flight_id: 1, departure_airport: 1, arrival_airport: 1, departure_datetime: 1, arrival_datetime: 1 };
  for await (const flight of db.collection<AirportDayFlight>('flights').find({}, { projection })) {
    const key = keyOf(flight);
    const flights = byKey.get(key) ?? {};
    flights[flight.flight_id] = entryOf(flight);
    byKey.set(key, flights);
  }
  const collection = db.collection<AirportDayDocument>('airport_days');
  await collection.deleteMany({});
  const documents = [...byKey].map(([_id, flights]) => ({ _id, flights }));
  // Moderate batches: one huge insert is slow on the embedded server.
  for (let index = 0; index < documents.length; index += 1_000) await collection.insertMany(documents.slice(index, index + 1_000));
  return documents.length;
}
