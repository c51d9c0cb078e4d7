import { conflict, isDuplicateKeyError, type ListingSnapshot, type OutboxSource, type OutboxWriter } from '@kayak/common';
import { type Collection, type Db, type Document, type Filter, type Sort } from 'mongodb';
import * as siftModule from 'sift';
import type { ListingType } from '../generated/graphql.js';
import type { CarFields, CarModel, CarPatch, FlightFields, FlightModel, FlightPatch, HotelFields, HotelModel, HotelPatch, HotelRoomTypeModel } from '../models.js';
import {
  carFieldNames,
  carToModel,
  flightFieldNames,
  flightToModel,
  hotelAmenityNames,
  hotelFieldNames,
  hotelRoomTypeToDocument,
  hotelToModel,
  type CarDocument,
  type FlightDocument,
  type HotelDocument,
} from './documents.js';
import { AirportDayIndex } from './airportDays.js';
import { FlightDayIndex } from './flightDays.js';
import { carSnapshot, flightSnapshot, hotelSnapshot } from '@kayak/common/listing-snapshots';
import { listingCreated, listingRetired, listingUpdated } from './listingEvents.js';

/** How one listing type is stored: collection, business key, and the two-way mapping. */
export interface ListingStore<M, F, P, D extends Document> {
  type: ListingType;
  collection: string;
  idField: string & keyof D;
  toModel(doc: D): M;
  /** Stored fields of validated values (new listing or patch). */
  toStored(fields: F | P): Partial<D>;
  /** What its domain events show of a stored listing (listingEvents.ts). */
  snapshot(doc: D, revision: number): ListingSnapshot;
}

/** Model field → stored field; ISO instants become Dates, amenities snake_case. */
function storedFields<D>(fields: object, names: Record<string, keyof D>, convert: (field: string, value: unknown) => unknown = (_f, v) => v): Partial<D> {
  const stored: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    const name = names[field];
    if (name === undefined || value === undefined) continue;
    stored[String(name)] = convert(field, value);
  }
  return stored as Partial<D>;
}

export const flightStore: ListingStore<FlightModel, FlightFields, FlightPatch, FlightDocument> = {
  type: 'Flight',
  collection: 'flights',
  idField: 'flight_id',
  toModel: flightToModel,
  snapshot: flightSnapshot,
  toStored: (fields) =>
    storedFields<FlightDocument>(fields, flightFieldNames, (field, value) =>
      (field === 'departureDatetime' || field === 'arrivalDatetime') && typeof value === 'string' ? new Date(value) : value,
    ),
};

export const hotelStore: ListingStore<HotelModel, HotelFields, HotelPatch, HotelDocument> = {
  type: 'Hotel',
  collection: 'hotels',
  idField: 'hotel_id',
  toModel: hotelToModel,
  snapshot: hotelSnapshot,
  toStored: (fields) =>
    storedFields<HotelDocument>(fields, hotelFieldNames, (field, value) => {
      if (field === 'roomTypes' && Array.isArray(value)) return (value as HotelRoomTypeModel[]).map(hotelRoomTypeToDocument);
      if (field !== 'amenities' || typeof value !== 'object' || value === null) return value;
      return Object.fromEntries(Object.entries(value).map(([name, flag]) => [hotelAmenityNames[name as keyof typeof hotelAmenityNames], flag === true]));
    }),
};

export const carStore: ListingStore<CarModel, CarFields, CarPatch, CarDocument> = {
  type: 'Car',
  collection: 'cars',
  idField: 'car_id',
  toModel: carToModel,
  snapshot: carSnapshot,
  toStored: (fields) => storedFields<CarDocument>(fields, carFieldNames),
};

/**
 * A Mongo filter evaluated in process, with MongoDB's matching rules (sift). sift is CommonJS and its
 * types do not describe that shape under NodeNext: its `module.exports` is the tester itself.
 */
