import { MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { escapeRegex, isDuplicateKeyError } from '../../src/mongo.js';

describe('escapeRegex', () => {
  it('makes every metacharacter literal, so a pattern built from it matches the text itself and nothing else', () => {
    const texts = ['St. Louis (MO)', 'a+b*c?', '^[x]{2}$', 'back\\slash|pipe', 'a/b-c', '.*'];
    for (const text of texts) {
      const pattern = new RegExp(`^${escapeRegex(text)}$`, 'i');
      expect(pattern.test(text), text).toBe(true);
      expect(pattern.test(`${text}x`), text).toBe(false);
    }
    expect(new RegExp(`^${escapeRegex('.*')}$`).test('anything')).toBe(false);
    expect(new RegExp(`^${escapeRegex('St. Louis')}$`).test('StX Louis')).toBe(false);
  });

  it('escapes the characters that delimit patterns or ranges too (/ and -)', () => {
    expect(escapeRegex('a/b-c')).toBe('a\\/b\\-c');
    expect(escapeRegex('plain text 123')).toBe('plain text 123');
  });
});

describe('isDuplicateKeyError', () => {
  it('recognises E11000 and the SQLite-backed form, nothing else', () => {
    expect(isDuplicateKeyError(new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key' }))).toBe(true);
    expect(isDuplicateKeyError(new MongoServerError({ code: 1, errmsg: 'UNIQUE constraint failed: users.email' }))).toBe(true);
    expect(isDuplicateKeyError(new MongoServerError({ code: 2, errmsg: 'bad value' }))).toBe(false);
    expect(isDuplicateKeyError(new Error('E11000'))).toBe(false);
  });
});
