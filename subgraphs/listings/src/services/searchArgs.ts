import { DEFAULT_PAGE_SIZE, FieldErrors, isPageSize, MAX_PAGE_SIZE, ROOM_TYPE_CODE, ROOM_TYPE_CODE_RULE } from '@kayak/common';
import type {
  AvailabilityFilter,
  CarSearchFilter,
  CarSort,
  FlightSearchFilter,
  FlightSort,
  HotelSearchFilter,
  HotelSort,
  InputMaybe,
} from '../generated/graphql.js';
import type { AvailabilityCriteria, CarCriteria, Cursor, FlightCriteria, HotelCriteria } from '../models.js';
import { carSorts, flightSorts, hotelSorts, type SortSpec } from '../repositories/listingQueries.js';
import type { ReferenceCheck } from './airports.js';
import { checkRange, MAX_QUANTITY } from './capacity.js';
import { decodeCursor } from './cursor.js';
import { checkParty } from './roomTypes.js';
import { UNKNOWN_AIRPORT_MESSAGE } from './validation.js';

/**
 * Search arguments, validated and normalised (pure). The normalised form is both what the
 * repository queries with and the Redis cache key, so queries that differ only in letter case,
 * spacing or argument order share one cache entry. Fields are assigned in a fixed order and
 * absent ones are left undefined, so JSON.stringify of equal searches is equal.
 */

export interface NormalisedSearch<C, S extends string> {
  criteria: C;
  sort: S;
  first: number;
  after: Cursor | null;
}

export interface PageArgs<S extends string> {
  sort?: InputMaybe<S>;
  first?: InputMaybe<number>;
  after?: InputMaybe<string>;
}

const given = <T>(value: InputMaybe<T> | undefined): value is T => value !== null && value !== undefined;

/** Lowercased, trimmed, inner whitespace collapsed; blank → error. */
function searchText(errors: FieldErrors, path: string, value: InputMaybe<string> | undefined): string | undefined {
  if (!given(value)) return undefined;
  const text = value.trim().replace(/\s+/g, ' ').toLowerCase();
  if (text.length === 0 || text.length > 200) errors.add(path, 'must be 1 to 200 characters');
  return text;
}

function upperCode(errors: FieldErrors, path: string, value: InputMaybe<string> | undefined, pattern: RegExp, message: string): string | undefined {
  if (!given(value)) return undefined;
  const code = value.trim().toUpperCase();
  if (!pattern.test(code)) errors.add(path, message);
  return code;
}

function priceRange(errors: FieldErrors, filter: { minPrice?: InputMaybe<string>; maxPrice?: InputMaybe<string> }): { minPrice?: number; maxPrice?: number } {
  const minPrice = given(filter.minPrice) ? Number(filter.minPrice) : undefined;
  const maxPrice = given(filter.maxPrice) ? Number(filter.maxPrice) : undefined;
  if (minPrice !== undefined && minPrice < 0) errors.add('filter.minPrice', 'must be zero or more');
  if (maxPrice !== undefined && maxPrice < 0) errors.add('filter.maxPrice', 'must be zero or more');
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) errors.add('filter.maxPrice', 'must not be less than minPrice');
  return { minPrice, maxPrice };
}

function availabilityCriteria(errors: FieldErrors, filter: InputMaybe<AvailabilityFilter> | undefined): AvailabilityCriteria | undefined {
  if (!given(filter)) return undefined;
  const quantity = filter.quantity ?? 1;
  checkRange(errors, 'filter.availability.', filter.startDate, filter.endDate, quantity);
  return { startDate: filter.startDate.toISOString(), endDate: filter.endDate.toISOString(), quantity: Math.min(Math.max(quantity, 1), MAX_QUANTITY) };
}

function pageArgs<S extends string, M>(errors: FieldErrors, args: PageArgs<S>, defaultSort: S, sorts: Record<S, SortSpec<M>>): Omit<NormalisedSearch<unknown, S>, 'criteria'> {
  const sort = args.sort ?? defaultSort;
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!isPageSize(first)) errors.add('first', `must be from 0 to ${MAX_PAGE_SIZE}`);
  let after: Cursor | null = null;
  if (given(args.after)) {
    after = decodeCursor(args.after);
    const spec = sorts[sort];
    if (!after) errors.add('after', 'is not a valid cursor');
    else if (after.sort !== sort) errors.add('after', `belongs to sort ${after.sort}, not ${sort}`);
    else if ((spec.kind === 'number') !== (typeof after.value === 'number') || (spec.kind === 'date' && Number.isNaN(Date.parse(String(after.value))))) {
      errors.add('after', 'is not a valid cursor');
    }
  }
  return { sort, first, after };
}

const AIRPORT = /^[A-Z]{3}$/;
const STATE = /^[A-Z]{2}$/;

/** A well-formed airport code the reference data does not know is an error, not an empty result. */
export function knownAirport(errors: FieldErrors, path: string, code: string | undefined, airports: Pick<ReferenceCheck, 'hasAirport'>): string | undefined {
  if (code !== undefined && AIRPORT.test(code) && !airports.hasAirport(code)) errors.add(path, UNKNOWN_AIRPORT_MESSAGE);
  return code;
}

