import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { AppError, signGatewayAssertion, unauthenticated, verifyAccessToken, withHttpStatus, type RateLimiter, type Viewer } from '@kayak/common';
import type { PartnerKey, PartnerKeyStore } from './partners.js';

export interface GatewayContext {
  viewer: Viewer;
  requestId: string;
  /** The client's address (see clientIpOf), signed into the assertion for per-IP rules. */
  clientIp: string | undefined;
  /** The partner behind `x-api-key`, when the request has one. */
  partner: PartnerKey | undefined;
  /** The signed assertion sent to every subgraph of this request (signed once, lazily). */
  assertion(): Promise<string>;
  /** Entities the subgraphs built this request's answer from (their x-cache-tags headers). */
  cacheTags: Set<string>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The viewer of the request's `Authorization: Bearer` access token; anonymous without one. */
async function viewerOf(req: IncomingMessage, jwtSecret: string): Promise<Viewer> {
  const authorization = header(req, 'authorization');
  if (!authorization) return { kind: 'anonymous' };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match?.[1]) throw withHttpStatus(unauthenticated('Authorization header must be "Bearer <access token>"'), 401);
  try {
    return await verifyAccessToken(jwtSecret, match[1]);
  } catch (error) {
    throw error instanceof AppError ? withHttpStatus(error, 401) : error;
  }
}

const plainIp = (value: string | undefined): string | undefined => {
  const address = value?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  return address && isIP(address) ? address : undefined;
};

/**
 * The client's address: the socket's peer, or — behind `trustedProxyHops` proxies — the
 * x-forwarded-for entry the outermost trusted proxy appended. Entries further left were written by
 * the client and are never believed.
 */
export function clientIpOf(req: IncomingMessage, trustedProxyHops: number): string | undefined {
  const peer = plainIp(req.socket.remoteAddress);
  if (trustedProxyHops === 0) return peer;
  const forwarded = (header(req, 'x-forwarded-for') ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  if (forwarded.length === 0) return peer;
  return plainIp(forwarded[Math.max(0, forwarded.length - trustedProxyHops)]) ?? peer;
}

export interface ContextDependencies {
  jwtSecret: string;
  gatewaySecret: string;
  partners: PartnerKeyStore;
  rateLimiter: RateLimiter;
  trustedProxyHops: number;
}

/**
 * Authenticates the request once, at the edge: access token → viewer, API key → partner (rate
 * limited per key). Client-supplied internal headers (the assertion, forwarded claims) are never
 * passed on: subgraphs only receive what the data source sets.
 */
export function createContextFactory(deps: ContextDependencies): (req: IncomingMessage) => Promise<GatewayContext> {
  return async (req) => {
    const incomingId = header(req, 'x-request-id');
    const requestId = incomingId && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
    const viewer = await viewerOf(req, deps.jwtSecret);

    let partner: PartnerKey | undefined;
    const apiKey = header(req, 'x-api-key');
    if (apiKey !== undefined) {
      partner = await deps.partners.verify(apiKey);
      if (!partner) throw withHttpStatus(unauthenticated('Invalid API key'), 401);
      const decision = await deps.rateLimiter.take(`partner:${partner.keyId}`, partner.rateLimit);
      if (!decision.allowed) {
        throw withHttpStatus(
          new AppError('RATE_LIMITED', `Rate limit of ${partner.rateLimit.limit} requests per ${partner.rateLimit.windowSeconds} s exceeded`, {
            retryAfterSeconds: decision.retryAfterSeconds,
          }),
          429,
          { 'retry-after': String(decision.retryAfterSeconds) },
        );
      }
    }

    let signed: Promise<string> | undefined;
    const clientIp = clientIpOf(req, deps.trustedProxyHops);
    return { viewer, requestId, clientIp, partner, assertion: () => (signed ??= signGatewayAssertion(deps.gatewaySecret, viewer, requestId, clientIp)), cacheTags: new Set() };
  };
}
