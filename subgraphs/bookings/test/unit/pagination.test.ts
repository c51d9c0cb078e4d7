import { describe, expect, it } from 'vitest';
import { encodeCursor, parsePageRequest, toPage } from '../../src/services/pagination.js';

describe('pagination', () => {
  it('defaults to 20 rows from the newest', () => {
    expect(parsePageRequest(undefined, undefined)).toEqual({ first: 20, beforeId: null });
  });

  it('round-trips a cursor', () => {
    expect(parsePageRequest(5, encodeCursor(42))).toEqual({ first: 5, beforeId: 42 });
  });

  it('rejects a forged cursor and an oversized page in one BAD_USER_INPUT', () => {
    try {
      parsePageRequest(101, Buffer.from('other:1').toString('base64url'));
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', fields: [{ path: 'first' }, { path: 'after' }] } });
    }
    expect(() => parsePageRequest(10, 'not-a-cursor')).toThrow();
  });

  it('uses the extra row only to say that there is a next page', () => {
    const rows = [{ id: 9 }, { id: 7 }, { id: 4 }];
    expect(toPage(rows, { first: 2, beforeId: null }, 10)).toEqual({ nodes: [{ id: 9 }, { id: 7 }], pageInfo: { hasNextPage: true, endCursor: encodeCursor(7) }, totalCount: 10 });
    expect(toPage(rows.slice(0, 2), { first: 2, beforeId: null }, 2).pageInfo.hasNextPage).toBe(false);
    expect(toPage([], { first: 2, beforeId: null }, 0).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
