import { CONTROL_CHARACTER_MESSAGE, FieldErrors, hasControlCharacters } from '@kayak/common';
import { MAX_CENTS, MoneyError, toCents } from '@kayak/common/money';
import type { NotificationPreferencesInput, WatchHotelCityInput, WatchRouteInput } from '../generated/graphql.js';
import type { EmailPreferences, NewHotelCityWatch, NewRouteWatch } from '../notification-models.js';
import { normaliseUsState } from './usStates.js';

/** Input rules of watches and preferences; every problem of an input is reported at once (BAD_USER_INPUT with field paths). */

const IATA = /^[A-Za-z]{3}$/;
const DAY_MS = 24 * 60 * 60 * 1000;
export const MAX_ROUTE_WINDOW_DAYS = 366;
export const MAX_STAY_NIGHTS = 30;
export const MAX_PASSENGERS = 9;

function iata(v: FieldErrors, value: string, path: string): string | undefined {
  const trimmed = value.trim();
  return IATA.test(trimmed) ? trimmed.toUpperCase() : v.add(path, 'must be a 3-letter IATA airport code');
}

function price(v: FieldErrors, value: string, path: string): number | undefined {
  let cents: bigint;
  try {
    cents = toCents(value);
  } catch (error) {
    if (error instanceof MoneyError) return v.add(path, 'must be an amount with at most two decimals');
    throw error;
  }
  if (cents <= 0n) return v.add(path, 'must be more than 0');
  if (cents > MAX_CENTS) return v.add(path, 'is too large');
  return Number(cents);
}

function instant(v: FieldErrors, value: Date, path: string): Date | undefined {
  return Number.isNaN(value.getTime()) ? v.add(path, 'must be a valid date-time') : value;
}

/** A window [start, end]: start before end, end in the future, at most `maxDays` long. */
function window(v: FieldErrors, start: Date | undefined, end: Date | undefined, paths: [string, string], maxDays: number, now: Date): void {
  if (!start || !end) return;
  if (end.getTime() <= start.getTime()) v.add(paths[1], `must be after ${paths[0].split('.').at(-1)}`);
  else if (end.getTime() - start.getTime() > maxDays * DAY_MS) v.add(paths[1], `must be at most ${maxDays} days after ${paths[0].split('.').at(-1)}`);
  if (end.getTime() <= now.getTime()) v.add(paths[1], 'must be in the future');
}

export function validateRouteWatch(input: WatchRouteInput, userId: string, now: Date): NewRouteWatch {
  const v = new FieldErrors();
  const from = iata(v, input.from, 'input.from');
  const to = iata(v, input.to, 'input.to');
  if (from && to && from === to) v.add('input.to', 'must differ from from');
  const departFrom = instant(v, input.departFrom, 'input.departFrom');
  const departTo = instant(v, input.departTo, 'input.departTo');
  window(v, departFrom, departTo, ['input.departFrom', 'input.departTo'], MAX_ROUTE_WINDOW_DAYS, now);
  const maxPriceCents = price(v, input.maxPrice, 'input.maxPrice');
  const passengers = input.passengers ?? 1;
  if (!Number.isInteger(passengers) || passengers < 1 || passengers > MAX_PASSENGERS) v.add('input.passengers', `must be between 1 and ${MAX_PASSENGERS}`);
  return v.complete<NewRouteWatch>({ kind: 'route', userId, from, to, departFrom, departTo, maxPriceCents, passengers });
}

export function validateHotelCityWatch(input: WatchHotelCityInput, userId: string, now: Date): NewHotelCityWatch {
  const v = new FieldErrors();
  const trimmed = input.city.trim();
  let city: string | undefined = trimmed;
  if (trimmed.length === 0) city = v.add('input.city', 'is required');
  else if (trimmed.length > 100) city = v.add('input.city', 'must be at most 100 characters');
  else if (hasControlCharacters(trimmed)) city = v.add('input.city', CONTROL_CHARACTER_MESSAGE);
  let state: string | null = null;
  if (input.state != null && input.state.trim() !== '') {
    state = normaliseUsState(input.state) ?? null;
    if (state === null) v.add('input.state', 'must be a US state abbreviation or full name');
  }
  const checkIn = instant(v, input.checkIn, 'input.checkIn');
  const checkOut = instant(v, input.checkOut, 'input.checkOut');
  window(v, checkIn, checkOut, ['input.checkIn', 'input.checkOut'], MAX_STAY_NIGHTS, now);
  const maxNightlyPriceCents = price(v, input.maxNightlyPrice, 'input.maxNightlyPrice');
  return v.complete<NewHotelCityWatch>({ kind: 'hotelCity', userId, city, state, checkIn, checkOut, maxNightlyPriceCents });
}

export function validatePreferences(input: NotificationPreferencesInput): Partial<EmailPreferences> {
  const v = new FieldErrors();
  const changes: Partial<EmailPreferences> = {};
  input.kinds.forEach((entry, index) => {
    if (entry.kind in changes) v.add(`input.kinds.${index}.kind`, 'is listed twice');
    changes[entry.kind] = entry.email;
  });
  v.throwIfAny();
  return changes;
}