const matcherOf = (siftModule as unknown as { default: (query: Document) => (item: Document) => boolean }).default;

/** Called with what a write is about to store (a new listing, or a listing after its update). */
export type BeforeWrite<D> = (stored: D) => Promise<void>;

/** Mongo's order of two stored values of one sort field (numbers, dates or strings). */
function compareValues(left: unknown, right: unknown): number {
  const a = left instanceof Date ? left.getTime() : left;
  const b = right instanceof Date ? right.getTime() : right;
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  return (a as number | string) < (b as number | string) ? -1 : 1;
}

const comparatorOf =
  (sort: Sort) =>
  (left: Document, right: Document): number => {
    for (const [field, direction] of Object.entries(sort as Record<string, 1 | -1>)) {
      const order = compareValues(left[field], right[field]) * direction;
      if (order !== 0) return order;
    }
    return 0;
  };

/** The only code that reads or writes one listings collection. */
export class ListingRepository<M, F, P, D extends Document> {
  private readonly collection: Collection<D>;

  private readonly source: OutboxSource;

  constructor(
    db: Db,
    readonly store: ListingStore<M, F, P, D>,
    /** Every write of a listing goes through it with its `listing.*` events (docs/events.md). */
    private readonly outbox: OutboxWriter,
    private readonly beforeWrite: BeforeWrite<D> | null = null,
  ) {
    this.collection = db.collection<D>(store.collection);
    this.source = { collection: store.collection, idField: store.idField };
  }

  private byId(id: string | { $in: readonly string[] }): Filter<D> {
    return { [this.store.idField]: id } as Filter<D>;
  }

  /** One query for any number of ids (DataLoader batches). */
  async findByIds(ids: readonly string[]): Promise<Map<string, M>> {
    const docs = await this.collection.find(this.byId({ $in: ids }), { projection: { _id: 0 } }).toArray();
    return new Map(docs.map((doc) => [String(doc[this.store.idField]), this.store.toModel(doc as D)]));
  }

