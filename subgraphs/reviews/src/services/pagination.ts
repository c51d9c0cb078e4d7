import { badUserInput, type FieldError } from '@kayak/common';

/** Cursor pagination shared by every connection of this subgraph (first/after, opaque cursors). */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export function checkFirst(first: number | null | undefined, path = 'first'): FieldError[] {
  if (first === null || first === undefined) return [];
  return Number.isInteger(first) && first >= 0 && first <= MAX_PAGE_SIZE ? [] : [{ path, message: `must be between 0 and ${MAX_PAGE_SIZE}` }];
}

/** A position in a sorted list: the sort's value at the last row seen plus its id (tie-breaker). */
export interface Cursor {
  /** Which ordering the cursor belongs to; a cursor of another ordering is rejected. */
  order: string;
  value: string | number;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.order, cursor.value, cursor.id]), 'utf8').toString('base64url');
}

function isCursorTuple(value: unknown): value is [string, string | number, string] {
  return (
    Array.isArray(value) &&
    value.length === 3 &&
    typeof value[0] === 'string' &&
    (typeof value[1] === 'string' || (typeof value[1] === 'number' && Number.isFinite(value[1]))) &&
    typeof value[2] === 'string' &&
    /^[0-9a-f]{24}$/.test(value[2])
  );
}

/** Null when absent; throws BAD_USER_INPUT when malformed or made for another ordering. */
export function decodeCursor(after: string | null | undefined, order: string, path = 'after'): Cursor | null {
  if (after === null || after === undefined) return null;
  const invalid = badUserInput([{ path, message: 'is not a cursor of this list' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!isCursorTuple(parsed) || parsed[0] !== order) throw invalid;
  return { order, value: parsed[1], id: parsed[2] };
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
}

/** Cuts `first + 1` fetched rows to a page: the extra row only says that there is a next page. */
export function toPage<T>(rows: T[], first: number): Page<T> {
  return { nodes: rows.slice(0, first), hasNextPage: rows.length > first };
}
