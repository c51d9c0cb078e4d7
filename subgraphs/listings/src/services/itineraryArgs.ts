import { decodeKeysetCursor, DEFAULT_PAGE_SIZE, FieldErrors, isPageSize, MAX_PAGE_SIZE } from '@kayak/common';
import { MoneyError, toCents } from '@kayak/common/money';
import type { FlightClass, InputMaybe, ItineraryLegInput, ItinerarySearchInput, ItinerarySort, ItineraryTimeWindowInput } from '../generated/graphql.js';
import type { ReferenceCheck } from './airports.js';
import { checkPassengerMix, type PassengerMix } from './fareRules.js';
import { knownAirport } from './searchArgs.js';

/**
 * The arguments of `searchItineraries`, validated and normalised (pure): every bad field is
 * reported at once as BAD_USER_INPUT with its path (`input.legs.1.date`, `after`, ...).
 */

export const MAX_LEGS = 5;
export const MAX_STOPS = 2;

/** Minutes since 00:00 UTC, both ends inclusive. */
export interface TimeWindow {
  from: number;
  to: number;
}

export interface LegRequest {
  from: string;
  to: string;
  /** YYYY-MM-DD, the UTC day of the leg's first departure. */
  day: string;
  departureWindow: TimeWindow | null;
  arrivalWindow: TimeWindow | null;
}

/** Where a page starts: after the itinerary with this sort key and id. */
export interface ItineraryPosition {
  key: number[];
  id: string;
}

export interface ItineraryQuery {
  legs: LegRequest[];
  party: PassengerMix;
  maxStops: number;
  /** Lowercased airline names; null: any airline. */
  airlines: Set<string> | null;
  maxDurationMinutes: number | null;
  maxPriceCents: bigint | null;
  flightClass: FlightClass | null;
  sort: ItinerarySort;
  first: number;
  after: ItineraryPosition | null;
}

/** Length of every sort key (`[primary, secondary]`), checked when a cursor comes back. */
export const SORT_KEY_LENGTH = 2;

const given = <T>(value: InputMaybe<T> | undefined): value is T => value !== null && value !== undefined;

const IATA = /^[A-Z]{3}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A three-letter code the reference data knows (docs/airports.md). */
function airport(errors: FieldErrors, path: string, value: string, airports: Pick<ReferenceCheck, 'hasAirport'>): string {
  const code = value.trim().toUpperCase();
  if (!IATA.test(code)) errors.add(path, 'must be a three-letter IATA airport code');
  else knownAirport(errors, path, code, airports);
  return code;
}

function day(errors: FieldErrors, path: string, value: string): string {
  const text = value.trim();
  const instant = new Date(`${text}T00:00:00.000Z`);
  // Date rolls 2031-02-30 over to March; a month 13 is NaN.
  if (!DAY.test(text) || Number.isNaN(instant.getTime()) || instant.toISOString().slice(0, 10) !== text) errors.add(path, 'must be a calendar day, YYYY-MM-DD');
  return text;
}

function minutesOfDay(errors: FieldErrors, path: string, value: string): number {
  const match = TIME.exec(value.trim());
  if (!match) return errors.add(path, 'must be a time of day, HH:MM (00:00–23:59)') ?? 0;
  return Number(match[1]) * 60 + Number(match[2]);
}

function timeWindow(errors: FieldErrors, path: string, window: InputMaybe<ItineraryTimeWindowInput> | undefined): TimeWindow | null {
  if (!given(window)) return null;
  const from = minutesOfDay(errors, `${path}.from`, window.from);
  const to = minutesOfDay(errors, `${path}.to`, window.to);
  if (to < from) errors.add(`${path}.to`, 'must not be before from');
  return { from, to };
}

function leg(errors: FieldErrors, path: string, input: ItineraryLegInput, airports: Pick<ReferenceCheck, 'hasAirport'>): LegRequest {
  const from = airport(errors, `${path}.from`, input.from, airports);
  const to = airport(errors, `${path}.to`, input.to, airports);
  if (from === to) errors.add(`${path}.to`, 'must differ from from');
  return {
    from,
    to,
    day: day(errors, `${path}.date`, input.date),
    departureWindow: timeWindow(errors, `${path}.departureWindow`, input.departureWindow),
    arrivalWindow: timeWindow(errors, `${path}.arrivalWindow`, input.arrivalWindow),
  };
}

