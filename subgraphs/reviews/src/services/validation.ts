import { CONTROL_CHARACTER_MESSAGE, hasControlCharacters, type FieldError } from '@kayak/common';

/** Small field checks that push into one list, so a request reports every bad field at once. */

/** Length in characters as users count them (code points), not UTF-16 units. */
export const characterCount = (value: string): number => [...value].length;

/** Free text; `multiline` (a comment) may keep line breaks and tabs. */
export function checkText(errors: FieldError[], path: string, value: string, max: number, options: { multiline?: boolean } = {}): void {
  if (value.trim().length === 0) errors.push({ path, message: 'must not be empty' });
  else if (characterCount(value) > max) errors.push({ path, message: `must be at most ${max} characters` });
  else if (hasControlCharacters(value, options)) errors.push({ path, message: CONTROL_CHARACTER_MESSAGE });
}

export function checkRating(errors: FieldError[], path: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 5) errors.push({ path, message: 'must be an integer from 1 to 5' });
}

/** Listing ids are business keys such as FL001 / HTL001 / CAR001. */
const LISTING_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function checkListingId(errors: FieldError[], path: string, value: string): void {
  if (!LISTING_ID.test(value)) errors.push({ path, message: 'must be 1–64 letters, digits, "-" or "_"' });
}

export const MAX_JSON_BYTES = 4096;
const MAX_JSON_DEPTH = 5;

/** Why a value cannot be stored as-is in Mongo (common subset of MongoDB and FerretDB), or null. */
function jsonProblem(value: unknown, depth: number, insideArray: boolean): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : 'numbers must be finite';
  if (depth >= MAX_JSON_DEPTH) return `must not nest deeper than ${MAX_JSON_DEPTH} levels`;
  if (Array.isArray(value)) {
    if (insideArray) return 'must not contain nested arrays';
    for (const item of value) {
      const problem = jsonProblem(item, depth + 1, true);
      if (problem) return problem;
    }
    return null;
  }
  if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.length === 0 || key.includes('.') || key.startsWith('$')) return `key "${key}" must be non-empty, without "." and not start with "$"`;
      const problem = jsonProblem(item, depth + 1, false);
      if (problem) return problem;
    }
    return null;
  }
  return 'must be JSON';
}

export function checkJsonObject(errors: FieldError[], path: string, value: Record<string, unknown>): void {
  const problem = jsonProblem(value, 0, false);
  if (problem) {
    errors.push({ path, message: problem });
    return;
  }
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > MAX_JSON_BYTES) errors.push({ path, message: `must be at most ${MAX_JSON_BYTES} bytes as JSON` });
}

/** Absolute http(s) URL without credentials; other schemes (javascript:, data:, file:) are refused. */
export function checkHttpUrl(errors: FieldError[], path: string, value: string, max = 2048): void {
  if (value.length > max) {
    errors.push({ path, message: `must be at most ${max} characters` });
    return;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    errors.push({ path, message: 'must be an absolute http(s) URL' });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') errors.push({ path, message: 'must use http or https' });
  else if (url.hostname.length === 0) errors.push({ path, message: 'must have a host' });
  else if (url.username !== '' || url.password !== '') errors.push({ path, message: 'must not contain credentials' });
}

/** A label such as a page, element id, event type or cohort key: printable, bounded. */
export function checkLabel(errors: FieldError[], path: string, value: string, max = 200): void {
  if (value.trim().length === 0) errors.push({ path, message: 'must not be empty' });
  else if (characterCount(value) > max) errors.push({ path, message: `must be at most ${max} characters` });
  else if (hasControlCharacters(value)) errors.push({ path, message: CONTROL_CHARACTER_MESSAGE });
}
