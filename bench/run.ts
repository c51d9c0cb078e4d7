import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { connectMongo, createKafka, ensureTopics, loadConfig, signAccessToken, signGatewayAssertion, type AppConfig } from '@kayak/common';
import { connectionOptions } from '@kayak/common/migrate';
import mariadb from 'mariadb';
import type { Db } from 'mongodb';
import { loadEnvFile } from '@kayak/common/env';
import { repoRoot } from '@kayak/common/env';
import { up } from '../scripts/stack/index.js';
import { composeSupergraph, readSupergraphConfig } from '../gateway/src/supergraph.js';
import { loadBenchSettings, portsFrom, scaled, type BenchPorts, type BenchSettings } from './config.js';
import { executeDirect, planQuery } from './direct.js';
import { measureEventLatency } from './event-latency.js';
import { amountFor, autocannonRound, closedLoopRound, interleavedRounds, type RoundResult, type RoundTarget, type Scenario } from './load.js';
import { assertPortsFree, httpOk, launch, stopAll, subgraphAnswers, waitFor, type BenchProcess } from './processes.js';
import { CREATE_BOOKING, FLAGSHIP, FLIGHT_SEARCH, GOOD_CARD, PAY_BOOKING } from './queries.js';
import { machineInfo, renderMarkdown, renderProbeMarkdown, type BenchResults, type ProbeResults } from './report.js';
import { measureRoundTrips } from './roundtrips.js';
import { benchUserId, dropMySql, seedBench, type SeedReport } from './seed.js';
import { benchTopics, bookingTopicNames } from './topics.js';

/**
 * `npm run bench`: stack up → seed the bench databases → start the 4 subgraphs, our gateway and
 * Hive Gateway as child processes → measure (a)–(f) → write bench/results/ → stop and clean up.
 * See docs/performance.md for what each number means.
 */
const DAY = 24 * 60 * 60 * 1000;
const APOLLO = 'apollo-gateway';
const HIVE = 'hive-gateway';
const resultsDir = join(repoRoot, 'bench', 'results');
const logDir = join(resultsDir, 'tmp', 'logs');
const log = (line: string): void => console.log(`[bench] ${line}`);
/** Slow answers are measured, not dropped: only an answer slower than this counts as an error. */
const REQUEST_TIMEOUT_MS = 60_000;

const random = (n: number): number => Math.floor(Math.random() * n);
const pickOne = <T>(items: readonly T[]): T => items[random(items.length)] as T;
const dayFromToday = (days: number, hour = 0): string => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + days * DAY + hour * 3_600_000).toISOString();
};

interface Supergraph {
  config: AppConfig;
  ports: BenchPorts;
  urls: Record<'users' | 'listings' | 'bookings' | 'reviews', string>;
  gatewayUrl: string;
  hiveUrl: string | null;
  hiveNote: string;
  supergraphSdl: string;
  processes: BenchProcess[];
}

