import { createHmac } from 'node:crypto';
import { tooManyRequests, type RateLimiter, type RateLimitRule } from '@kayak/common';
import type { AccountKind } from './tokens.js';

/** Token buckets: `limit` attempts, refilled evenly over `windowSeconds`. */
export interface AuthThrottleRules {
  /** Failed logins per account (email). */
  loginPerAccount: RateLimitRule;
  /** Failed logins per client IP, across accounts (credential stuffing). */
  loginPerIp: RateLimitRule;
  /** Registration attempts per userId and per email (repeated probing of one key). */
  registerPerAccount: RateLimitRule;
  /** Registration attempts per client IP (enumerating SSNs, mass sign-ups). */
  registerPerIp: RateLimitRule;
}

export const DEFAULT_AUTH_THROTTLE: AuthThrottleRules = {
  loginPerAccount: { limit: 5, windowSeconds: 15 * 60 },
  loginPerIp: { limit: 30, windowSeconds: 15 * 60 },
  registerPerAccount: { limit: 3, windowSeconds: 60 * 60 },
  // Generous: one office or a partner's test suite signs many people up from one address, and the
  // answer to a taken key no longer tells which key it was (docs/auth.md).
  registerPerIp: { limit: 100, windowSeconds: 60 * 60 },
};

export interface AuthThrottle {
  /**
   * Counts a login attempt against the account and the client IP; throws TOO_MANY_REQUESTS when
   * either has none left. Call the returned function when the password was right: a successful
   * login gives its attempt back, so only failures add up.
   */
  loginAttempt(kind: AccountKind, email: string, clientIp: string | undefined): Promise<() => Promise<void>>;
  /** Counts a registration against its userId, its email and the client IP; throws TOO_MANY_REQUESTS. */
  registrationAttempt(userId: string, email: string, clientIp: string | undefined): Promise<void>;
}

/**
 * Keys never carry an email or SSN: an HMAC (a plain hash of the small SSN space could be reversed)
 * is enough to count. Without a client IP (subgraph-to-subgraph calls, tests calling the subgraph
 * directly) only the per-account rules apply.
 */
export function createAuthThrottle(limiter: RateLimiter, secret: string, rules: AuthThrottleRules = DEFAULT_AUTH_THROTTLE): AuthThrottle {
  const tag = (value: string): string => createHmac('sha256', secret).update(value).digest('base64url').slice(0, 24);

  const takeAll = async (buckets: Array<[string, RateLimitRule]>): Promise<void> => {
    const decisions = await Promise.all(buckets.map(([key, rule]) => limiter.take(key, rule)));
    const refused = decisions.filter((decision) => !decision.allowed);
    if (refused.length > 0) throw tooManyRequests(Math.max(...refused.map((decision) => decision.retryAfterSeconds)));
  };

  return {
    async loginAttempt(kind, email, clientIp) {
      const buckets: Array<[string, RateLimitRule]> = [[`login:${kind}:${tag(email)}`, rules.loginPerAccount]];
      if (clientIp) buckets.push([`login:ip:${clientIp}`, rules.loginPerIp]);
      await takeAll(buckets);
      return async () => {
        await Promise.all(buckets.map(([key, rule]) => limiter.refund(key, rule)));
      };
    },

    async registrationAttempt(userId, email, clientIp) {
      const buckets: Array<[string, RateLimitRule]> = [
        [`register:user:${tag(userId)}`, rules.registerPerAccount],
        [`register:email:${tag(email)}`, rules.registerPerAccount],
      ];
      if (clientIp) buckets.push([`register:ip:${clientIp}`, rules.registerPerIp]);
      await takeAll(buckets);
    },
  };
}