export function normaliseFlightSearch(filter: InputMaybe<FlightSearchFilter> | undefined, args: PageArgs<FlightSort>, airports: Pick<ReferenceCheck, 'hasAirport'>): NormalisedSearch<FlightCriteria, FlightSort> {
  const errors = new FieldErrors();
  const input = filter ?? {};
  const airport = (field: 'departureAirport' | 'arrivalAirport'): string | undefined =>
    knownAirport(errors, `filter.${field}`, upperCode(errors, `filter.${field}`, input[field], AIRPORT, 'must be a three-letter IATA code'), airports);
  const criteria: FlightCriteria = {
    departureAirport: airport('departureAirport'),
    arrivalAirport: airport('arrivalAirport'),
    departureCity: searchText(errors, 'filter.departureCity', input.departureCity),
    arrivalCity: searchText(errors, 'filter.arrivalCity', input.arrivalCity),
    departureFrom: given(input.departureFrom) ? input.departureFrom.toISOString() : undefined,
    departureTo: given(input.departureTo) ? input.departureTo.toISOString() : undefined,
    flightClass: input.flightClass ?? undefined,
    airlineName: searchText(errors, 'filter.airlineName', input.airlineName),
    ...priceRange(errors, input),
    availability: availabilityCriteria(errors, input.availability),
  };
  if (criteria.departureFrom && criteria.departureTo && criteria.departureFrom > criteria.departureTo) errors.add('filter.departureTo', 'must not be before departureFrom');
  const page = pageArgs(errors, args, 'PRICE_ASC', flightSorts);
  errors.throwIfAny('Invalid search');
  return { criteria, ...page };
}

/**
 * The party of a room-type search (docs/hotels.md): set only when `guests`, `rooms` or `roomType`
 * is given, so searches without them keep their criteria (and cache keys). `rooms` defaults to the
 * availability quantity, and must agree with it when both are given.
 */
function roomCriteria(errors: FieldErrors, input: HotelSearchFilter): Pick<HotelCriteria, 'guests' | 'rooms' | 'roomType'> {
  if (!given(input.guests) && !given(input.rooms) && !given(input.roomType)) return {};
  const quantity = given(input.availability) ? (input.availability.quantity ?? 1) : undefined;
  const rooms = given(input.rooms) ? input.rooms : (quantity ?? 1);
  if (given(input.rooms) && quantity !== undefined && input.rooms !== quantity) errors.add('filter.rooms', 'must be availability.quantity when both are given');
  const guests = given(input.guests) ? input.guests : rooms;
  checkParty(errors, 'filter.', { guests, rooms });
  return { guests, rooms, roomType: upperCode(errors, 'filter.roomType', input.roomType, ROOM_TYPE_CODE, ROOM_TYPE_CODE_RULE) };
}

export function normaliseHotelSearch(filter: InputMaybe<HotelSearchFilter> | undefined, args: PageArgs<HotelSort>): NormalisedSearch<HotelCriteria, HotelSort> {
  const errors = new FieldErrors();
  const input = filter ?? {};
  const stars = (path: string, value: InputMaybe<number> | undefined): number | undefined => {
    if (!given(value)) return undefined;
    if (!Number.isInteger(value) || value < 1 || value > 5) errors.add(path, 'must be from 1 to 5');
    return value;
  };
  let amenities: HotelCriteria['amenities'];
  if (given(input.amenities)) {
    amenities = {};
    for (const name of ['wifi', 'breakfastIncluded', 'parking', 'petFriendly', 'nearTransit', 'pool', 'gym'] as const) {
      const flag = input.amenities[name];
      if (typeof flag === 'boolean') amenities[name] = flag;
    }
  }
  const criteria: HotelCriteria = {
    city: searchText(errors, 'filter.city', input.city),
    state: upperCode(errors, 'filter.state', input.state, STATE, 'must be a two-letter state code'),
    ...priceRange(errors, input),
    minStarRating: stars('filter.minStarRating', input.minStarRating),
    maxStarRating: stars('filter.maxStarRating', input.maxStarRating),
    amenities: amenities && Object.keys(amenities).length > 0 ? amenities : undefined,
    availability: availabilityCriteria(errors, input.availability),
    ...roomCriteria(errors, input),
  };
  if (criteria.minStarRating !== undefined && criteria.maxStarRating !== undefined && criteria.minStarRating > criteria.maxStarRating) {
    errors.add('filter.maxStarRating', 'must not be less than minStarRating');
  }
  const page = pageArgs(errors, args, 'PRICE_ASC', hotelSorts);
  errors.throwIfAny('Invalid search');
  return { criteria, ...page };
}

export function normaliseCarSearch(filter: InputMaybe<CarSearchFilter> | undefined, args: PageArgs<CarSort>): NormalisedSearch<CarCriteria, CarSort> {
  const errors = new FieldErrors();
  const input = filter ?? {};
  let minSeats: number | undefined;
  if (given(input.minSeats)) {
    minSeats = input.minSeats;
    if (!Number.isInteger(minSeats) || minSeats < 1 || minSeats > 20) errors.add('filter.minSeats', 'must be from 1 to 20');
  }
  const criteria: CarCriteria = {
    pickupCity: searchText(errors, 'filter.pickupCity', input.pickupCity),
    carType: searchText(errors, 'filter.carType', input.carType),
    providerName: searchText(errors, 'filter.providerName', input.providerName),
    transmissionType: searchText(errors, 'filter.transmissionType', input.transmissionType),
    minSeats,
    ...priceRange(errors, input),
    availabilityStatus: input.availabilityStatus ?? undefined,
    availability: availabilityCriteria(errors, input.availability),
  };
  const page = pageArgs(errors, args, 'PRICE_ASC', carSorts);
  errors.throwIfAny('Invalid search');
  return { criteria, ...page };
}
