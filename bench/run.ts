import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { connectMongo, createKafka, ensureTopics, loadConfig, type AppConfig } from '@kayak/common';
import { loadEnvFile, repoRoot } from '@kayak/common/env';
import { up } from '../scripts/stack/index.js';
import { loadBenchSettings, scaled, type BenchSettings } from './config.js';
import { measureEventLatency } from './event-latency.js';
import { amountFor, autocannonRound, interleavedRounds, type RoundResult, type Scenario } from './load.js';
import { benchLog as log, benchLogDir as logDir, benchResultsDir as resultsDir } from './paths.js';
import { stopAll, type BenchProcess } from './processes.js';
import { machineInfo, renderMarkdown, renderProbeMarkdown, renderTripsMarkdown, type BenchResults, type ProbeResults, type TripsResults } from './report.js';
import { measureReplayDrain } from './replay-drain.js';
import { measureRoundTrips } from './roundtrips.js';
import { bookAndPayScenario, createBookingVia, drainConsumer } from './scenarios/bookAndPay.js';
import { flagshipScenario } from './scenarios/flagship.js';
import { flightSearchScenario } from './scenarios/flightSearch.js';
import { createTripUnderLoad } from './scenarios/createTrip.js';
import { itinerarySearchAlone, itinerarySearchScenario } from './scenarios/itinerarySearch.js';
import { gatewayOverhead } from './scenarios/gatewayOverhead.js';
import { APOLLO, HIVE, pickOne, tokensFor } from './scenarios/shared.js';
import { benchUserId, dropMySql, seedBench, type SeedReport } from './seed.js';
import { startBenchSupergraph, type BenchSupergraph } from './supergraph.js';
import { benchTopics, bookingTopicNames } from './topics.js';

/**
 * `npm run bench`: stack up → seed the bench databases → start the 4 subgraphs, our gateway and
 * Hive Gateway as child processes → measure (a)–(f) → write bench/results/ → stop and clean up.
 * The scenarios are in bench/scenarios/ (one module each), the processes in bench/supergraph.ts;
 * this file only orders them. See docs/performance.md for what each number means.
 */

