import type { Redis } from 'ioredis';
import type { Logger } from '@kayak/common';

/**
 * Token bucket per key in Redis, in one Lua script (atomic across gateway instances, clock from
 * Redis itself). `limit` tokens refill evenly over `windowSeconds`, so a client may burst up to
 * `limit` and then sustain `limit / windowSeconds` requests per second.
 */
const TOKEN_BUCKET = `
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or capacity
local ts = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + (now - ts) * per_ms)
local allowed = 0
local retry_ms = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry_ms = math.ceil((1 - tokens) / per_ms)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / per_ms) + 1000)
return { allowed, retry_ms, math.floor(tokens) }
`;

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  take(key: string, rule: RateLimitRule): Promise<RateLimitDecision>;
}

/**
 * When Redis is unreachable the limiter fails OPEN (requests pass, a warning is logged): partner
 * traffic keeps flowing through a cache outage, at the price of not being limited meanwhile.
 */
export function createRateLimiter(redis: Redis, logger: Logger): RateLimiter {
  return {
    async take(key, rule) {
      try {
        const result = (await redis.eval(TOKEN_BUCKET, 1, `ratelimit:${key}`, rule.limit, rule.limit / (rule.windowSeconds * 1000))) as [number, number, number];
        const [allowed, retryMs, remaining] = result;
        return { allowed: allowed === 1, remaining, retryAfterSeconds: Math.max(1, Math.ceil(retryMs / 1000)) };
      } catch (error) {
        logger.warn({ err: error, key }, 'rate limiter unavailable; allowing the request');
        return { allowed: true, remaining: rule.limit, retryAfterSeconds: 0 };
      }
    },
  };
}