/** Launched processes go into `processes` as they start, so a failed start can still stop them. */
async function startSupergraph(settings: BenchSettings, config: AppConfig, names: { mongoDb: string; databaseUrl: string; topicBase: string }, processes: BenchProcess[]): Promise<Supergraph> {
  const ports = portsFrom(settings.BENCH_BASE_PORT);
  const host = '127.0.0.1';
  const urls = {
    users: `http://${host}:${ports.users}/graphql`,
    listings: `http://${host}:${ports.listings}/graphql`,
    bookings: `http://${host}:${ports.bookings}/graphql`,
    reviews: `http://${host}:${ports.reviews}/graphql`,
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: host,
    MONGO_DB: names.mongoDb,
    DATABASE_URL: names.databaseUrl,
    GATEWAY_PORT: String(ports.gateway),
    USERS_PORT: String(ports.users),
    LISTINGS_PORT: String(ports.listings),
    BOOKINGS_PORT: String(ports.bookings),
    REVIEWS_PORT: String(ports.reviews),
    USERS_URL: urls.users,
    LISTINGS_URL: urls.listings,
    BOOKINGS_URL: urls.bookings,
    REVIEWS_URL: urls.reviews,
    BENCH_TOPIC_BASE: names.topicBase,
  };
  await assertPortsFree([ports.gateway, ports.users, ports.listings, ports.bookings, ports.reviews, ports.hive]);
  for (const name of ['users', 'listings', 'bookings', 'reviews'] as const) {
    processes.push(launch(name, 'bench/entries/subgraph.ts', [name], env, logDir));
  }
  await Promise.all(processes.map((p) => waitFor(`the ${p.name} subgraph`, () => subgraphAnswers(urls[p.name as keyof typeof urls], config.GATEWAY_SECRET), p)));
  const gateway = launch('gateway', 'bench/entries/gateway.ts', [], env, logDir);
  processes.push(gateway);
  const gatewayBase = `http://${host}:${ports.gateway}`;
  await waitFor('our gateway', () => httpOk(`${gatewayBase}/ready`), gateway);

  // The same supergraph as our gateway composes at start, with the bench's routing URLs.
  const sources = readSupergraphConfig().map((source) => ({ ...source, url: urls[source.name as keyof typeof urls] ?? source.url }));
  const supergraphSdl = composeSupergraph(sources).supergraphSdl;
  const supergraphPath = join(resultsDir, 'tmp', 'supergraph.graphql');
  writeFileSync(supergraphPath, supergraphSdl);

  let hiveUrl: string | null = null;
  let hiveNote = 'skipped (BENCH_SKIP_HIVE=true)';
  if (!settings.BENCH_SKIP_HIVE) {
    const hive = launch('hive-gateway', 'bench/entries/hive-gateway.ts', [], { ...env, BENCH_SUPERGRAPH_PATH: supergraphPath, HIVE_PORT: String(ports.hive) }, logDir);
    processes.push(hive);
    const url = `http://${host}:${ports.hive}/graphql`;
    try {
      await waitFor('Hive Gateway', () => httpOk(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) }), hive, 60_000);
      hiveUrl = url;
      hiveNote = 'Runtime `createGatewayRuntime` with a header hook that verifies the Bearer token and sends the signed viewer assertion, as our gateway does (bench/entries/hive-gateway.ts).';
    } catch (error) {
      hiveNote = `it did not start: ${error instanceof Error ? error.message : String(error)}; last log lines: ${readFileSync(hive.logPath, 'utf8').trim().split('\n').slice(-5).join(' | ')}`;
      log(`Hive Gateway: ${hiveNote}`);
    }
  }
  return { config, ports, urls, gatewayUrl: `${gatewayBase}/graphql`, hiveUrl, hiveNote, supergraphSdl, processes };
}

/** Access tokens of bench users (15 minutes valid: made again before each measurement). */
async function tokensFor(config: AppConfig, userIds: string[]): Promise<string[]> {
  return Promise.all(userIds.map((userId) => signAccessToken(config.JWT_SECRET, { kind: 'user', userId })));
}

const json = (query: string, variables: Record<string, unknown>, token: string) => ({
  body: JSON.stringify({ query, variables }),
  headers: { authorization: `Bearer ${token}` },
});

function flagshipScenario(tokens: string[]): Scenario {
  return { name: 'flagship', requests: [{ body: () => json(FLAGSHIP, { first: 10 }, pickOne(tokens)) }] };
}

function flightSearchScenario(tokens: string[], routes: SeedReport['flightRoutes']): Scenario {
  return {
    name: 'flightSearch',
    requests: [
      {
        body: () => {
          const route = pickOne(routes);
          const from = 7 + random(60);
          return json(FLIGHT_SEARCH, { filter: { departureAirport: route.from, arrivalAirport: route.to, departureFrom: dayFromToday(from), departureTo: dayFromToday(from + 30) } }, pickOne(tokens));
        },
      },
    ],
  };
}

function bookingInput(hotels: string[]): Record<string, unknown> {
  const start = 30 + random(300);
  return { listingType: 'Hotel', listingId: pickOne(hotels), startDate: dayFromToday(start, 15), endDate: dayFromToday(start + 1 + random(3), 11), quantity: 1 };
}

function bookAndPayScenario(tokens: string[], hotels: string[]): Scenario {
  return {
    name: 'bookAndPay',
    requests: [
      {
        body: (context) => {
          const token = pickOne(tokens);
          context.token = token;
          context.bookingId = undefined;
          return json(CREATE_BOOKING, { input: bookingInput(hotels) }, token);
        },
        onBody: (body, context) => {
          const match = /"bookingId":"([^"]+)"/.exec(body);
          context.bookingId = match?.[1];
        },
      },
      {
        body: (context) =>
          json(PAY_BOOKING, { bookingId: context.bookingId ?? 'BK-create-failed', paymentMethod: GOOD_CARD, idempotencyKey: randomUUID() }, String(context.token)),
      },
    ],
  };
}

