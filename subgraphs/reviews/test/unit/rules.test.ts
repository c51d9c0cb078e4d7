import { cutPage as toPage, type FieldError } from '@kayak/common';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/services/pagination.js';
import { summarize } from '../../src/services/ratings.js';
import { validateCreateReview, validateUpdateReview } from '../../src/services/reviews.js';
import { checkHttpUrl, checkJsonObject, checkLabel } from '../../src/services/validation.js';

const collect = (check: (errors: FieldError[]) => void): FieldError[] => {
  const errors: FieldError[] = [];
  check(errors);
  return errors;
};

describe('rating summary', () => {
  it('is null-averaged with five zero buckets when empty', () => {
    expect(summarize({ counts: [0, 0, 0, 0, 0] })).toEqual({ average: null, count: 0, histogram: [1, 2, 3, 4, 5].map((rating) => ({ rating, count: 0 })) });
  });

  it('averages from the histogram and rounds half up to two decimals', () => {
    expect(summarize({ counts: [1, 0, 0, 2, 1] }).average).toBe(3.5);
    expect(summarize({ counts: [0, 2, 1, 0, 0] }).average).toBe(2.33);
    expect(summarize({ counts: [1, 0, 1, 1, 5] }).average).toBe(4.13); // 33 / 8 = 4.125
    expect(summarize({ counts: [0, 0, 0, 0, 7] })).toMatchObject({ average: 5, count: 7 });
  });
});

describe('review validation', () => {
  const valid = { listingType: 'Hotel' as const, listingId: 'HTL001', rating: 3, title: 'ok', comment: 'ok' };

  it('accepts a valid review', () => {
    expect(validateCreateReview(valid)).toEqual([]);
  });

  it('rejects non-integer ratings', () => {
    expect(validateCreateReview({ ...valid, rating: 3.5 })).toEqual([{ path: 'input.rating', message: 'must be an integer from 1 to 5' }]);
  });

  it('requires at least one field on update and checks only the given ones', () => {
    expect(validateUpdateReview({})).toEqual([{ path: 'input', message: 'give at least one of rating, title, comment' }]);
    expect(validateUpdateReview({ title: null, comment: 'fine' })).toEqual([]);
  });
});

describe('cursors', () => {
  it('round-trips and refuses a cursor of another order or a tampered one', () => {
    const cursor = encodeCursor({ order: 'NEWEST', value: '2026-01-01T00:00:00.000Z', id: '0123456789abcdef01234567' });
    expect(decodeCursor(cursor, 'NEWEST')).toEqual({ order: 'NEWEST', value: '2026-01-01T00:00:00.000Z', id: '0123456789abcdef01234567' });
    expect(() => decodeCursor(cursor, 'OLDEST')).toThrow('Invalid input');
    const tampered = Buffer.from(JSON.stringify(['NEWEST', 1, '{"$gt":""}'])).toString('base64url');
    expect(() => decodeCursor(tampered, 'NEWEST')).toThrow('Invalid input');
    expect(decodeCursor(null, 'NEWEST')).toBeNull();
  });

  it('cuts first + 1 rows to a page that knows there is more', () => {
    expect(toPage([1, 2, 3], 2)).toEqual({ nodes: [1, 2], hasNextPage: true });
    expect(toPage([1, 2], 2)).toEqual({ nodes: [1, 2], hasNextPage: false });
  });
});

describe('JSON objects stored in Mongo', () => {
  it('accepts plain nested data', () => {
    expect(collect((errors) => checkJsonObject(errors, 'data', { a: { b: [1, 'x', { c: null }] } }))).toEqual([]);
  });

  it.each([
    [{ 'a.b': 1 }, 'key "a.b"'],
    [{ $set: 1 }, 'key "$set"'],
    [{ a: [[1]] }, 'nested arrays'],
    [{ a: { b: { c: { d: { e: { f: 1 } } } } } }, 'deeper than 5'],
  ])('rejects %j', (value, message) => {
    expect(collect((errors) => checkJsonObject(errors, 'data', value))[0]?.message).toContain(message);
  });
});

describe('image URLs', () => {
  it('accepts http and https URLs with a host', () => {
    expect(collect((errors) => checkHttpUrl(errors, 'url', 'https://cdn.example.com/a.jpg?w=300'))).toEqual([]);
    expect(collect((errors) => checkHttpUrl(errors, 'url', 'http://localhost:8080/a.png'))).toEqual([]);
  });

  it('rejects other schemes and credentials', () => {
    expect(collect((errors) => checkHttpUrl(errors, 'url', 'javascript:alert(1)'))).toEqual([{ path: 'url', message: 'must use http or https' }]);
    expect(collect((errors) => checkHttpUrl(errors, 'url', 'https://a:b@example.com/'))).toEqual([{ path: 'url', message: 'must not contain credentials' }]);
  });
});

describe('labels (pages, element ids, event types, cohorts)', () => {
  it('rejects control characters such as newlines, which would corrupt log exports', () => {
    expect(collect((errors) => checkLabel(errors, 'page', '/a\nb'))).toEqual([{ path: 'page', message: 'must not contain control characters' }]);
    expect(collect((errors) => checkLabel(errors, 'page', '/hotels/HTL001?tab=reviews'))).toEqual([]);
  });
});
