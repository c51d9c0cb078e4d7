import { isDuplicateKeyError } from '@kayak/common';
import type { Collection, Db } from 'mongodb';
import { AIRLINES, type AirlineFact } from '../data/airlines.js';
import { AIRPORTS, type AirportFact } from '../data/airports.js';

/**
 * The `airports` and `airlines` reference collections (docs/airports.md), keyed by IATA code in
 * `_id`: every lookup is an `_id` equality or `$in`, which mongo-java-server serves from its index.
 */

export interface AirportDocument {
  _id: string;
  name: string;
  city: string;
  state: string | null;
  country: string;
  time_zone: string;
  latitude: number | null;
  longitude: number | null;
  /** Position in the data module (busiest first): the autocomplete's tie-breaker. */
  traffic_rank: number;
}

export interface AirlineDocument {
  _id: string;
  name: string;
  country: string;
}

/** An airport with its autocomplete tie-breaker. */
export interface RankedAirport {
  airport: AirportFact;
  trafficRank: number;
}

export function airportToModel(doc: AirportDocument): AirportFact {
  return { code: doc._id, name: doc.name, city: doc.city, state: doc.state, country: doc.country, timeZone: doc.time_zone, latitude: doc.latitude, longitude: doc.longitude };
}

export function airlineToModel(doc: AirlineDocument): AirlineFact {
  return { code: doc._id, name: doc.name, country: doc.country };
}

function airportDocument(airport: AirportFact, trafficRank: number): AirportDocument {
  return {
    _id: airport.code,
    name: airport.name,
    city: airport.city,
    state: airport.state,
    country: airport.country,
    time_zone: airport.timeZone,
    latitude: airport.latitude,
    longitude: airport.longitude,
    traffic_rank: trafficRank,
  };
}

export class ReferenceDataRepository {
  private readonly airports: Collection<AirportDocument>;
  private readonly airlines: Collection<AirlineDocument>;

  constructor(db: Db) {
    this.airports = db.collection<AirportDocument>('airports');
    this.airlines = db.collection<AirlineDocument>('airlines');
  }

  /** One `$in` on `_id` for every code asked for (the airport DataLoader's batch). */
  async airportsByCodes(codes: readonly string[]): Promise<Map<string, AirportFact>> {
    const docs = await this.airports.find({ _id: { $in: [...codes] } }).toArray();
    return new Map(docs.map((doc) => [doc._id, airportToModel(doc)]));
  }

  async airlinesByCodes(codes: readonly string[]): Promise<Map<string, AirlineFact>> {
    const docs = await this.airlines.find({ _id: { $in: [...codes] } }).toArray();
    return new Map(docs.map((doc) => [doc._id, airlineToModel(doc)]));
  }

  /** The whole reference set (hundreds of documents): what the in-process directory holds. */
  async loadAll(): Promise<{ airports: RankedAirport[]; airlines: AirlineFact[] }> {
    const [airports, airlines] = await Promise.all([this.airports.find({}).toArray(), this.airlines.find({}).toArray()]);
    return {
      airports: airports.map((doc) => ({ airport: airportToModel(doc), trafficRank: doc.traffic_rank ?? Number.MAX_SAFE_INTEGER })),
      airlines: airlines.map(airlineToModel),
    };
  }
}

/**
 * Writes the facts of the data modules (src/data/) into the reference collections: one upsert
 * per code, by `_id`, so running it again changes nothing and a corrected fact reaches a database
 * seeded before the correction. Codes stored but no longer in the data modules are left alone.
 */
export async function seedReferenceData(db: Db): Promise<{ airports: number; airlines: number }> {
  try {
    return await writeReferenceData(db);
  } catch (error) {
    // Replicas starting together race to insert the same codes: the loser's second pass updates.
    if (!isDuplicateKeyError(error)) throw error;
    return writeReferenceData(db);
  }
}

async function writeReferenceData(db: Db): Promise<{ airports: number; airlines: number }> {
  await db.collection<AirportDocument>('airports').bulkWrite(
    AIRPORTS.map((airport, index) => {
      const { _id, ...fields } = airportDocument(airport, index + 1);
      return { updateOne: { filter: { _id }, update: { $set: fields }, upsert: true } };
    }),
    { ordered: false },
  );
  await db.collection<AirlineDocument>('airlines').bulkWrite(
    AIRLINES.map(({ code, name, country }) => ({ updateOne: { filter: { _id: code }, update: { $set: { name, country } }, upsert: true } })),
    { ordered: false },
  );
  return { airports: AIRPORTS.length, airlines: AIRLINES.length };
}