async function loadScenario(supergraph: Supergraph, settings: BenchSettings, make: () => Promise<Scenario>) {
  const scenario = await make();
  log(`${scenario.name}: ${settings.BENCH_CONNECTIONS} connections`);
  const targets = [{ name: APOLLO, url: supergraph.gatewayUrl }, ...(supergraph.hiveUrl ? [{ name: HIVE, url: supergraph.hiveUrl }] : [])];
  const cycle = scenario.requests.length;
  return interleavedRounds(
    targets.map((target) => ({
      name: target.name,
      warmup: (seconds: number) => autocannonRound(target.url, scenario, settings.BENCH_CONNECTIONS, { seconds }, null),
      round: (warmup: RoundResult, latencies: number[]) =>
        autocannonRound(target.url, scenario, settings.BENCH_CONNECTIONS, { amount: amountFor(warmup, settings.BENCH_ROUND_SECONDS, settings.BENCH_CONNECTIONS, cycle) }, latencies),
    })),
    { warmupSeconds: settings.BENCH_WARMUP_SECONDS, rounds: settings.BENCH_ROUNDS, log },
  );
}

/**
 * Whether every value of the gateway's answer is in the direct one at the same path (the direct
 * answer also has the plan's extra fields, e.g. `__typename` and keys, which the gateway strips).
 */
function containedIn(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.length === actual.length && expected.every((item, index) => containedIn(item, actual[index]));
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const record = actual as Record<string, unknown>;
    return Object.entries(expected).every(([key, value]) => containedIn(value, record[key]));
  }
  return expected === actual;
}

async function gatewayOverhead(supergraph: Supergraph, settings: BenchSettings, userIds: string[]) {
  const plan = planQuery(supergraph.supergraphSdl, FLAGSHIP);
  const tokens = await tokensFor(supergraph.config, userIds);
  const viewers = userIds.map((userId, index) => ({ userId, token: tokens[index] ?? '' }));
  const viaGateway = async (url: string, token: string): Promise<{ failure: string | null; data: unknown }> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: FLAGSHIP, variables: { first: 10 } }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const body = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
    return { failure: response.ok && !body.errors ? null : `HTTP ${response.status}: ${text}`, data: body.data };
  };
  const direct = async (userId: string) => {
    const assertion = await signGatewayAssertion(supergraph.config.GATEWAY_SECRET, { kind: 'user', userId }, randomUUID());
    return executeDirect(plan, supergraph.urls, { first: 10 }, assertion);
  };
  const sample = viewers[0];
  if (!sample) throw new Error('no bench users');
  const expected = await viaGateway(supergraph.gatewayUrl, sample.token);
  const got = await direct(sample.userId);
  const directMatchesGateway = expected.failure === null && got.errors.length === 0 && containedIn(expected.data, got.data);

  // Closed loop by duration: a round waits for its requests in flight and counts them.
  const target = (name: string, operation: () => Promise<string | null>): RoundTarget => ({
    name,
    warmup: (seconds) => closedLoopRound(operation, settings.BENCH_CONNECTIONS, seconds, null),
    round: (_warmup, latencies) => closedLoopRound(operation, settings.BENCH_CONNECTIONS, settings.BENCH_ROUND_SECONDS, latencies),
  });
  const targets = [
    target(APOLLO, async () => (await viaGateway(supergraph.gatewayUrl, pickOne(viewers).token)).failure),
    ...(supergraph.hiveUrl ? [target(HIVE, async () => (await viaGateway(supergraph.hiveUrl ?? '', pickOne(viewers).token)).failure)] : []),
    target('direct', async () => {
      const { errors } = await direct(pickOne(viewers).userId);
      return errors.length === 0 ? null : JSON.stringify(errors);
    }),
  ];
  log(`gateway overhead: ${targets.map((t) => t.name).join(', ')}`);
  const summaries = await interleavedRounds(targets, { warmupSeconds: settings.BENCH_WARMUP_SECONDS, rounds: settings.BENCH_ROUNDS, log });
  return { summaries, plan: plan.pretty, fetches: plan.fetches, directMatchesGateway };
}

