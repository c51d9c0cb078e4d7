import type { Collection, Db } from 'mongodb';
import type { FlightCriteria } from '../models.js';

/**
 * `flight_days`: the flights of one route on one UTC day, under `_id` "JFK>LAX>2026-12-01".
 *
 * A route search over a window of days reads a few of these by `_id` and then the flights by their
 * unique `flight_id`: both are key lookups on every server, where a filter on airports and dates
 * scans the whole collection on mongo-java-server (it serves queries only from unique indexes).
 *
 * The entries are candidates, never answers: a search re-applies its whole filter to the flights it
 * loads. So the index is append-only: a flight is added under its route and day before it is
 * written, and an entry left behind by a flight that moved or was retired only costs a lookup.
 * Anything that writes flights around the repository (bulk seeds) calls `rebuildFlightDays`.
 */
export interface FlightDayDocument {
  _id: string;
  flight_ids: string[];
}

/** The stored fields a day key is made of. */
export interface FlightRoute {
  flight_id: string;
  departure_airport: string;
  arrival_airport: string;
  departure_datetime: Date;
}

/** Windows longer than this are searched without the index (too many keys to be worth it). */
export const MAX_INDEXED_DAYS = 62;

const DAY_MS = 24 * 60 * 60 * 1000;

export const flightDayKey = (from: string, to: string, day: Date): string => `${from}>${to}>${day.toISOString().slice(0, 10)}`;

/** The day keys of a route over [start, end], or null when the window is too long to enumerate. */
export function flightDayKeys(from: string, to: string, start: Date, end: Date): string[] | null {
  const first = Math.floor(start.getTime() / DAY_MS);
  const last = Math.floor(end.getTime() / DAY_MS);
  if (last < first) return [];
  if (last - first + 1 > MAX_INDEXED_DAYS) return null;
  return Array.from({ length: last - first + 1 }, (_, offset) => flightDayKey(from, to, new Date((first + offset) * DAY_MS)));
}

/**
 * The day keys a flight search can be answered from: both airports and a bounded departure window
 * (its own window and its availability dates, whichever is narrower); null when it has none.
 */
export function searchDayKeys(criteria: FlightCriteria): string[] | null {
  const { departureAirport, arrivalAirport } = criteria;
  const instants = (values: Array<string | undefined>): number[] => values.filter((value): value is string => value !== undefined).map((value) => Date.parse(value));
  const starts = instants([criteria.departureFrom, criteria.availability?.startDate]);
  const ends = instants([criteria.departureTo, criteria.availability?.endDate]);
  if (departureAirport === undefined || arrivalAirport === undefined || starts.length === 0 || ends.length === 0) return null;
  return flightDayKeys(departureAirport, arrivalAirport, new Date(Math.max(...starts)), new Date(Math.min(...ends)));
}

const keyOf = (flight: FlightRoute): string => flightDayKey(flight.departure_airport, flight.arrival_airport, flight.departure_datetime);

export class FlightDayIndex {
  private readonly collection: Collection<FlightDayDocument>;

  constructor(db: Db) {
    this.collection = db.collection<FlightDayDocument>('flight_days');
  }

  /** Adds a flight under its route and day (idempotent); call it before writing the flight. */
  async add(flight: FlightRoute): Promise<void> {
    await this.collection.updateOne({ _id: keyOf(flight) }, { $addToSet: { flight_ids: flight.flight_id } }, { upsert: true });
  }

  /** Ids of the flights that may fly the route on one of the days: one read by `_id`. */
  async candidates(keys: readonly string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const days = await this.collection.find({ _id: { $in: [...keys] } }).toArray();
    return [...new Set(days.flatMap((day) => day.flight_ids))];
  }
}

/** Rebuilds the index from the flights (after bulk writes that bypass the repository). */
export async function rebuildFlightDays(db: Db): Promise<number> {
  const byKey = new Map<string, string[]>();
  const flights = db.collection<FlightRoute>('flights').find({}, { projection: { _id: 0, flight_id: 1, departure_airport: 1, arrival_airport: 1, departure_datetime: 1 } });
  for await (const flight of flights) {
    const key = keyOf(flight);
    byKey.set(key, [...(byKey.get(key) ?? []), flight.flight_id]);
  }
  const collection = db.collection<FlightDayDocument>('flight_days');
  await collection.deleteMany({});
  const documents = [...byKey].map(([_id, flight_ids]) => ({ _id, flight_ids }));
  // Moderate batches: one huge insert is slow on the embedded server.
  for (let index = 0; index < documents.length; index += 1_000) await collection.insertMany(documents.slice(index, index + 1_000));
  return documents.length;
}
