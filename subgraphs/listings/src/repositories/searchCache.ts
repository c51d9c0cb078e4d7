import { createHash } from 'node:crypto';
import { availabilityCacheTag, createJsonCache, searchCacheTag, type JsonCache, type ResponseCache } from '@kayak/common';
import type { Redis } from 'ioredis';
import type { Logger } from '@kayak/common';
import type { ListingType } from '../generated/graphql.js';

export const DEFAULT_SEARCH_CACHE_TTL_SECONDS = 30;

const GENERATION_TTL_SECONDS = 24 * 60 * 60;

/** Keys are per database, so test files (each on its own database) never share entries. */
export const searchCachePrefix = (mongoDb: string): string => `listings:search:${mongoDb}`;

/** A cache lookup: the cached value, or a function storing the freshly computed one. */
export type CacheLookup<T> = { hit: true; value: T } | { hit: false; store(value: T): Promise<void> };

/**
 * Search results in Redis under a key made of the normalised query plus two generation counters
 * per listing type: one bumped when a listing of that type changes, one when its availability
 * changes (only searches with an availability filter include it). Bumping a counter makes every
 * older key unreachable at once, without scanning for keys; the orphans expire with the short TTL.
 * The generations are read before the database, so a result computed while a write happened is
 * stored under the old generation and never served. Any Redis failure is a miss: the search
 * goes to the database.
 *
 * The same two events drop the gateway's cached answers of such searches (their response-cache
 * tags `search:<type>` and `availability:<type>`, see `Page.cacheTags`).
 */
export class SearchCache {
  private readonly entries: JsonCache;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly prefix: string,
    private readonly responseCache: ResponseCache,
    private readonly ttlSeconds = DEFAULT_SEARCH_CACHE_TTL_SECONDS,
  ) {
    this.entries = createJsonCache(redis, prefix, logger);
  }

  private generationKey(type: ListingType, kind: 'listings' | 'availability'): string {
    return `${this.prefix}:generation:${type}:${kind}`;
  }

  private async generations(type: ListingType): Promise<[string, string] | undefined> {
    try {
      const [listings, availability] = await this.redis.mget(this.generationKey(type, 'listings'), this.generationKey(type, 'availability'));
      return [listings ?? '0', availability ?? '0'];
    } catch (error) {
      this.logger.warn({ err: error }, 'search cache unavailable; using the database');
      return undefined;
    }
  }

  async lookup<T>(type: ListingType, query: unknown, usesAvailability: boolean): Promise<CacheLookup<T>> {
    const generations = await this.generations(type);
    if (!generations) return { hit: false, store: async () => undefined };
    const digest = createHash('sha256').update(JSON.stringify(query)).digest('base64url');
    const key = `${type}:${generations[0]}:${usesAvailability ? generations[1] : '-'}:${digest}`;
    const cached = await this.entries.get<T>(key);
    if (cached !== undefined) return { hit: true, value: cached };
    return { hit: false, store: (value) => this.entries.set(key, value, this.ttlSeconds) };
  }

  /** After a listing of `type` was created, changed or deleted; `tags`: more response-cache tags to drop with it. */
  async invalidateListings(type: ListingType, tags: string[] = []): Promise<void> {
    await this.bump(this.generationKey(type, 'listings'));
    await this.responseCache.invalidate([searchCacheTag(type), ...tags]);
  }

  /** After an availability block of a `type` listing changed; `tags`: more response-cache tags to drop with it. */
  async invalidateAvailability(type: ListingType, tags: string[] = []): Promise<void> {
    await this.bump(this.generationKey(type, 'availability'));
    await this.responseCache.invalidate([availabilityCacheTag(type), ...tags]);
  }

  /**
   * A counter idle for a day expires and restarts at 0: safe, since every entry stored under an
   * earlier generation expired long before (TTL seconds), and it keeps test databases from
   * leaving counters behind.
   */
  private async bump(key: string): Promise<void> {
    try {
      await this.redis.multi().incr(key).expire(key, GENERATION_TTL_SECONDS).exec();
    } catch (error) {
      // Entries under the old generation stay readable until their TTL: bounded staleness.
      this.logger.warn({ err: error, key }, 'search cache invalidation failed; entries expire within the TTL');
    }
  }
}
