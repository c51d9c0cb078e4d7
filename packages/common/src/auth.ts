import { createHmac, timingSafeEqual } from 'node:crypto';
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
 * Compact HS256 JSON Web Tokens (RFC 7519) with node:crypto's HMAC, synchronously: the gateway
 * verifies one and signs one per request and every subgraph verifies one per request, and through
 * WebCrypto (jose) each was an asynchronous job plus a CryptoKey transfer, a visible share of the
 * gateway's CPU (docs/performance.md, "Gateway overhead"). Tokens are interchangeable with any
 * HS256 library's (the unit tests check against jose).
 */
const JWT_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');
const BASE64URL = /^[A-Za-z0-9_-]+$/;
type Claims = Record<string, unknown>;
const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const hmac = (secret: string, input: string): Buffer => createHmac('sha256', secret).update(input).digest();

function signJwt(secret: string, claims: Claims, ttlSeconds: number): string {
  const issuedAt = nowSeconds();
  const payload = Buffer.from(JSON.stringify({ ...claims, iat: issuedAt, exp: issuedAt + ttlSeconds })).toString('base64url');
  return `${JWT_HEADER}.${payload}.${hmac(secret, `${JWT_HEADER}.${payload}`).toString('base64url')}`;
}

const decodePart = (part: string): Claims => {
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
  return value as Claims;
};

/** The claims of a valid, unexpired HS256 token from `issuer` (and for `audience`); throws otherwise. */
function verifyJwt(secret: string, token: string, expected: { issuer: string; audience?: string }): Claims {
  const parts = token.split('.');
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || !header || !payload || !signature || !parts.every((part) => BASE64URL.test(part))) throw new Error('malformed token');
  const { alg, crit } = decodePart(header);
  if (alg !== 'HS256' || crit !== undefined) throw new Error('unsupported token header');
  const expectedSignature = hmac(secret, `${header}.${payload}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expectedSignature.length || !timingSafeEqual(given, expectedSignature)) throw new Error('bad signature');
  const claims = decodePart(payload);
  const now = nowSeconds();
  if (typeof claims.exp !== 'number' || claims.exp <= now) throw new Error('expired');
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now)) throw new Error('not yet valid');
  if (claims.iss !== expected.issuer) throw new Error('wrong issuer');
  if (expected.audience !== undefined) {
    const audience = claims.aud;
    if (!(audience === expected.audience || (Array.isArray(audience) && audience.includes(expected.audience)))) throw new Error('wrong audience');
  }
  return claims;
}

/** `clientIp`: the client's address, for per-IP rules (login throttling) behind the gateway. */
export async function signGatewayAssertion(secret: string, viewer: Viewer, requestId: string, clientIp?: string): Promise<string> {
  return signJwt(secret, { viewer, rid: requestId, ...(clientIp ? { ip: clientIp } : {}), iss: ISSUER, aud: AUDIENCE }, 60);
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
  return signJwt(secret, { ...claims, typ: 'access', sub: viewer.kind === 'admin' ? viewer.adminId : viewer.userId, iss: 'kayak-users' }, ACCESS_TOKEN_TTL_SECONDS);
}

/** The viewer of a `Bearer` access token; throws UNAUTHENTICATED when invalid or expired. */
export async function verifyAccessToken(secret: string, token: string): Promise<Viewer> {
  try {
    const payload = verifyJwt(secret, token, { issuer: 'kayak-users' });
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
    const payload = verifyJwt(secret, token, { issuer: ISSUER, audience: AUDIENCE });
    if (!isViewer(payload.viewer) || typeof payload.rid !== 'string') throw new Error('malformed assertion');
    return { viewer: payload.viewer, requestId: payload.rid, ...(typeof payload.ip === 'string' ? { clientIp: payload.ip } : {}) };
  } catch {
    throw unauthenticated('Invalid gateway assertion');
  }
}
