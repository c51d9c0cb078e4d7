import { decodeKeysetCursor, encodeKeysetCursor } from '@kayak/common';
import type { Cursor } from '../models.js';

/** Opaque page cursors of the searches: the `[sort, value, id]` keyset codec of packages/common. */
export function encodeCursor(cursor: Cursor): string {
  return encodeKeysetCursor({ order: cursor.sort, value: cursor.value, id: cursor.id });
}

/** The cursor in `text`, or null when it was not made by `encodeCursor`. */
export function decodeCursor(text: string): Cursor | null {
  const position = decodeKeysetCursor(text);
  return position ? { sort: position.order, value: position.value, id: position.id } : null;
}
