import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/services/cursor.js';

describe('page cursors', () => {
  it('round-trips numeric and date sort values', () => {
    for (const cursor of [
      { sort: 'PRICE_ASC', value: 299.5, id: 'FL001' },
      { sort: 'DEPARTURE_DESC', value: '2031-01-02T03:04:05.000Z', id: 'FL-9' },
    ]) {
      expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    }
  });

  it('is opaque URL-safe text', () => {
    expect(encodeCursor({ sort: 'PRICE_ASC', value: 1, id: 'A/B+C' })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('rejects anything it did not make', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const text of ['', 'not a cursor!', 'Zm9v', encode({ sort: 'PRICE_ASC' }), encode(['PRICE_ASC', 1]), encode(['PRICE_ASC', null, 'F1']), encode(['PRICE_ASC', 1, '']), encode([1, 1, 'F1'])]) {
      expect(decodeCursor(text), text).toBeNull();
    }
  });
});
