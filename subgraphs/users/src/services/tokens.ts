import { createHash, randomBytes } from 'node:crypto';
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken, type Viewer } from '@kayak/common';
import { compare, hash } from 'bcryptjs';

/** A week: a traveller stays signed in on a device they keep using; each refresh rotates the token. */
export const REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;
export const BCRYPT_ROUNDS = 10;

export type AccountKind = 'user' | 'admin';

/**
 * Refresh tokens are opaque random strings; the prefix says which collection holds the session so a
 * refresh costs one lookup. Only their SHA-256 is stored: a database leak yields no usable token,
 * and a fast hash suffices because the token has 256 bits of entropy (unlike a password).
 */
const PREFIX: Record<AccountKind, string> = { user: 'rtu_', admin: 'rta_' };
const TOKEN_FORMAT = /^rt[ua]_[A-Za-z0-9_-]{43}$/;

export interface IssuedRefreshToken {
  token: string;
  hash: string;
  expiresAt: Date;
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newRefreshToken(kind: AccountKind, now: Date): IssuedRefreshToken {
  const token = `${PREFIX[kind]}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashRefreshToken(token), expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_SECONDS * 1000) };
}

/** Whose session a refresh token claims to belong to; undefined for anything not shaped like one. */
export function refreshTokenKind(token: string): AccountKind | undefined {
  if (!TOKEN_FORMAT.test(token)) return undefined;
  return token.startsWith(PREFIX.admin) ? 'admin' : 'user';
}

export async function issueAccessToken(secret: string, viewer: Exclude<Viewer, { kind: 'anonymous' }>, now: Date): Promise<{ token: string; expiresAt: Date }> {
  return { token: await signAccessToken(secret, viewer), expiresAt: new Date(now.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000) };
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, BCRYPT_ROUNDS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Compares a password with the stored hash; without one (unknown email, deleted account) it still
 * spends a bcrypt comparison, so response times do not reveal which emails are registered.
 */
export async function passwordMatches(password: string, storedHash: string | undefined): Promise<boolean> {
  if (storedHash === undefined) {
    dummyHash ??= hash('no account has this password', BCRYPT_ROUNDS);
    await compare(password, await dummyHash);
    return false;
  }
  return compare(password, storedHash);
}