async function loadScenario(supergraph: BenchSupergraph, settings: BenchSettings, make: () => Promise<Scenario>) {
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

function benchSettingsOf(settings: BenchSettings): BenchResults['settings'] {
  const { BENCH_SCALE, BENCH_CONNECTIONS, BENCH_WARMUP_SECONDS, BENCH_ROUND_SECONDS, BENCH_ROUNDS, BENCH_EVENT_RATE, BENCH_EVENT_SECONDS, BENCH_BASE_PORT } = settings;
  return { BENCH_SCALE, BENCH_CONNECTIONS, BENCH_WARMUP_SECONDS, BENCH_ROUND_SECONDS, BENCH_ROUNDS, BENCH_EVENT_RATE, BENCH_EVENT_SECONDS, BENCH_BASE_PORT };
}

function hiveVersion(): string | null {
  try {
    return (JSON.parse(readFileSync(join(repoRoot, 'node_modules', '@graphql-hive', 'gateway', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
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
  if (settings.BENCH_MODE === 'seed' || settings.BENCH_MODE === 'probe') {
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
    const sg = await startBenchSupergraph(settings, config, { mongoDb, databaseUrl, topicBase }, processes);
    // Load comes from users other than the three reserved for (e), so their caches stay cold.
    const loadUsers = Array.from({ length: Math.min(500, scale.users - 3) }, (_, index) => benchUserId(3 + index));
    const hotels = seed.listingsForBooking.hotels;
    // (a), (b'') under load and the itinerary search alone: the figures issue 15 reports side by side.
    const flagshipAndItineraries = async () => ({
      flagship: await loadScenario(sg, settings, async () => flagshipScenario(await tokensFor(config, loadUsers))),
      itinerarySearch: await loadScenario(sg, settings, async () => itinerarySearchScenario(await tokensFor(config, loadUsers), seed.flightRoutes)),
      itineraryAlone: await itinerarySearchAlone(sg.gatewayUrl, settings, await tokensFor(config, loadUsers), seed.flightRoutes),
    });

    if (settings.BENCH_MODE === 'trips') {
      const { flagship, itinerarySearch, itineraryAlone } = await flagshipAndItineraries();
      const createTrip = await createTripUnderLoad(sg.gatewayUrl, settings, await tokensFor(config, loadUsers), seed.listingsForBooking, databaseUrl);
      const results: TripsResults = {
        startedAt,
        finishedAt: new Date().toISOString(),
        machine: { ...machine, loadAverageAfter: loadavg().map((value) => Math.round(value * 100) / 100) },
        settings: benchSettingsOf(settings),
        scale: { ...scale, billings: seed.billings, availabilityBlocks: scale.bookings, seedSeconds: seed.seconds },
        flagship,
        itinerarySearch,
        itinerarySearchAlone: itineraryAlone,
        createTrip,
      };
      writeFileSync(join(resultsDir, 'trips-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
      writeFileSync(join(resultsDir, 'trips-latest.md'), renderTripsMarkdown(results));
      log('results written to bench/results/trips-latest.{json,md}');
      return;
    }

    // (f) first, on a quiet system: nothing else is queued for the consumer.
    log(`event latency: ${settings.BENCH_EVENT_RATE} bookings/s for ${settings.BENCH_EVENT_SECONDS} s`);
    const eventTokens = await tokensFor(config, loadUsers);
    const eventLatency = await measureEventLatency({
      db: mongo.db,
      rate: settings.BENCH_EVENT_RATE,
      seconds: settings.BENCH_EVENT_SECONDS,
      createBooking: () => createBookingVia(sg.gatewayUrl, pickOne(eventTokens), hotels),
    });
    if (settings.BENCH_MODE === 'events') {
      log(`event latency: ${JSON.stringify(eventLatency)}`);
      const replay = await measureReplayDrain(config, bookingTopicNames(topics), topics.deadLetter, topicBase, settings.BENCH_DRAIN_SECONDS * 1000);
      log(`replay drain: ${JSON.stringify(replay)}`);
      return;
    }

    const { flagship, itinerarySearch, itineraryAlone } = await flagshipAndItineraries();
    const flightSearch = await loadScenario(sg, settings, async () => flightSearchScenario(await tokensFor(config, loadUsers), seed.flightRoutes));
    const flightSearchAnonymous = await loadScenario(sg, settings, async () => flightSearchScenario(null, seed.flightRoutes));
    const overhead = await gatewayOverhead(sg, settings, loadUsers);

    log('round trips per request (in-process supergraph)');
    const roundTrips = await measureRoundTrips({ config, mongoDb, databaseUrl, owners: seed.roundTripUsers, cachePrefix: `${topicBase}:bookings` });

    // (c) last: the bookings it makes keep the availability consumer busy for a while afterwards.
    const bookAndPay = await loadScenario(sg, settings, async () => bookAndPayScenario(await tokensFor(config, loadUsers), hotels));
    const drain = await drainConsumer(databaseUrl, mongo.db, settings.BENCH_DRAIN_SECONDS * 1000);
    log(`availability consumer after (c): ${drain.backlogBookings} bookings without a block, ${drain.blocksPerSecond} blocks/s, ${drain.remaining} left after ${drain.seconds} s`);
    // The consumer kept up with (c) live, so time it on a backlog: every event of the run, replayed.
    const replayDrain = await measureReplayDrain(config, bookingTopicNames(topics), topics.deadLetter, topicBase, settings.BENCH_DRAIN_SECONDS * 1000);
    log(`replay drain: ${replayDrain.events} events in ${replayDrain.seconds} s = ${replayDrain.eventsPerSecond} events/s`);
    // (c') after the drains: its bookings would otherwise count as the consumer's backlog of (c).
    const createTrip = await createTripUnderLoad(sg.gatewayUrl, settings, await tokensFor(config, loadUsers), seed.listingsForBooking, databaseUrl);

    if (settings.BENCH_SCALE < 1) notes.push(`Scaled-down run: BENCH_SCALE=${settings.BENCH_SCALE} of the target (10k flights, 2k hotels, 2k cars, 5k users, 50k bookings, 100k reviews); see docs/performance.md for why.`);
    notes.push('Our gateway runs with NODE_ENV=production and LOG_LEVEL=warn (no per-request log line), and keeps its depth/cost/alias limits, metrics and APQ plugins; Hive Gateway runs with its defaults and logging at error.');
    notes.push('The listings search cache (Redis, 30 s TTL) is on: repeated (route, window) pairs within 30 s are cache hits, as in production.');
    notes.push('Rounds of (a)–(c) are sized in requests from the warm-up throughput (autocannon `amount`), so every request of a round completes and is counted; (d) rounds are timed and wait for the requests in flight.');
    const results: BenchResults = {
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: { ...machine, loadAverageAfter: loadavg().map((value) => Math.round(value * 100) / 100) },
      settings: benchSettingsOf(settings),
      scale: { ...scale, billings: seed.billings, availabilityBlocks: scale.bookings, seedSeconds: seed.seconds },
      hive: { version: hiveVersion(), ran: sg.hiveUrl !== null, note: sg.hiveNote },
      load: { flagship, flightSearch, flightSearchAnonymous, itinerarySearch, bookAndPay },
      itinerarySearchAlone: itineraryAlone,
      createTrip,
      gatewayOverhead: overhead,
      roundTrips,
      eventLatency,
      drain,
      replayDrain,
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
