import { availabilityCacheTag, heldDuring, searchCacheTag, type DateRange, type Hold } from '@kayak/common';
import type { Document } from 'mongodb';
import type {
  CarSearchFilter,
  CarSort,
  FlightSearchFilter,
  FlightSort,
  HotelSearchFilter,
  HotelSort,
  InputMaybe,
  ListingType,
} from '../generated/graphql.js';
import { listingIdOf, type AvailabilityCriteria, type CarModel, type FlightModel, type HotelCriteria, type HotelModel, type ListingModel } from '../models.js';
import type { AvailabilityBlockRepository } from '../repositories/availabilityBlocks.js';
import { afterCursor, and, carFilter, carSorts, flightFilter, flightSorts, hotelFilter, hotelSorts, mongoSort, type HeldById, type SortSpec } from '../repositories/listingQueries.js';
import { searchDayKeys } from '../repositories/flightDays.js';
import type { ListingRepositories } from '../repositories/listings.js';
import type { SearchCache } from '../repositories/searchCache.js';
import type { ReferenceCheck } from './airports.js';
import { encodeCursor } from './cursor.js';
import { cheapestFittingPrice } from './roomTypes.js';
import {
  normaliseCarSearch,
  normaliseFlightSearch,
  normaliseHotelSearch,
  type NormalisedSearch,
  type PageArgs,
} from './searchArgs.js';

