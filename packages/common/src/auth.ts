import { jwtVerify, SignJWT } from 'jose';
import type { webcrypto } from 'node:crypto';
import { unauthenticated } from './errors.js';

export const ADMIN_ROLES = ['Super Admin', 'Listing Admin', 'User Admin', 'Billing Admin', 'Analytics Admin'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/** Who is calling, as established by the gateway from the client's access token. */
export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: string }
  | { kind: 'admin'; adminId: string; role: AdminRole };

/**
 * Header the gateway sets on every subgraph request: a short-lived HS256 JWT signed with
 * GATEWAY_SECRET carrying the viewer and request id. Subgraphs accept nothing else, so a client
 * that reaches a subgraph directly (or forges the header through the gateway) is rejected.
 */
export const GATEWAY_ASSERTION_HEADER = 'x-gateway-assertion';
export const REQUEST_ID_HEADER = 'x-request-id';

const ISSUER = 'kayak-gateway';
const AUDIENCE = 'kayak-subgraphs';

/**
 * The HMAC key of a secret, imported into WebCrypto once: handed raw bytes, jose imports them again
 * on every sign and verify, which was a visible share of the gateway's CPU per request.
 */
const keyCache = new Map<string, Promise<webcrypto.CryptoKey>>();
function keyOf(secret: string): Promise<webcrypto.CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keyCache.set(secret, key);
  }
  return key;
}

/** `clientIp`: the client's address, for per-IP rules (login throttling) behind the gateway. */
export async function signGatewayAssertion(secret: string, viewer: Viewer, requestId: string, clientIp?: string): Promise<string> {
  return new SignJWT({ viewer, rid: requestId, ...(clientIp ? { ip: clientIp } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(await keyOf(secret));
}

function isViewer(value: unknown): value is Viewer {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.kind === 'anonymous') return true;
  if (v.kind === 'user') return typeof v.userId === 'string';
  if (v.kind === 'admin') return typeof v.adminId === 'string' && ADMIN_ROLES.includes(v.role as AdminRole);
  return false;
}

/**
 * Client access tokens (issued by the users subgraph at login, verified once by the gateway):
 * HS256 with JWT_SECRET, `sub` = userId or adminId, `kind`, `role` for admins, 15 minutes.
 */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export async function signAccessToken(secret: string, viewer: Exclude<Viewer, { kind: 'anonymous' }>): Promise<string> {
  const claims = viewer.kind === 'admin' ? { kind: 'admin', role: viewer.role } : { kind: 'user' };
  return new SignJWT({ ...claims, typ: 'access' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(viewer.kind === 'admin' ? viewer.adminId : viewer.userId)
    .setIssuer('kayak-users')
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
    .sign(await keyOf(secret));
}

/** The viewer of a `Bearer` access token; throws UNAUTHENTICATED when invalid or expired. */
export async function verifyAccessToken(secret: string, token: string): Promise<Viewer> {
  try {
    const { payload } = await jwtVerify(token, await keyOf(secret), { issuer: 'kayak-users', algorithms: ['HS256'] });
    if (payload.typ !== 'access' || typeof payload.sub !== 'string') throw new Error('not an access token');
    const viewer: unknown = payload.kind === 'admin' ? { kind: 'admin', adminId: payload.sub, role: payload.role } : { kind: 'user', userId: payload.sub };
    if (!isViewer(viewer)) throw new Error('malformed claims');
    return viewer;
  } catch {
    throw unauthenticated('Invalid or expired access token');
  }
}

export function requireUser(viewer: Viewer): Exclude<Viewer, { kind: 'anonymous' }> {
  if (viewer.kind === 'anonymous') throw unauthenticated();
  return viewer;
}

// Role checks are permissions: see permissions.ts (`can`, `requirePermission`).

export interface GatewayAssertion {
  viewer: Viewer;
  requestId: string;
  clientIp?: string;
}

/** Verifies the gateway's header; throws UNAUTHENTICATED when it is missing, forged or expired. */
export async function verifyGatewayAssertion(secret: string, token: string | undefined): Promise<GatewayAssertion> {
  if (!token) throw unauthenticated('Requests must come through the gateway');
  try {
    const { payload } = await jwtVerify(token, await keyOf(secret), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    if (!isViewer(payload.viewer) || typeof payload.rid !== 'string') throw new Error('malformed assertion');
    return { viewer: payload.viewer, requestId: payload.rid, ...(typeof payload.ip === 'string' ? { clientIp: payload.ip } : {}) };
  } catch {
    throw unauthenticated('Invalid gateway assertion');
  }
}
