import DataLoader from 'dataloader';
import type { ListingType } from './generated/graphql.js';
import type { AirlineFact } from './data/airlines.js';
import type { AirportFact } from './data/airports.js';
import type { CarModel, FlightModel, HotelModel } from './models.js';
import type { AvailabilityBlockRepository } from './repositories/availabilityBlocks.js';
import type { ListingRepositories } from './repositories/listings.js';
import type { ReferenceDataRepository } from './repositories/referenceData.js';
import { listingKey, type DateRange, type Hold } from '@kayak/common';

/** Holds of one listing, over one range (null: all of them, as for flights). */
export interface HoldsKey {
  listingType: ListingType;
  id: string;
  range: DateRange | null;
}

export interface ListingLoaders {
  flightById: DataLoader<string, FlightModel | null>;
  hotelById: DataLoader<string, HotelModel | null>;
  carById: DataLoader<string, CarModel | null>;
  holds: DataLoader<HoldsKey, Hold[], string>;
  /** By uppercase IATA code: one `$in` on `_id` for every airport a request's flights name. */
  airportByCode: DataLoader<string, AirportFact | null>;
  airlineByCode: DataLoader<string, AirlineFact | null>;
}

const rangeKey = (range: DateRange | null): string => (range ? `${range.start.toISOString()}/${range.end.toISOString()}` : '*');

/** Loads listings of one type by id; every id asked for becomes a cache tag of the response. */
function byIdLoader<M>(
  listingType: ListingType,
  repository: { findByIds(ids: readonly string[]): Promise<Map<string, M>> },
  cacheTags: Set<string>,
): DataLoader<string, M | null> {
  return new DataLoader(async (ids: readonly string[]) => {
    for (const id of ids) cacheTags.add(listingKey(listingType, id));
    const found = await repository.findByIds(ids);
    return ids.map((id) => found.get(id) ?? null);
  });
}

/**
 * One query per listing type for all the holds a request asks about with the same range: a page
 * of 50 hotels asking `available(...)` for one stay costs one `_id` lookup in listing_holds.
 */
function holdsLoader(blocks: AvailabilityBlockRepository): DataLoader<HoldsKey, Hold[], string> {
  return new DataLoader(
    async (keys: readonly HoldsKey[]) => {
      const groups = new Map<string, { listingType: ListingType; range: DateRange | null; ids: Set<string> }>();
      for (const key of keys) {
        const groupKey = `${key.listingType}|${rangeKey(key.range)}`;
        const group = groups.get(groupKey) ?? { listingType: key.listingType, range: key.range, ids: new Set<string>() };
        group.ids.add(key.id);
        groups.set(groupKey, group);
      }
      const results = new Map<string, Map<string, Hold[]>>();
      await Promise.all(
        [...groups].map(async ([groupKey, group]) => {
          results.set(groupKey, await blocks.holds({ listingType: group.listingType, ids: [...group.ids], range: group.range }));
        }),
      );
      return keys.map((key) => results.get(`${key.listingType}|${rangeKey(key.range)}`)?.get(key.id) ?? []);
    },
    { cacheKeyFn: (key) => `${key.listingType}|${key.id}|${rangeKey(key.range)}` },
  );
}

/** Loads reference documents by code; codes are uppercased, so `jfk` and `JFK` share one key. */
function byCodeLoader<M>(find: (codes: readonly string[]) => Promise<Map<string, M>>): DataLoader<string, M | null> {
  const normalise = (code: string): string => code.trim().toUpperCase();
  return new DataLoader(
    async (codes: readonly string[]) => {
      const normalised = codes.map(normalise);
      const found = await find(normalised);
      return normalised.map((code) => found.get(code) ?? null);
    },
    { cacheKeyFn: normalise },
  );
}

/** Created per request: batching within a request, never caching across requests. */
export function createLoaders(repositories: ListingRepositories, blocks: AvailabilityBlockRepository, reference: ReferenceDataRepository, cacheTags: Set<string>): ListingLoaders {
  return {
    flightById: byIdLoader('Flight', repositories.flights, cacheTags),
    hotelById: byIdLoader('Hotel', repositories.hotels, cacheTags),
    carById: byIdLoader('Car', repositories.cars, cacheTags),
    holds: holdsLoader(blocks),
    airportByCode: byCodeLoader((codes) => reference.airportsByCodes(codes)),
    airlineByCode: byCodeLoader((codes) => reference.airlinesByCodes(codes)),
  };
}
