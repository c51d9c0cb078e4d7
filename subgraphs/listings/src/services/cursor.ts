/**
 * Opaque page cursors for keyset pagination: the sort they belong to, the last node's sort value
 * and its id (the tie-breaker). Keyset rather than offsets, so a listing created or booked out
 * between two page requests neither repeats nor skips a row.
 */
export interface Cursor {
  sort: string;
  value: number | string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.id]), 'utf8').toString('base64url');
}

/** The cursor in `text`, or null when it was not made by `encodeCursor`. */
export function decodeCursor(text: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return null;
  const [sort, value, id] = parsed as unknown[];
  if (typeof sort !== 'string' || typeof id !== 'string' || id.length === 0) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return { sort, value, id };
  if (typeof value === 'string') return { sort, value, id };
  return null;
}