function hiveVersion(): string | null {
  try {
    return (JSON.parse(readFileSync(join(repoRoot, 'node_modules', '@graphql-hive', 'gateway', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

interface Drain {
  /** Bookings without their availability block when the load of (c) ended. */
  backlogBookings: number;
  /** Blocks the consumer wrote per second while draining. */
  blocksPerSecond: number;
  seconds: number;
  /** Bookings still without a block when the wait ended (0: caught up). */
  remaining: number;
}

/**
 * After (c): how fast the availability consumer absorbs the bookings made under load, waiting at
 * most `timeoutMs` for every booking in MySQL to have its block.
 */
async function drainConsumer(databaseUrl: string, db: Db, timeoutMs: number): Promise<Drain> {
  const started = Date.now();
  const connection = await mariadb.createConnection({ ...connectionOptions(databaseUrl), database: new URL(databaseUrl).pathname.slice(1) });
  const missing = async (): Promise<number> => {
    const [row] = (await connection.query('SELECT COUNT(*) AS n FROM bookings')) as Array<{ n: bigint }>;
    return Math.max(0, Number(row?.n ?? 0) - (await db.collection('availability_blocks').countDocuments()));
  };
  try {
    const backlog = await missing();
    let remaining = backlog;
    while (remaining > 0 && Date.now() - started < timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      remaining = await missing();
    }
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    return { backlogBookings: backlog, blocksPerSecond: Math.round(((backlog - remaining) / Math.max(seconds, 0.1)) * 10) / 10, seconds, remaining };
  } finally {
    await connection.end();
  }
}

async function createBookingVia(url: string, token: string, hotels: string[]): Promise<string | null> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: CREATE_BOOKING, variables: { input: bookingInput(hotels) } }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = (await response.json()) as { data?: { createBooking?: { bookingId: string } } };
  return body.data?.createBooking?.bookingId ?? null;
}

/** BENCH_MODE=probe: (e) alone, at a scale too large for load on this backend. */
async function probe(config: AppConfig, context: { mongoDb: string; databaseUrl: string; seed: SeedReport; startedAt: string; machine: ReturnType<typeof machineInfo> }): Promise<void> {
  const { seed } = context;
  log('round trips and single-request latency (in-process supergraph, no load)');
  const roundTrips = await measureRoundTrips({ config, mongoDb: context.mongoDb, databaseUrl: context.databaseUrl, owners: seed.roundTripUsers, cachePrefix: `bench_probe_${Date.now().toString(36)}:bookings` });
  const results: ProbeResults = {
    startedAt: context.startedAt,
    machine: { ...context.machine, loadAverageAfter: loadavg().map((value) => Math.round(value * 100) / 100) },
    scale: { ...seed.scale, billings: seed.billings, availabilityBlocks: seed.scale.bookings, seedSeconds: seed.seconds },
    roundTrips,
  };
  writeFileSync(join(resultsDir, 'probe-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(resultsDir, 'probe-latest.md'), renderProbeMarkdown(results));
  log('results written to bench/results/probe-latest.{json,md}');
}

async function main(): Promise<void> {
  loadEnvFile();
  const settings = loadBenchSettings();
  const baseConfig = loadConfig();
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  mkdirSync(logDir, { recursive: true });

  log('stack up');
  await up();
  const mongoDb = 'bench_kayak';
  const databaseUrl = (() => {
    const url = new URL(baseConfig.DATABASE_URL);
    url.pathname = '/bench_kayak';
    return url.toString();
  })();
  const config: AppConfig = { ...baseConfig, MONGO_DB: mongoDb, DATABASE_URL: databaseUrl };
  const dropData = async (): Promise<void> => {
    const mongo = await connectMongo(config.MONGO_URL, mongoDb);
    await mongo.db.dropDatabase().finally(() => mongo.close());
    await dropMySql(databaseUrl);
  };

  const scale = scaled(settings.BENCH_SCALE);
  log(`seeding ${JSON.stringify(scale)}`);
  const seed = await seedBench({ mongoUrl: config.MONGO_URL, mongoDb, databaseUrl, scale, log });
  if (settings.BENCH_MODE !== 'full') {
    try {
      log(`seeded in ${seed.seconds} s: ${JSON.stringify(scale)} (${seed.billings} billings, ${scale.bookings} availability blocks)`);
      if (settings.BENCH_MODE === 'probe') await probe(config, { mongoDb, databaseUrl, seed, startedAt, machine });
    } finally {
      if (!settings.BENCH_KEEP_DATA) await dropData();
    }
    return;
  }

  const topicBase = `bench_${Date.now().toString(36)}`;
  const topics = benchTopics(topicBase);
  const admin = createKafka(config.KAFKA_BROKERS, 'bench').admin();
  await admin.connect();
  await ensureTopics(admin, [...bookingTopicNames(topics), topics.deadLetter]);

  const notes: string[] = [];
  const processes: BenchProcess[] = [];
  let cleaned = false;
  const cleanUp = async (): Promise<void> => {
    if (cleaned) return;
    cleaned = true;
    await stopAll(processes);
    await admin.deleteTopics({ topics: [...bookingTopicNames(topics), topics.deadLetter] }).catch(() => undefined);
    await admin.deleteGroups([`${topicBase}-availability`]).catch(() => undefined);
    await admin.disconnect();
    if (!settings.BENCH_KEEP_DATA) await dropData();
  };
  // Ctrl-C stops the bench's processes and drops its data too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  const mongo = await connectMongo(config.MONGO_URL, mongoDb);
  try {
    const sg = await startSupergraph(settings, config, { mongoDb, databaseUrl, topicBase }, processes);
    // Load comes from users other than the three reserved for (e), so their caches stay cold.
    const loadUsers = Array.from({ length: Math.min(500, scale.users - 3) }, (_, index) => benchUserId(3 + index));
    const hotels = seed.listingsForBooking.hotels;

    // (f) first, on a quiet system: nothing else is queued for the consumer.
    log(`event latency: ${settings.BENCH_EVENT_RATE} bookings/s for ${settings.BENCH_EVENT_SECONDS} s`);
    const eventTokens = await tokensFor(config, loadUsers);
    const eventLatency = await measureEventLatency({
      db: mongo.db,
      rate: settings.BENCH_EVENT_RATE,
      seconds: settings.BENCH_EVENT_SECONDS,
      createBooking: () => createBookingVia(sg.gatewayUrl, pickOne(eventTokens), hotels),
    });

    const flagship = await loadScenario(sg, settings, async () => flagshipScenario(await tokensFor(config, loadUsers)));
    const flightSearch = await loadScenario(sg, settings, async () => flightSearchScenario(await tokensFor(config, loadUsers), seed.flightRoutes));
    const overhead = await gatewayOverhead(sg, settings, loadUsers);

    log('round trips per request (in-process supergraph)');
    const roundTrips = await measureRoundTrips({ config, mongoDb, databaseUrl, owners: seed.roundTripUsers, cachePrefix: `${topicBase}:bookings` });

    // (c) last: the bookings it makes keep the availability consumer busy for a while afterwards.
    const bookAndPay = await loadScenario(sg, settings, async () => bookAndPayScenario(await tokensFor(config, loadUsers), hotels));
    const drain = await drainConsumer(databaseUrl, mongo.db, settings.BENCH_DRAIN_SECONDS * 1000);
    log(`availability consumer after (c): ${drain.backlogBookings} bookings without a block, ${drain.blocksPerSecond} blocks/s, ${drain.remaining} left after ${drain.seconds} s`);

    if (settings.BENCH_SCALE < 1) notes.push(`Scaled-down run: BENCH_SCALE=${settings.BENCH_SCALE} of the target (10k flights, 2k hotels, 2k cars, 5k users, 50k bookings, 100k reviews); see docs/performance.md for why.`);
    notes.push('Our gateway runs with NODE_ENV=production and LOG_LEVEL=warn (no per-request log line), and keeps its depth/cost/alias limits, metrics and APQ plugins; Hive Gateway runs with its defaults and logging at error.');
    notes.push('The listings search cache (Redis, 30 s TTL) is on: repeated (route, window) pairs within 30 s are cache hits, as in production.');
    notes.push('Rounds of (a)–(c) are sized in requests from the warm-up throughput (autocannon `amount`), so every request of a round completes and is counted; (d) rounds are timed and wait for the requests in flight.');
    const results: BenchResults = {
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: { ...machine, loadAverageAfter: loadavg().map((value) => Math.round(value * 100) / 100) },
      settings: {
        BENCH_SCALE: settings.BENCH_SCALE,
        BENCH_CONNECTIONS: settings.BENCH_CONNECTIONS,
        BENCH_WARMUP_SECONDS: settings.BENCH_WARMUP_SECONDS,
        BENCH_ROUND_SECONDS: settings.BENCH_ROUND_SECONDS,
        BENCH_ROUNDS: settings.BENCH_ROUNDS,
        BENCH_EVENT_RATE: settings.BENCH_EVENT_RATE,
        BENCH_EVENT_SECONDS: settings.BENCH_EVENT_SECONDS,
        BENCH_BASE_PORT: settings.BENCH_BASE_PORT,
      },
      scale: { ...scale, billings: seed.billings, availabilityBlocks: scale.bookings, seedSeconds: seed.seconds },
      hive: { version: hiveVersion(), ran: sg.hiveUrl !== null, note: sg.hiveNote },
      load: { flagship, flightSearch, bookAndPay },
      gatewayOverhead: overhead,
      roundTrips,
      eventLatency,
      drain,
      notes,
    };
    const stamp = startedAt.slice(0, 16).replace(/:/g, '');
    for (const name of [`bench-${stamp}`, 'latest']) {
      writeFileSync(join(resultsDir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
      writeFileSync(join(resultsDir, `${name}.md`), renderMarkdown(results));
    }
    log(`results written to bench/results/bench-${stamp}.{json,md} and latest.{json,md}`);
  } finally {
    await mongo.close();
    await cleanUp();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('[bench] failed:', error);
    process.exit(1);
  },
);
