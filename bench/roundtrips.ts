import { signAccessToken, type AppConfig } from '@kayak/common';
import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import type { CommandStartedEvent, MongoClient } from 'mongodb';
import { startInProcessSupergraph } from '../test/support/supergraph.js';
import { ROUND_TRIP_SIZES } from './config.js';
import { FLAGSHIP, type FlagshipData } from './queries.js';

/**
 * (e) Database round trips of one flagship request, for users with 1, 10 and 50 bookings. The
 * supergraph runs in this process so every Mongo command (driver command monitoring) and SQL
 * statement (Prisma query events of the bookings subgraph) can be counted per request. Each size
 * is measured with cold caches (the bench's Redis keys deleted) and again warm.
 */
export interface RoundTripCount {
  bookings: number;
  cache: 'cold' | 'warm';
  mongo: { users: Record<string, number>; listings: Record<string, number>; reviews: Record<string, number>; total: number };
  sql: { statements: number; kinds: Record<string, number> };
  total: number;
  ok: boolean;
  /** Median latency of `samples` such requests, one at a time (nothing else running), in ms. */
  ms: number;
  samples: number;
}

/** Requests timed per row: cold ones each start from deleted cache keys, warm ones follow. */
export const LATENCY_SAMPLES = { cold: 5, warm: 9 } as const;

function recordCommands(client: MongoClient): { take(): Record<string, number>; stop(): void } {
  let counts: Record<string, number> = {};
  const listener = (event: CommandStartedEvent): void => {
    counts[event.commandName] = (counts[event.commandName] ?? 0) + 1;
  };
  client.on('commandStarted', listener);
  return {
    take() {
      const taken = counts;
      counts = {};
      return taken;
    },
    stop: () => client.off('commandStarted', listener),
  };
}

const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((total, value) => total + value, 0);

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

export async function measureRoundTrips(options: { config: AppConfig; mongoDb: string; databaseUrl: string; owners: Record<number, string>; cachePrefix: string }): Promise<RoundTripCount[]> {
  const { mongoDb, databaseUrl } = options;
  const config: AppConfig = { ...options.config, LOG_LEVEL: 'warn' };
  const sql: string[] = [];
  const graph = await startInProcessSupergraph({ config, mongoDb, databaseUrl, bookings: { cachePrefix: options.cachePrefix, outbox: { enabled: false }, onQuery: (statement) => sql.push(statement) } });
  const { users, listings, reviews, gateway } = graph;
  if (!users || !listings || !reviews) throw new Error('the in-process supergraph did not start every subgraph');
  const recorders = { users: recordCommands(users.mongo.client), listings: recordCommands(listings.mongo.client), reviews: recordCommands(reviews.mongo.client) };

  const request = async (userId: string, first: number): Promise<boolean> => {
    const token = await signAccessToken(config.JWT_SECRET, { kind: 'user', userId });
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: FLAGSHIP, variables: { first } }),
    });
    const body = (await response.json()) as { data?: FlagshipData; errors?: unknown[] };
    return !body.errors && body.data?.me?.bookings?.nodes.length === first;
  };

  const coldStart = async (): Promise<void> => {
    await deleteKeys(users.redis, `users:${mongoDb}:*`);
    await deleteKeys(users.redis, `${options.cachePrefix}:*`);
  };

  /** The median of `count` timed requests (the counted one included). */
  const medianLatency = async (first: number, count: number, before: () => Promise<void>, userId: string, size: number): Promise<number> => {
    const times = [first];
    for (let index = 1; index < count; index += 1) {
      await before();
      const started = performance.now();
      await request(userId, size);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return Math.round(times[Math.floor(times.length / 2)] ?? first);
  };

  const measure = async (size: number, cache: 'cold' | 'warm', userId: string): Promise<RoundTripCount> => {
    if (cache === 'cold') await coldStart();
    for (const recorder of Object.values(recorders)) recorder.take();
    sql.length = 0;
    const started = performance.now();
    const ok = await request(userId, size);
    const firstMs = performance.now() - started;
    const mongo = { users: recorders.users.take(), listings: recorders.listings.take(), reviews: recorders.reviews.take() };
    const statements = sql.length;
    const kinds: Record<string, number> = {};
    for (const statement of sql) {
      const kind = /^\s*(\w+)/.exec(statement)?.[1]?.toUpperCase() ?? 'OTHER';
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    const mongoTotal = sum(mongo.users) + sum(mongo.listings) + sum(mongo.reviews);
    const samples = LATENCY_SAMPLES[cache];
    const ms = await medianLatency(firstMs, samples, cache === 'cold' ? coldStart : async () => undefined, userId, size);
    return { bookings: size, cache, mongo: { ...mongo, total: mongoTotal }, sql: { statements, kinds }, total: mongoTotal + statements, ok, ms, samples };
  };

  try {
    const results: RoundTripCount[] = [];
    for (const size of ROUND_TRIP_SIZES) {
      const userId = options.owners[size];
      if (!userId) throw new Error(`no bench user with ${size} bookings`);
      results.push(await measure(size, 'cold', userId));
      results.push(await measure(size, 'warm', userId));
    }
    return results;
  } finally {
    for (const recorder of Object.values(recorders)) recorder.stop();
    await graph.close();
  }
}