function legs(errors: FieldErrors, input: ItinerarySearchInput, airports: Pick<ReferenceCheck, 'hasAirport'>): LegRequest[] {
  if (input.legs.length < 1 || input.legs.length > MAX_LEGS) {
    errors.add('input.legs', `must have 1 to ${MAX_LEGS} legs (a round trip is 2)`);
    return [];
  }
  const requests = input.legs.map((request, index) => leg(errors, `input.legs.${index}`, request, airports));
  requests.forEach((request, index) => {
    const previous = requests[index - 1];
    if (previous && request.day < previous.day) errors.add(`input.legs.${index}.date`, `must not be before the date of leg ${index - 1}`);
  });
  return requests;
}

function filters(errors: FieldErrors, input: ItinerarySearchInput): Pick<ItineraryQuery, 'maxStops' | 'airlines' | 'maxDurationMinutes' | 'maxPriceCents' | 'flightClass'> {
  const filter = input.filter ?? {};
  const maxStops = filter.maxStops ?? MAX_STOPS;
  if (!Number.isInteger(maxStops) || maxStops < 0 || maxStops > MAX_STOPS) errors.add('input.filter.maxStops', `must be an integer from 0 to ${MAX_STOPS}`);
  let airlines: Set<string> | null = null;
  if (given(filter.airlines)) {
    airlines = new Set(filter.airlines.map((name) => name.trim().replace(/\s+/g, ' ').toLowerCase()));
    if (airlines.size === 0 || [...airlines].some((name) => name.length === 0 || name.length > 200)) errors.add('input.filter.airlines', 'must name at least one airline, each 1 to 200 characters');
  }
  const maxDurationMinutes = filter.maxDurationMinutes ?? null;
  if (maxDurationMinutes !== null && (!Number.isInteger(maxDurationMinutes) || maxDurationMinutes < 1)) errors.add('input.filter.maxDurationMinutes', 'must be a positive integer');
  let maxPriceCents: bigint | null = null;
  if (given(filter.maxPrice)) {
    try {
      maxPriceCents = toCents(filter.maxPrice);
    } catch (error) {
      if (!(error instanceof MoneyError)) throw error;
      errors.add('input.filter.maxPrice', 'must be zero or more, with at most two decimals');
    }
  }
  return { maxStops, airlines, maxDurationMinutes, maxPriceCents, flightClass: filter.flightClass ?? null };
}

function position(errors: FieldErrors, sort: ItinerarySort, after: InputMaybe<string> | undefined): ItineraryPosition | null {
  if (!given(after)) return null;
  const cursor = decodeKeysetCursor(after);
  if (!cursor || typeof cursor.value !== 'string') return errors.add('after', 'is not a valid cursor') ?? null;
  if (cursor.order !== sort) return errors.add('after', `belongs to sort ${cursor.order}, not ${sort}`) ?? null;
  let key: unknown;
  try {
    key = JSON.parse(cursor.value);
  } catch {
    key = null;
  }
  if (!Array.isArray(key) || key.length !== SORT_KEY_LENGTH || !key.every((value) => typeof value === 'number' && Number.isFinite(value))) {
    return errors.add('after', 'is not a valid cursor') ?? null;
  }
  return { key: key as number[], id: cursor.id };
}

export function normaliseItinerarySearch(
  input: ItinerarySearchInput,
  page: { first?: InputMaybe<number>; after?: InputMaybe<string> },
  airports: Pick<ReferenceCheck, 'hasAirport'>,
): ItineraryQuery {
  const errors = new FieldErrors();
  const requests = legs(errors, input, airports);
  const passengers = input.passengers ?? {};
  const party = checkPassengerMix(errors, 'input.passengers', { adults: passengers.adults ?? 1, children: passengers.children ?? 0, lapInfants: passengers.lapInfants ?? 0 });
  const sort = input.sort ?? 'BEST';
  const first = page.first ?? DEFAULT_PAGE_SIZE;
  if (!isPageSize(first)) errors.add('first', `must be from 0 to ${MAX_PAGE_SIZE}`);
  const query: ItineraryQuery = { legs: requests, party, ...filters(errors, input), sort, first, after: position(errors, sort, page.after) };
  errors.throwIfAny('Invalid itinerary search');
  return query;
}
