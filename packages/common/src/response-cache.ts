import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * The gateway's shared response cache (Redis) and its invalidation by tag.
 *
 * A tag names one entity whose data a response was built from: `listingKey(type, id)` ("Flight:FL1").
 * Subgraphs report the tags of a response in the `x-cache-tags` header (space separated); the
 * gateway stores a cacheable response under its key and adds the key to each tag's set. Whoever
 * changes an entity invalidates its tag: the gateway after a mutation (with the tags the mutation's
 * subgraphs reported), the listings consumers after applying a booking or rating event.
 *
 * Race-free: a lookup that misses returns Redis's clock; the store is refused when any of the
 * response's tags was invalidated at or after that time, so a response read before a change can
 * never be stored after the change's invalidation. Without an invalidation (e.g. a listing created
 * on a searched route) an entry lives at most its cache hint (the TTL).
 */
export const CACHE_TAGS_HEADER = 'x-cache-tags';

/** How long an invalidation time is remembered: longer than any request can take (60 s limit). */
const INVALIDATION_MEMORY_SECONDS = 300;

const LOOKUP = `
local value = redis.call('GET', KEYS[1])
if value then return {1, value, redis.call('PTTL', KEYS[1])} end
local now = redis.call('TIME')
return {0, tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)}`;

// ARGV: key prefix, lookup time, TTL, body, tags...
const STORE = `
local prefix, started = ARGV[1], tonumber(ARGV[2])
for i = 5, #ARGV do
  local invalidated = redis.call('GET', prefix .. 'i:' .. ARGV[i])
  if invalidated and tonumber(invalidated) >= started then return 0 end
end
redis.call('SET', KEYS[1], ARGV[4], 'EX', ARGV[3])
for i = 5, #ARGV do
  local set = prefix .. 't:' .. ARGV[i]
  redis.call('SADD', set, KEYS[1])
  if redis.call('TTL', set) < tonumber(ARGV[3]) then redis.call('EXPIRE', set, ARGV[3]) end
end
return 1`;

// ARGV: key prefix, tags...
const INVALIDATE = `
local prefix = ARGV[1]
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local removed = 0
for i = 2, #ARGV do
  redis.call('SET', prefix .. 'i:' .. ARGV[i], ms, 'EX', ${INVALIDATION_MEMORY_SECONDS})
  local set = prefix .. 't:' .. ARGV[i]
  for _, key in ipairs(redis.call('SMEMBERS', set)) do removed = removed + redis.call('DEL', key) end
  redis.call('DEL', set)
end
return removed`;

type CachedLookup = { hit: true; body: string; ttlMs: number } | { hit: false; startedAt: number };

/** Tags of one response, as a header value (undefined when there are none). */
export const cacheTagsHeader = (tags: ReadonlySet<string>): string | undefined => (tags.size > 0 ? [...tags].join(' ') : undefined);

/** Tags from a subgraph's header; anything that is not a plain tag is ignored. */
export function parseCacheTags(header: string | null | undefined): string[] {
  if (!header) return [];
  return header.split(' ').filter((tag) => /^[A-Za-z]+:[A-Za-z0-9_-]{1,64}$/.test(tag));
}

/** Tag of every search of one listing type: dropped when a listing of that type is created, changed or deleted. */
export const searchCacheTag = (listingType: string): string => `search:${listingType}`;
/** Tag of the searches of one listing type that filter on availability: dropped when a booking changes it. */
export const availabilityCacheTag = (listingType: string): string => `availability:${listingType}`;

export class ResponseCache {
  private readonly prefix: string;

  /** `namespace`: the deployment's database name (MONGO_DB), so test databases never share entries. */
  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    namespace: string,
  ) {
    this.prefix = `rc:${namespace}:`;
  }

  /** A stored response body, or the Redis time to pass to `store` on a miss; undefined when Redis fails. */
  async lookup(key: string): Promise<CachedLookup | undefined> {
    try {
      const reply = (await this.redis.eval(LOOKUP, 1, `${this.prefix}r:${key}`)) as [number, string | number, number?];
      return reply[0] === 1 ? { hit: true, body: String(reply[1]), ttlMs: Number(reply[2] ?? 0) } : { hit: false, startedAt: Number(reply[1]) };
    } catch (error) {
      this.logger.warn({ err: error }, 'response cache lookup failed; answering uncached');
      return undefined;
    }
  }

  /** Stores `body` for `ttlSeconds` unless one of `tags` was invalidated since `startedAt`; true when stored. */
  async store(key: string, body: string, ttlSeconds: number, tags: Iterable<string>, startedAt: number): Promise<boolean> {
    try {
      return (await this.redis.eval(STORE, 1, `${this.prefix}r:${key}`, this.prefix, startedAt, Math.max(1, Math.floor(ttlSeconds)), body, ...tags)) === 1;
    } catch (error) {
      this.logger.warn({ err: error }, 'response cache store failed');
      return false;
    }
  }

  /** Drops every cached response built from one of `tags`, and refuses in-flight stores of them. */
  async invalidate(tags: Iterable<string>): Promise<number> {
    const list = [...new Set(tags)];
    if (list.length === 0) return 0;
    try {
      return Number(await this.redis.eval(INVALIDATE, 0, this.prefix, ...list));
    } catch (error) {
      this.logger.warn({ err: error, tags: list.length }, 'response cache invalidation failed; entries expire with their cache hint');
      return 0;
    }
  }
}