  async findById(id: string): Promise<M | null> {
    const doc = await this.collection.findOne(this.byId(id), { projection: { _id: 0 } });
    return doc ? this.store.toModel(doc as D) : null;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.collection.countDocuments(this.byId(id), { limit: 1 })) > 0;
  }

  /** Inserts a new listing; an id already taken → CONFLICT (checked first, E11000 as a backstop). */
  async insert(fields: F, id: string, now: Date): Promise<M> {
    const taken = () => conflict(`${this.store.type} ${id} already exists`, [{ path: `input.${this.store.type.toLowerCase()}Id`, message: 'is already taken' }]);
    if (await this.exists(id)) throw taken();
    const doc = { ...this.store.toStored(fields), created_at: now, updated_at: now } as unknown as D;
    await this.beforeWrite?.(doc);
    try {
      await this.outbox.insert(this.collection, this.source, doc, [listingCreated(this.store.snapshot(doc, 1), now)]);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw taken();
      throw error;
    }
    return this.store.toModel(doc);
  }

  /** Applies a validated patch; null when the listing does not exist. */
  async update(id: string, patch: P, now: Date): Promise<M | null> {
    const set = { ...this.store.toStored(patch), updated_at: now };
    if (this.beforeWrite) {
      const current = await this.collection.findOne(this.byId(id), { projection: { _id: 0 } });
      if (!current) return null;
      await this.beforeWrite({ ...(current as D), ...set });
    }
    const doc = await this.outbox.update(this.collection, this.source, this.byId(id), (current, revision) => ({
      update: { $set: set },
      events: listingUpdated(this.store.snapshot(current as D, revision - 1), this.store.snapshot({ ...(current as D), ...set }, revision), now),
    }));
    return doc ? this.store.toModel(doc as D) : null;
  }

  /**
   * Marks a listing retired instead of deleting it: bookings keep resolving it. False when there
   * is no listing with this id that is not retired already.
   */
  async retire(id: string, now: Date): Promise<boolean> {
    const filter = { ...this.byId(id), retired_at: null } as Filter<D>;
    const retired = await this.outbox.update(this.collection, this.source, filter, (current, revision) => ({
      update: { $set: { retired_at: now, updated_at: now } },
      events: [listingRetired(this.store.snapshot({ ...(current as D), retired_at: now, updated_at: now }, revision), now)],
    }));
    return retired !== null;
  }

  /**
   * One page of a search and the number of all its matches, in one aggregation: both come from a
   * single pass over the matching listings (`$facet`), where a `find` plus a count would scan twice
   * on a server whose plain indexes do not serve queries (mongo-java-server).
   */
  async search(filter: Document, after: Document | null, sort: Sort, limit: number): Promise<{ rows: M[]; total: number }> {
    const page: Document[] = [...(after ? [{ $match: after }] : []), { $sort: sort }, { $limit: Math.max(limit, 1) }, { $project: { _id: 0 } }];
    const [result] = await this.collection
      .aggregate<{ page: D[]; total: Array<{ count: number }> }>([{ $match: filter }, { $facet: { page, total: [{ $count: 'count' }] } }])
      .toArray();
    const rows = limit > 0 ? (result?.page ?? []).map((doc) => this.store.toModel(doc)) : [];
    return { rows, total: result?.total[0]?.count ?? 0 };
  }

  /** Every listing matching `filter`, in one find (searches that rank in process: the room-type hotel search). */
  async findMatching(filter: Document): Promise<M[]> {
    const docs = await this.collection.find(filter as Filter<D>, { projection: { _id: 0 } }).toArray();
    return docs.map((doc) => this.store.toModel(doc as D));
  }

  /**
   * `search` over a known superset of the matches (ids from an index such as `flight_days`): one
   * find by the unique business key, then the same filter, cursor, order and count applied here.
   */
  async searchAmong(ids: readonly string[], filter: Document, after: Document | null, sort: Sort, limit: number): Promise<{ rows: M[]; total: number }> {
    if (ids.length === 0) return { rows: [], total: 0 };
    const docs = await this.collection.find(this.byId({ $in: ids }), { projection: { _id: 0 } }).toArray();
    const matches = docs.filter(matcherOf(filter));
    const page = (after ? matches.filter(matcherOf(after)) : matches).sort(comparatorOf(sort)).slice(0, Math.max(limit, 0));
    return { rows: page.map((doc) => this.store.toModel(doc as D)), total: matches.length };
  }
}

export type FlightRepository = ListingRepository<FlightModel, FlightFields, FlightPatch, FlightDocument>;
export type HotelRepository = ListingRepository<HotelModel, HotelFields, HotelPatch, HotelDocument>;
export type CarRepository = ListingRepository<CarModel, CarFields, CarPatch, CarDocument>;

export interface ListingRepositories {
  flights: FlightRepository;
  flightDays: FlightDayIndex;
  airportDays: AirportDayIndex;
  hotels: HotelRepository;
  cars: CarRepository;
}

/** The collections whose documents carry `listing.*` events, found by their unique business key. */
export const listingSources: OutboxSource[] = [flightStore, hotelStore, carStore].map((store) => ({ collection: store.collection, idField: store.idField }));

export function createListingRepositories(db: Db, outbox: OutboxWriter): ListingRepositories {
  const flightDays = new FlightDayIndex(db);
  const airportDays = new AirportDayIndex(db);
  return {
    // Both day indexes learn of a flight before it is written (its new route or day included).
    flights: new ListingRepository(db, flightStore, outbox, async (flight) => {
      await Promise.all([flightDays.add(flight), airportDays.add(flight)]);
    }),
    flightDays,
    airportDays,
    hotels: new ListingRepository(db, hotelStore, outbox),
    cars: new ListingRepository(db, carStore, outbox),
  };
}
