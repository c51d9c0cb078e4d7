import { badUserInput, type FieldError } from '@kayak/common';
import type { Page } from '../models.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** A page request: `first` rows whose internal id is below `beforeId` (lists are newest first). */
export interface PageRequest {
  first: number;
  beforeId: number | null;
}

const CURSOR_PREFIX = 'cursor:';

export function encodeCursor(id: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(CURSOR_PREFIX)) return null;
  const digits = text.slice(CURSOR_PREFIX.length);
  if (!/^[1-9]\d{0,15}$/.test(digits)) return null;
  return Number(digits);
}

/** Validates `first` (0–100, default 20) and the opaque `after` cursor; BAD_USER_INPUT otherwise. */
export function parsePageRequest(first: number | null | undefined, after: string | null | undefined): PageRequest {
  const errors: FieldError[] = [];
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) errors.push({ path: 'first', message: `must be between 0 and ${MAX_PAGE_SIZE}` });
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
  const nodes = rows.slice(0, request.first);
  const last = nodes.at(-1);
  return {
    nodes,
    pageInfo: { hasNextPage: rows.length > request.first, endCursor: last ? encodeCursor(last.id) : null },
    totalCount,
  };
}
