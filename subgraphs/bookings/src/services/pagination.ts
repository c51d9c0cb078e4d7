import { badUserInput, decodeOpaqueCursor, encodeOpaqueCursor, isPageSize, MAX_PAGE_SIZE, toConnection, DEFAULT_PAGE_SIZE, type FieldError } from '@kayak/common';
import type { Page, PageRequest } from '../models.js';

const CURSOR_PREFIX = 'cursor:';

export function encodeCursor(id: number): string {
  return encodeOpaqueCursor(`${CURSOR_PREFIX}${id}`);
}

function decodeCursor(cursor: string): number | null {
  const text = decodeOpaqueCursor(cursor);
  if (text === null || !text.startsWith(CURSOR_PREFIX)) return null;
  const digits = text.slice(CURSOR_PREFIX.length);
  if (!/^[1-9]\d{0,15}$/.test(digits)) return null;
  return Number(digits);
}

/** Validates `first` (0–100, default 20) and the opaque `after` cursor; BAD_USER_INPUT otherwise. */
export function parsePageRequest(first: number | null | undefined, after: string | null | undefined): PageRequest {
  const errors: FieldError[] = [];
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!isPageSize(size)) errors.push({ path: 'first', message: `must be between 0 and ${MAX_PAGE_SIZE}` });
  let beforeId: number | null = null;
  if (after !== null && after !== undefined) {
    beforeId = decodeCursor(after);
    if (beforeId === null) errors.push({ path: 'after', message: 'is not a cursor of this list' });
  }
  if (errors.length > 0) throw badUserInput(errors);
  return { first: size, beforeId };
}

/** Rows fetched with `first + 1` → a connection whose hasNextPage says whether the extra row existed. */
export function toPage<T extends { id: number }>(rows: T[], request: PageRequest, totalCount: number): Page<T> {
  return toConnection(rows, request.first, totalCount, (node) => encodeCursor(node.id));
}
