import { describe, expect, it } from 'vitest';
import { cutPage, decodeJsonCursor, decodeKeysetCursor, decodeOpaqueCursor, encodeJsonCursor, encodeKeysetCursor, encodeOpaqueCursor, isPageSize, toConnection } from '../../src/pagination.js';

describe('pagination', () => {
  it('accepts page sizes from the minimum to 100', () => {
    expect([-1, 0, 1, 100, 101, 2.5].map((size) => isPageSize(size))).toEqual([false, true, true, true, false, false]);
    expect(isPageSize(0, 1)).toBe(false);
  });

  it('cuts rows read with first + 1 to a page and says whether the extra row existed', () => {
    expect(cutPage([1, 2, 3], 2)).toEqual({ nodes: [1, 2], hasNextPage: true });
    expect(cutPage([1, 2], 2)).toEqual({ nodes: [1, 2], hasNextPage: false });
    expect(toConnection([{ id: 1 }, { id: 2 }, { id: 3 }], 2, 7, (node) => `c${node.id}`)).toEqual({
      nodes: [{ id: 1 }, { id: 2 }],
      pageInfo: { hasNextPage: true, endCursor: 'c2' },
      totalCount: 7,
    });
    expect(toConnection([], 2, 0, () => 'never').pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('round-trips opaque, JSON and keyset cursors as URL-safe text', () => {
    expect(decodeOpaqueCursor(encodeOpaqueCursor('cursor:42'))).toBe('cursor:42');
    expect(decodeJsonCursor(encodeJsonCursor({ userId: '123-45-6789' }))).toEqual({ userId: '123-45-6789' });
    const position = { order: 'PRICE_ASC', value: 299.5, id: 'A/B+C' };
    expect(encodeKeysetCursor(position)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeKeysetCursor(encodeKeysetCursor(position))).toEqual(position);
  });

  it('rejects cursors it did not make', () => {
    const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    expect(decodeOpaqueCursor('not a cursor!')).toBeNull();
    expect(decodeJsonCursor('Zm9v')).toBeUndefined();
    for (const text of ['', 'Zm9v', encode({ order: 'X' }), encode(['X', 1]), encode(['X', null, 'F1']), encode(['X', 1, '']), encode([1, 1, 'F1'])]) {
      expect(decodeKeysetCursor(text), text).toBeNull();
    }
  });
});
