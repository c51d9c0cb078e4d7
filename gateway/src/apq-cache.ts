import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Redis } from 'ioredis';

/**
 * Automatic Persisted Queries stored in Redis, shared by every gateway instance. A Redis outage
 * reads as a miss: clients then resend the full query, so APQ degrades instead of failing.
 */
export function createRedisKeyValueCache(redis: Redis, prefix: string, defaultTtlSeconds = 24 * 60 * 60): KeyValueCache<string> {
  return {
    async get(key) {
      return (await redis.get(`${prefix}${key}`).catch(() => null)) ?? undefined;
    },
    async set(key, value, options?: KeyValueCacheSetOptions) {
      await redis.set(`${prefix}${key}`, value, 'EX', options?.ttl ?? defaultTtlSeconds).catch(() => undefined);
    },
    async delete(key) {
      await redis.del(`${prefix}${key}`).catch(() => undefined);
    },
  };
}
