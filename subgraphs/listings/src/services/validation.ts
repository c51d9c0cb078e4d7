import { CONTROL_CHARACTER_MESSAGE, hasControlCharacters, type FieldErrors } from '@kayak/common';
import { moneyBoundError, toCents } from '@kayak/common/money';
import type { ReferenceCheck } from './airports.js';

export const MAX_TEXT_LENGTH = 200;

/** A required text: trimmed, inner whitespace collapsed, 1..max characters. */
export function requiredText(errors: FieldErrors, path: string, value: string | null | undefined, max = MAX_TEXT_LENGTH): string {
  if (value === null || value === undefined) {
    errors.add(path, 'is required');
    return '';
  }
  const text = value.trim().replace(/\s+/g, ' ');
  if (text.length === 0) errors.add(path, 'must not be blank');
  else if (text.length > max) errors.add(path, `must be at most ${max} characters`);
  else if (hasControlCharacters(text)) errors.add(path, CONTROL_CHARACTER_MESSAGE);
  return text;
}

/** An optional text: null/blank → null, else as `requiredText`. */
export function optionalText(errors: FieldErrors, path: string, value: string | null | undefined, max = MAX_TEXT_LENGTH): string | null {
  if (value === null || value === undefined || value.trim().length === 0) return null;
  return requiredText(errors, path, value, max);
}

export function integerInRange(errors: FieldErrors, path: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) errors.add(path, `must be an integer from ${min} to ${max}`);
  return value;
}

/** Stored ratings are 0–5 (reviews use whole stars; stored aggregates may have decimals). */
export function ratingValue(errors: FieldErrors, path: string, value: number): number {
  if (!Number.isFinite(value) || value < 0 || value > 5) errors.add(path, 'must be from 0 to 5');
  return value;
}

/**
 * Money arrives as the Decimal scalar's canonical string ("299.90"); it is stored as a number,
 * which represents every amount of at most ten significant digits exactly enough for `toFixed(2)`.
 * A price is bounded (packages/common/src/money.ts) so one unit of it, tax included, can be billed.
 */
export function moneyValue(errors: FieldErrors, path: string, value: string): number {
  const amount = Number(value);
  if (!Number.isFinite(amount) || amount < 0) {
    errors.add(path, 'must be zero or more');
    return amount;
  }
  const bound = moneyBoundError(path, toCents(amount.toFixed(2)));
  if (bound) errors.add(bound.path, bound.message);
  return amount;
}

export function nonNull<T>(errors: FieldErrors, path: string, value: T | null): value is T {
  if (value === null) {
    errors.add(path, 'cannot be null');
    return false;
  }
  return true;
}

const LISTING_ID = /^[A-Z0-9][A-Z0-9-]{1,39}$/;

/** Listing ids are business keys like FL001: uppercase letters, digits and dashes. */
export function listingIdValue(errors: FieldErrors, path: string, value: string): string {
  if (!LISTING_ID.test(value)) errors.add(path, 'must be 2–40 uppercase letters, digits or dashes (e.g. FL001)');
  return value;
}

const AIRPORT_CODE = /^[A-Z]{3}$/;

export const AIRPORT_FORMAT_MESSAGE = 'must be a three-letter IATA code (e.g. JFK)';
export const UNKNOWN_AIRPORT_MESSAGE = 'is not a known airport (docs/airports.md)';

/**
 * An IATA airport code, trimmed and uppercased, that the airport reference data knows: a
 * malformed code and an unknown one are both reported at `path`.
 */
export function airportCode(errors: FieldErrors, path: string, value: string, airports: Pick<ReferenceCheck, 'hasAirport'>): string {
  const code = value.trim().toUpperCase();
  if (!AIRPORT_CODE.test(code)) errors.add(path, AIRPORT_FORMAT_MESSAGE);
  else if (!airports.hasAirport(code)) errors.add(path, UNKNOWN_AIRPORT_MESSAGE);
  return code;
}

export const US_STATES: Record<string, string> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut',
  DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois',
  IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland',
  MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
  NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York',
  NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania',
  PR: 'Puerto Rico', RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas',
  UT: 'Utah', VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
};

const stateByName = new Map(Object.entries(US_STATES).map(([code, name]) => [name.toLowerCase(), code]));

/** A US state as its two-letter code; accepts the code in any case or the state's name. */
export function usState(errors: FieldErrors, path: string, value: string): string {
  const text = value.trim().replace(/\s+/g, ' ');
  const code = text.toUpperCase();
  if (code in US_STATES) return code;
  const byName = stateByName.get(text.toLowerCase());
  if (byName) return byName;
  errors.add(path, 'must be a US state code (e.g. NY) or name');
  return text;
}

const ZIP = /^\d{5}(-\d{4})?$/;

export function zipCode(errors: FieldErrors, path: string, value: string): string {
  const text = value.trim();
  if (!ZIP.test(text)) errors.add(path, 'must be a ZIP code like 12345 or 12345-6789');
  return text;
}
