import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { HotelCityWatchModel, NewHotelCityWatch, NewRouteWatch, RouteWatchModel, WatchModel } from '../notification-models.js';

interface WatchBaseDocument {
  _id: string;
  user_id: string;
  created_at: Date;
}

interface RouteWatchDocument extends WatchBaseDocument {
  kind: 'route';
  from: string;
  to: string;
  depart_from: Date;
  depart_to: Date;
  max_price_cents: number;
  passengers: number;
}

interface HotelCityWatchDocument extends WatchBaseDocument {
  kind: 'hotelCity';
  city: string;
  /** The city lowercased: what listings are matched on. */
  city_key: string;
  state: string | null;
  check_in: Date;
  check_out: Date;
  max_nightly_price_cents: number;
}

export type WatchDocument = RouteWatchDocument | HotelCityWatchDocument;

/** The matchCount comes from the notifications (a loader); 0 here. */
function toWatchModel(document: WatchDocument): WatchModel {
  const base = { id: document._id, userId: document.user_id, createdAt: document.created_at, matchCount: 0 };
  if (document.kind === 'route') {
    return { ...base, kind: 'route', from: document.from, to: document.to, departFrom: document.depart_from, departTo: document.depart_to, maxPriceCents: document.max_price_cents, passengers: document.passengers };
  }
  return { ...base, kind: 'hotelCity', city: document.city, state: document.state, checkIn: document.check_in, checkOut: document.check_out, maxNightlyPriceCents: document.max_nightly_price_cents };
}

export const cityKey = (city: string): string => city.trim().toLowerCase();

/** The `watches` collection: route and hotel-city watches of users. */
export class WatchesRepository {
  private readonly watches: Collection<WatchDocument>;

  constructor(db: Db) {
    this.watches = db.collection<WatchDocument>('watches');
  }

  async insertRoute(watch: NewRouteWatch, now: Date, id: string = randomUUID()): Promise<RouteWatchModel> {
    const document: RouteWatchDocument = {
      _id: id,
      user_id: watch.userId,
      created_at: now,
      kind: 'route',
      from: watch.from,
      to: watch.to,
      depart_from: watch.departFrom,
      depart_to: watch.departTo,
      max_price_cents: watch.maxPriceCents,
      passengers: watch.passengers,
    };
    await this.watches.insertOne(document);
    return toWatchModel(document) as RouteWatchModel;
  }

  async insertHotelCity(watch: NewHotelCityWatch, now: Date, id: string = randomUUID()): Promise<HotelCityWatchModel> {
    const document: HotelCityWatchDocument = {
      _id: id,
      user_id: watch.userId,
      created_at: now,
      kind: 'hotelCity',
      city: watch.city,
      city_key: cityKey(watch.city),
      state: watch.state,
      check_in: watch.checkIn,
      check_out: watch.checkOut,
      max_nightly_price_cents: watch.maxNightlyPriceCents,
    };
    await this.watches.insertOne(document);
    return toWatchModel(document) as HotelCityWatchModel;
  }

  /** Seeding: inserts the watch with a fixed id unless it exists. */
  async upsertSeed(document: WatchDocument): Promise<void> {
    await this.watches.updateOne({ _id: document._id }, { $setOnInsert: document }, { upsert: true });
  }

  async listByUser(userId: string): Promise<WatchModel[]> {
    const documents = await this.watches.find({ user_id: userId }).sort({ created_at: -1, _id: -1 }).toArray();
    return documents.map(toWatchModel);
  }

  /** Watches in the order of `ids` (null where missing), one `$in` find. */
  async findByIds(ids: readonly string[]): Promise<Array<WatchModel | null>> {
    const documents = await this.watches.find({ _id: { $in: [...new Set(ids)] } }).toArray();
    const byId = new Map(documents.map((document) => [document._id, toWatchModel(document)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Deletes the user's watch; false when there is no such watch of theirs. */
  async delete(userId: string, id: string): Promise<boolean> {
    const result = await this.watches.deleteOne({ _id: id, user_id: userId });
    return result.deletedCount === 1;
  }

  /** Route watches of a route (candidates: the departure window and price are checked by the matcher). */
  async routeCandidates(from: string, to: string): Promise<RouteWatchModel[]> {
    const documents = await this.watches.find({ kind: 'route', from, to }).toArray();
    return documents.map(toWatchModel) as RouteWatchModel[];
  }

  /** Hotel-city watches of a city (candidates: state and price are checked by the matcher). */
  async hotelCityCandidates(city: string): Promise<HotelCityWatchModel[]> {
    const documents = await this.watches.find({ kind: 'hotelCity', city_key: cityKey(city) }).toArray();
    return documents.map(toWatchModel) as HotelCityWatchModel[];
  }
}
