import { createHmac, timingSafeEqual } from 'node:crypto';
import { NOTIFICATION_KINDS, type NotificationKindName } from '../notification-models.js';

/**
 * The token of a mail's unsubscribe link: `<payload>.<signature>`, both base64url, the payload
 * naming the user and the kind of mail, the signature an HMAC-SHA256 of it. It does not expire:
 * an old mail's link keeps working, and all it can do is turn e-mail of one kind off.
 */

export interface UnsubscribeClaim {
  userId: string;
  kind: NotificationKindName;
}

/** UNSUBSCRIBE_SECRET, or a key derived from JWT_SECRET (never the JWT key itself). */
export function unsubscribeKey(unsubscribeSecret: string | undefined, jwtSecret: string): Buffer {
  if (unsubscribeSecret) return Buffer.from(unsubscribeSecret, 'utf8');
  return createHmac('sha256', jwtSecret).update('kayak:unsubscribe-links').digest();
}

const sign = (key: Buffer, payload: string): Buffer => createHmac('sha256', key).update(payload).digest();

export function signUnsubscribeToken(key: Buffer, claim: UnsubscribeClaim): string {
  const payload = Buffer.from(JSON.stringify({ u: claim.userId, k: claim.kind }), 'utf8').toString('base64url');
  return `${payload}.${sign(key, payload).toString('base64url')}`;
}

/** The claim of a valid token; null when it is malformed or its signature does not match. */
export function verifyUnsubscribeToken(key: Buffer, token: string): UnsubscribeClaim | null {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0 || !/^[A-Za-z0-9_-]+$/.test(payload) || !/^[A-Za-z0-9_-]+$/.test(signature)) return null;
  const expected = sign(key, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claim: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claim !== 'object' || claim === null) return null;
    const { u, k } = claim as { u?: unknown; k?: unknown };
    if (typeof u !== 'string' || !NOTIFICATION_KINDS.includes(k as NotificationKindName)) return null;
    return { userId: u, kind: k as NotificationKindName };
  } catch {
    return null;
  }
}
