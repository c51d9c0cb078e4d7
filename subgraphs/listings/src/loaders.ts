import DataLoader from 'dataloader';
import type { ListingType } from './generated/graphql.js';
import type { CarModel, FlightModel, HotelModel } from './models.js';
import type { AvailabilityBlockRepository } from './repositories/availabilityBlocks.js';
import type { ListingRepositories } from './repositories/listings.js';
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

/** Created per request: batching within a request, never caching across requests. */
export function createLoaders(repositories: ListingRepositories, blocks: AvailabilityBlockRepository, cacheTags: Set<string>): ListingLoaders {
  return {
    flightById: byIdLoader('Flight', repositories.flights, cacheTags),
    hotelById: byIdLoader('Hotel', repositories.hotels, cacheTags),
    carById: byIdLoader('Car', repositories.cars, cacheTags),
    holds: holdsLoader(blocks),
  };
}
