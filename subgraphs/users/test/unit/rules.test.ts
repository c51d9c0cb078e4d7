import { escapeRegex, isDuplicateKeyError } from '@kayak/common';
import { MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { decodeUserCursor, encodeUserCursor } from '../../src/services/cursor.js';
import { hashRefreshToken, newRefreshToken, refreshTokenKind } from '../../src/services/tokens.js';
import { normaliseUsState } from '../../src/services/usStates.js';
import { validatePageSize } from '../../src/services/validation.js';

describe('normaliseUsState', () => {
  it('accepts abbreviations and full names in any case and spacing, returning the abbreviation', () => {
    expect(normaliseUsState('ca')).toBe('CA');
    expect(normaliseUsState(' New   hampshire ')).toBe('NH');
    expect(normaliseUsState('District of Columbia')).toBe('DC');
  });

  it('rejects anything else, including object keys and territories outside the list', () => {
    for (const input of ['', 'XX', 'Ontario', '__proto__', 'constructor', 'Cali']) expect(normaliseUsState(input)).toBeUndefined();
  });
});

describe('user cursors', () => {
  it('round-trip a userId and reject anything else with BAD_USER_INPUT on the given path', () => {
    expect(decodeUserCursor(encodeUserCursor('123-45-6789'))).toBe('123-45-6789');
    for (const cursor of ['', 'abc', Buffer.from('{"userId":"x"}').toString('base64url'), Buffer.from('[1]').toString('base64url')]) {
      expect(() => decodeUserCursor(cursor, 'after')).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', fields: [{ path: 'after', message: 'is not a valid cursor' }] } }));
    }
  });
});

describe('page size', () => {
  it('defaults to 20 and accepts 1–100 only', () => {
    expect(validatePageSize(undefined)).toBe(20);
    expect(validatePageSize(100)).toBe(100);
    expect(() => validatePageSize(0)).toThrow();
    expect(() => validatePageSize(101)).toThrow();
  });
});

describe('refresh tokens', () => {
  it('carry the account kind and are stored as a SHA-256 hash only', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const userToken = newRefreshToken('user', now);
    const adminToken = newRefreshToken('admin', now);
    expect(refreshTokenKind(userToken.token)).toBe('user');
    expect(refreshTokenKind(adminToken.token)).toBe('admin');
    expect(userToken.hash).toBe(hashRefreshToken(userToken.token));
    expect(userToken.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(userToken.expiresAt.toISOString()).toBe('2026-01-08T00:00:00.000Z');
    expect(newRefreshToken('user', now).token).not.toBe(userToken.token);
  });

  it('are not recognised when malformed', () => {
    for (const token of ['', 'rtu_short', `rtx_${'a'.repeat(43)}`, `rtu_${'a'.repeat(43)}!`]) expect(refreshTokenKind(token)).toBeUndefined();
  });
});

describe('duplicate-key detection', () => {
  it('recognises MongoDB E11000 and FerretDB’s unique violation on update, nothing else', () => {
    expect(isDuplicateKeyError(new MongoServerError({ message: 'E11000 duplicate key error collection: kayak.users', code: 11000 }))).toBe(true);
    expect(isDuplicateKeyError(new MongoServerError({ message: "constraint failed: UNIQUE constraint failed: index 'users_email_1' (2067)", code: 1 }))).toBe(true);
    expect(isDuplicateKeyError(new MongoServerError({ message: 'not implemented', code: 238 }))).toBe(false);
    expect(isDuplicateKeyError(new Error('E11000'))).toBe(false);
  });
});

describe('escapeRegex', () => {
  it('makes every regex metacharacter literal', () => {
    const text = 'a.b*c+(d)?[e]{1}|^$\\/-';
    expect(new RegExp(`^${escapeRegex(text)}$`).test(text)).toBe(true);
    expect(new RegExp(`^${escapeRegex('a.b')}$`).test('axb')).toBe(false);
  });
});
