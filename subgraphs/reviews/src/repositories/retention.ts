import type { Logger } from '@kayak/common';
import { MongoServerError, type Db } from 'mongodb';
import { COLLECTIONS } from './documents.js';

/**
 * Retention of the activity logs. MongoDB expires documents itself through a TTL index.
 * mongo-java-server accepts TTL indexes but never enforces them, and has no `collMod`, so there
 * (as on any server that refuses the TTL conversion) a periodic purge deletes what is older than
 * the retention. Which one applies is decided per collection at start-up.
 */

export interface RetentionPolicy {
  collection: string;
  /** The date field that ages the document (also the field of its TTL index). */
  field: string;
}

export const RETENTION_POLICIES: RetentionPolicy[] = [
  { collection: COLLECTIONS.pageClicks, field: 'timestamp' },
  { collection: COLLECTIONS.listingClicks, field: 'timestamp' },
  { collection: COLLECTIONS.traces, field: 'created_at' },
];

export type RetentionMode = 'ttl' | 'purge';

/** The two index operations retention needs, so the decision can be tested without a server. */
export interface TtlIndexTarget {
  /**
   * createIndexes `{ field: 1 }` with expireAfterSeconds (same name as the plain index). Fails with
   * IndexOptionsConflict when an index on `{ field: 1 }` exists with other options.
   */
  createTtlIndex(collection: string, field: string, seconds: number): Promise<void>;
  /** collMod: turns the existing `{ field: 1 }` index into a TTL index (or changes its expiry). */
  convertToTtl(collection: string, field: string, seconds: number): Promise<void>;
}

const NOT_IMPLEMENTED = 238;
const COMMAND_NOT_FOUND = 59;
const INDEX_OPTIONS_CONFLICT = 85;
const INDEX_KEY_SPECS_CONFLICT = 86;
const codeOf = (error: unknown): number | undefined => (error instanceof MongoServerError && typeof error.code === 'number' ? error.code : undefined);

export function mongoTtlTarget(db: Db): TtlIndexTarget {
  return {
    async createTtlIndex(collection, field, seconds) {
      // Asked first because mongo-java-server does not answer IndexOptionsConflict as MongoDB does:
      // it adds a second index of the same name, which its dropDatabase then cannot drop.
      const existing = (await db.collection(collection).listIndexes().toArray()).find((index) => {
        const keys = Object.entries(index.key as Record<string, unknown>);
        return keys.length === 1 && keys[0]?.[0] === field && keys[0]?.[1] === 1;
      });
      if (existing && existing.expireAfterSeconds === seconds) return;
      if (existing) {
        throw new MongoServerError({ ok: 0, code: INDEX_OPTIONS_CONFLICT, codeName: 'IndexOptionsConflict', errmsg: `an index on { ${field}: 1 } exists with other options` });
      }
      await db.collection(collection).createIndex({ [field]: 1 }, { expireAfterSeconds: seconds });
    },
    async convertToTtl(collection, field, seconds) {
      await db.command({ collMod: collection, index: { keyPattern: { [field]: 1 }, expireAfterSeconds: seconds } });
    },
  };
}

/**
 * Tries to make `policy` a TTL index. A plain index on the same field (from db:init) or another
 * expiry makes MongoDB answer IndexOptionsConflict; then the index is converted with collMod.
 * Anything else (no collMod on mongo-java-server, or an unexpected failure) falls back to purging.
 */
export async function ensureTtl(target: TtlIndexTarget, policy: RetentionPolicy, seconds: number, logger: Logger): Promise<RetentionMode> {
  try {
    await target.createTtlIndex(policy.collection, policy.field, seconds);
    return 'ttl';
  } catch (error) {
    const code = codeOf(error);
    if (code === INDEX_OPTIONS_CONFLICT || code === INDEX_KEY_SPECS_CONFLICT) {
      try {
        await target.convertToTtl(policy.collection, policy.field, seconds);
        return 'ttl';
      } catch (conversionError) {
        const conversionCode = codeOf(conversionError);
        // No collMod (mongo-java-server) or no TTL (FerretDB): expected, purging is the design there.
        if (conversionCode !== COMMAND_NOT_FOUND && conversionCode !== NOT_IMPLEMENTED) {
          logger.warn({ err: conversionError, collection: policy.collection }, 'cannot convert index to TTL; purging periodically instead');
        }
        return 'purge';
      }
    }
    if (code !== NOT_IMPLEMENTED) logger.warn({ err: error, collection: policy.collection }, 'TTL index failed; purging periodically instead');
    return 'purge';
  }
}

export interface RetentionOptions {
  db: Db;
  logger: Logger;
  retentionDays: number;
  purgeIntervalMs: number;
  policies?: RetentionPolicy[];
  target?: TtlIndexTarget;
}

export interface Retention {
  /** Mode per collection, known after `start()`. */
  modes(): Record<string, RetentionMode>;
  start(): Promise<void>;
  /** Deletes expired documents of the collections in purge mode; returns deletions per collection. */
  purgeNow(now?: Date): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export function createRetention(options: RetentionOptions): Retention {
  const policies = options.policies ?? RETENTION_POLICIES;
  const seconds = Math.round(options.retentionDays * 24 * 60 * 60);
  const modes = new Map<string, RetentionMode>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  const purge = async (now: Date): Promise<Record<string, number>> => {
    const cutoff = new Date(now.getTime() - seconds * 1000);
    const deleted: Record<string, number> = {};
    for (const policy of policies) {
      if (modes.get(policy.collection) !== 'purge') continue;
      const result = await options.db.collection(policy.collection).deleteMany({ [policy.field]: { $lt: cutoff } });
      deleted[policy.collection] = result.deletedCount;
    }
    return deleted;
  };

  // One purge at a time: a slow purge is never overlapped by the next tick.
  const purgeNow = (now: Date = new Date()): Promise<Record<string, number>> => {
    const next = running.then(() => purge(now));
    running = next.catch(() => undefined);
    return next;
  };

  const tick = (): void => {
    purgeNow().then(
      (deleted) => options.logger.debug({ deleted }, 'retention purge'),
      (error: unknown) => options.logger.warn({ err: error }, 'retention purge failed; retrying next interval'),
    );
  };

  return {
    modes: () => Object.fromEntries(modes),
    async start() {
      const target = options.target ?? mongoTtlTarget(options.db);
      for (const policy of policies) modes.set(policy.collection, await ensureTtl(target, policy, seconds, options.logger));
      if ([...modes.values()].includes('purge')) {
        tick();
        timer = setInterval(tick, options.purgeIntervalMs);
        timer.unref(); // retention must never keep the process alive
      }
    },
    purgeNow,
    async close() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
