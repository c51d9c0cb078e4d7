/**
 * Cursor pagination as every subgraph's connections do it: `first` (default 20, at most 100) and an
 * opaque `after` cursor; lists are read with `first + 1` rows, the extra one only saying whether
 * there is a next page. Cursors are base64url text so clients cannot depend on their content (each
 * subgraph keeps the format of its own cursors, which clients may still hold).
 */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Whether `size` is a page size a connection accepts: an integer from `min` to MAX_PAGE_SIZE. */
export function isPageSize(size: number, min = 0): boolean {
  return Number.isInteger(size) && size >= min && size <= MAX_PAGE_SIZE;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/** A connection as the schemas spell it: nodes, pageInfo, totalCount. */
export interface Connection<T> {
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Rows fetched with `first + 1` → the page's nodes, and whether the extra row existed. */
export function cutPage<T>(rows: readonly T[], first: number): { nodes: T[]; hasNextPage: boolean } {
  return { nodes: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** A connection of `rows` fetched with `first + 1`, its end cursor made from the last node. */
export function toConnection<T>(rows: readonly T[], first: number, totalCount: number, cursorOf: (node: T) => string): Connection<T> {
  const { nodes, hasNextPage } = cutPage(rows, first);
  const last = nodes.at(-1);
  return { nodes, pageInfo: { hasNextPage, endCursor: last === undefined ? null : cursorOf(last) }, totalCount };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Text → opaque URL-safe cursor. */
export function encodeOpaqueCursor(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** The text of a cursor made by `encodeOpaqueCursor`; null when it is not base64url. */
export function decodeOpaqueCursor(cursor: string): string | null {
  if (!BASE64URL.test(cursor)) return null;
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

/** A JSON value → opaque cursor. */
export function encodeJsonCursor(value: unknown): string {
  return encodeOpaqueCursor(JSON.stringify(value));
}

/** The JSON value of a cursor made by `encodeJsonCursor`; undefined when it is not one. */
export function decodeJsonCursor(cursor: string): unknown {
  const text = decodeOpaqueCursor(cursor);
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A keyset position in a sorted list: which ordering it belongs to, the sort value of the last
 * node seen and that node's id (the tie-breaker). Encoded as the JSON tuple `[order, value, id]`.
 */
export interface KeysetPosition {
  order: string;
  value: string | number;
  id: string;
}

export function encodeKeysetCursor(position: KeysetPosition): string {
  return encodeJsonCursor([position.order, position.value, position.id]);
}

/** The position in a cursor made by `encodeKeysetCursor`; null when it is not one (or its id is empty). */
export function decodeKeysetCursor(cursor: string): KeysetPosition | null {
  const parsed = decodeJsonCursor(cursor);
  if (!Array.isArray(parsed) || parsed.length !== 3) return null;
  const [order, value, id] = parsed as unknown[];
  if (typeof order !== 'string' || typeof id !== 'string' || id.length === 0) return null;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string') return { order, value, id };
  return null;
}
