import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Token bucket per key in Redis, in one Lua script (atomic across instances, clock from Redis
 * itself). `limit` tokens refill evenly over `windowSeconds`, so a client may burst up to `limit`
 * and then sustain `limit / windowSeconds` per second. A negative cost gives tokens back (a login
 * that turned out right), never beyond `limit`.
 */
const TOKEN_BUCKET = `
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or capacity
local ts = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + (now - ts) * per_ms)
local allowed = 0
local retry_ms = 0
if cost <= 0 or tokens >= cost then
  tokens = math.min(capacity, tokens - cost)
  allowed = 1
else
  retry_ms = math.ceil((cost - tokens) / per_ms)
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
  /** Whole seconds until the next token, at least 1; 0 when allowed without Redis. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Takes `cost` tokens (default 1) when there are enough. */
  take(key: string, rule: RateLimitRule, cost?: number): Promise<RateLimitDecision>;
  /** Gives `cost` tokens back (up to the limit). */
  refund(key: string, rule: RateLimitRule, cost?: number): Promise<void>;
}

export interface RateLimiterOptions {
  /** Namespace of the keys (default `ratelimit:`); deployments sharing one Redis use their own. */
  prefix?: string;
}

/**
 * When Redis is unreachable the limiter fails OPEN (requests pass, a warning is logged): traffic
 * keeps flowing through a cache outage, at the price of not being limited meanwhile.
 */
export function createRateLimiter(redis: Redis, logger: Logger, options: RateLimiterOptions = {}): RateLimiter {
  const prefix = options.prefix ?? 'ratelimit:';
  const run = async (key: string, rule: RateLimitRule, cost: number): Promise<[number, number, number]> =>
    (await redis.eval(TOKEN_BUCKET, 1, `${prefix}${key}`, rule.limit, rule.limit / (rule.windowSeconds * 1000), cost)) as [number, number, number];
  return {
    async take(key, rule, cost = 1) {
      try {
        const [allowed, retryMs, remaining] = await run(key, rule, cost);
        return { allowed: allowed === 1, remaining, retryAfterSeconds: Math.max(1, Math.ceil(retryMs / 1000)) };
      } catch (error) {
        logger.warn({ err: error, key }, 'rate limiter unavailable; allowing the request');
        return { allowed: true, remaining: rule.limit, retryAfterSeconds: 0 };
      }
    },
    async refund(key, rule, cost = 1) {
      try {
        await run(key, rule, -cost);
      } catch (error) {
        logger.warn({ err: error, key }, 'rate limiter unavailable; refund lost');
      }
    },
  };
}
