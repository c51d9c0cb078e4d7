import { badUserInput, decodeKeysetCursor, encodeKeysetCursor, isPageSize, MAX_PAGE_SIZE, type FieldError } from '@kayak/common';
import type { Cursor } from '../models.js';

/** Cursor pagination shared by every connection of this subgraph (first/after, opaque cursors). */

export function checkFirst(first: number | null | undefined, path = 'first'): FieldError[] {
  if (first === null || first === undefined) return [];
  return isPageSize(first) ? [] : [{ path, message: `must be between 0 and ${MAX_PAGE_SIZE}` }];
}

export const encodeCursor = (cursor: Cursor): string => encodeKeysetCursor(cursor);

/** Null when absent; throws BAD_USER_INPUT when malformed or made for another ordering (ids are Mongo ObjectIds). */
export function decodeCursor(after: string | null | undefined, order: string, path = 'after'): Cursor | null {
  if (after === null || after === undefined) return null;
  const cursor = decodeKeysetCursor(after);
  if (!cursor || cursor.order !== order || !/^[0-9a-f]{24}$/.test(cursor.id)) throw badUserInput([{ path, message: 'is not a cursor of this list' }]);
  return cursor;
}