export interface Page<M> {
  nodes: M[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** A page of search results and the response-cache tags of the search itself (its listings are tagged by the resolver). */
export interface SearchPage<M> extends Page<M> {
  cacheTags: string[];
}

interface SearchPlan<M extends ListingModel, S extends string> {
  type: ListingType;
  search: NormalisedSearch<{ availability?: AvailabilityCriteria }, S>;
  repository: {
    search(filter: Document, after: Document | null, sort: ReturnType<typeof mongoSort>, limit: number): Promise<{ rows: M[]; total: number }>;
    searchAmong(ids: readonly string[], filter: Document, after: Document | null, sort: ReturnType<typeof mongoSort>, limit: number): Promise<{ rows: M[]; total: number }>;
  };
  /** Ids every match is among (from an index), or null to search the whole collection. */
  candidates?(): Promise<string[] | null>;
  sorts: Record<S, SortSpec<M>>;
  idField: string;
  filter(held: HeldById | null): Document;
  held(range: DateRange): Promise<HeldById>;
}

const rangeOf = (availability: AvailabilityCriteria): DateRange => ({ start: new Date(availability.startDate), end: new Date(availability.endDate) });

function heldById(listingType: ListingType, holds: Map<string, Hold[]>, range: DateRange): HeldById {
  return new Map([...holds].map(([id, listingHolds]) => [id, heldDuring(listingType, listingHolds, range)]));
}

/**
 * The three searches: validate and normalise, answer from the Redis cache when possible, else
 * resolve the availability filter into capacity conditions, then one aggregation (a page plus one
 * row to know whether another page follows, and the count of all matches), and cache the page.
 */
export class SearchService {
  constructor(
    private readonly repositories: ListingRepositories,
    private readonly blocks: AvailabilityBlockRepository,
    private readonly cache: SearchCache,
    /** Airport codes of a flight search must be in the reference data. */
    private readonly reference: ReferenceCheck,
  ) {}

  searchFlights(filter: InputMaybe<FlightSearchFilter> | undefined, args: PageArgs<FlightSort>): Promise<SearchPage<FlightModel>> {
    const search = normaliseFlightSearch(filter, args, this.reference);
    return this.run({
      type: 'Flight',
      search,
      repository: this.repositories.flights,
      sorts: flightSorts,
      idField: 'flight_id',
      filter: (held) => flightFilter(search.criteria, held),
      // A seat is held for the whole flight whatever the block's dates; the departure window is in the filter.
      held: () => this.blocks.heldSeatsByFlight(),
      // A route over a bounded window: its flights come from `flight_days` by key, not from a scan.
      candidates: async () => {
        const keys = searchDayKeys(search.criteria);
        return keys === null ? null : this.repositories.flightDays.candidates(keys);
      },
    });
  }

  searchHotels(filter: InputMaybe<HotelSearchFilter> | undefined, args: PageArgs<HotelSort>): Promise<SearchPage<HotelModel>> {
    const search = normaliseHotelSearch(filter, args);
    if (search.criteria.guests !== undefined) return this.searchRooms(search);
    return this.run({
      type: 'Hotel',
      search,
      repository: this.repositories.hotels,
      sorts: hotelSorts,
      idField: 'hotel_id',
      filter: (held) => hotelFilter(search.criteria, held),
      held: async (range) => heldById('Hotel', await this.blocks.holds({ listingType: 'Hotel', range }), range),
    });
  }

  searchCars(filter: InputMaybe<CarSearchFilter> | undefined, args: PageArgs<CarSort>): Promise<SearchPage<CarModel>> {
    const search = normaliseCarSearch(filter, args);
    return this.run({
      type: 'Car',
      search,
      repository: this.repositories.cars,
      sorts: carSorts,
      idField: 'car_id',
      filter: (held) => carFilter(search.criteria, held),
      held: async (range) => heldById('Car', await this.blocks.holds({ listingType: 'Car', range }), range),
    });
  }

  /**
   * The room-type hotel search (docs/hotels.md): which room type fits the party and is free, and
   * so the price a hotel is filtered and sorted by, depends on the search, so hotels are ranked here
   * rather than by a stored field: one read of the hotels matching the other criteria, one of the
   * holds for the stay (with availability), then filter, order, cursor and page as the query would.
   */
  private async searchRooms(search: NormalisedSearch<HotelCriteria, HotelSort>): Promise<SearchPage<HotelModel>> {
    const { minPrice, maxPrice, availability, ...others } = search.criteria;
    const cacheTags = [searchCacheTag('Hotel'), ...(availability ? [availabilityCacheTag('Hotel')] : [])];
    const cached = await this.cache.lookup<Page<HotelModel>>('Hotel', search, availability !== undefined);
    if (cached.hit) return { ...cached.value, cacheTags };

    const range = availability ? rangeOf(availability) : null;
    const holds = range ? await this.blocks.holds({ listingType: 'Hotel', range }) : null;
    const hotels = await this.repositories.hotels.findMatching(and([hotelFilter(others, null), { retired_at: null }]));
    const wanted = { party: { guests: others.guests ?? 1, rooms: others.rooms ?? 1 }, roomType: others.roomType };
    const spec = hotelSorts[search.sort];
    const ranked = hotels.flatMap((hotel) => {
      const price = cheapestFittingPrice(hotel, wanted, range ? { holds: holds?.get(hotel.hotelId) ?? [], range } : null);
      if (price === null || (minPrice !== undefined && price < minPrice) || (maxPrice !== undefined && price > maxPrice)) return [];
      return [{ hotel, value: spec.field === 'price_per_night' ? price : Number(spec.value(hotel)) }];
    });
    const order = (a: { hotel: HotelModel; value: number }, b: { hotel: HotelModel; value: number }): number =>
      (a.value - b.value) * spec.direction || (a.hotel.hotelId < b.hotel.hotelId ? -1 : a.hotel.hotelId > b.hotel.hotelId ? 1 : 0);
    ranked.sort(order);
    const cursor = search.after;
    const rest = cursor ? ranked.filter((entry) => order(entry, { hotel: { hotelId: cursor.id } as HotelModel, value: Number(cursor.value) }) > 0) : ranked;
    const slice = rest.slice(0, search.first);
    const last = slice.at(-1);
    const page: Page<HotelModel> = {
      nodes: slice.map((entry) => entry.hotel),
      pageInfo: { hasNextPage: rest.length > search.first, endCursor: last ? encodeCursor({ sort: search.sort, value: last.value, id: last.hotel.hotelId }) : null },
      totalCount: ranked.length,
    };
    await cached.store(page);
    return { ...page, cacheTags };
  }

  private async run<M extends ListingModel, S extends string>(plan: SearchPlan<M, S>): Promise<SearchPage<M>> {
    const { search } = plan;
    const availability = search.criteria.availability;
    const cacheTags = [searchCacheTag(plan.type), ...(availability ? [availabilityCacheTag(plan.type)] : [])];
    const cached = await this.cache.lookup<Page<M>>(plan.type, search, availability !== undefined);
    if (cached.hit) return { ...cached.value, cacheTags };

    const held = availability ? await plan.held(rangeOf(availability)) : null;
    // Retired (deleted) listings stay stored for the bookings that reference them, but are not offered.
    const filter = and([plan.filter(held), { retired_at: null }]);
    const spec = plan.sorts[search.sort];
    const after = search.after ? afterCursor(spec, plan.idField, search.after) : null;
    const sort = mongoSort(spec, plan.idField);
    const among = plan.candidates ? await plan.candidates() : null;
    const { rows, total: totalCount } = among
      ? await plan.repository.searchAmong(among, filter, after, sort, search.first + 1)
      : await plan.repository.search(filter, after, sort, search.first + 1);
    const nodes = rows.slice(0, search.first);
    const last = nodes.at(-1);
    const page: Page<M> = {
      nodes,
      pageInfo: {
        hasNextPage: rows.length > search.first,
        endCursor: last ? encodeCursor({ sort: search.sort, value: spec.value(last), id: listingIdOf(last) }) : null,
      },
      totalCount,
    };
    await cached.store(page);
    return { ...page, cacheTags };
  }
}
