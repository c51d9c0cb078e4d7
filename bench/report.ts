import type { ReplayDrain } from './replay-drain.js';
import { cpus, loadavg, release, totalmem, type, hostname } from 'node:os';
import type { BenchSettings, Scale } from './config.js';
import type { EventLatencyResult } from './event-latency.js';
import type { Summary } from './load.js';
import type { RoundTripCount } from './roundtrips.js';
import type { CreateTripResult } from './scenarios/createTrip.js';
import type { ItinerarySearchAlone } from './scenarios/itinerarySearch.js';

/** What `npm run bench` writes to bench/results/ (JSON), and its Markdown rendering. */
export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  machine: { cpuModel: string; cores: number; memoryGiB: number; node: string; os: string; host: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  settings: Omit<BenchSettings, 'BENCH_KEEP_DATA' | 'BENCH_SKIP_HIVE' | 'BENCH_MODE' | 'BENCH_DRAIN_SECONDS'>;
  scale: Scale & { billings: number; availabilityBlocks: number; seedSeconds: number };
  hive: { version: string | null; ran: boolean; note: string };
  load: {
    flagship: Record<string, Summary>;
    flightSearch: Record<string, Summary>;
    /** The same searches without an access token: our gateway's response cache answers repeats. */
    flightSearchAnonymous: Record<string, Summary>;
    /** A round-trip itinerary search with connections (docs/itineraries.md); absent in older results. */
    itinerarySearch?: Record<string, Summary>;
    bookAndPay: Record<string, Summary>;
  };
  /** (b'') one search at a time through our gateway; absent in older results. */
  itinerarySearchAlone?: ItinerarySearchAlone;
  /** (c') createTrip with 3 items under load; absent in older results. */
  createTrip?: CreateTripResult;
  gatewayOverhead: { summaries: Record<string, Summary>; alone: Record<string, Summary>; plan: string; fetches: number; directMatchesGateway: boolean };
  roundTrips: RoundTripCount[];
  eventLatency: EventLatencyResult;
  /** The availability consumer absorbing the bookings made during (c). */
  drain: { backlogBookings: number; blocksPerSecond: number; seconds: number; remaining: number };
  /** Absent in results written before it was measured. */
  replayDrain?: ReplayDrain;
  notes: string[];
}

export function machineInfo(): Omit<BenchResults['machine'], 'loadAverageAfter'> {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()}`,
    host: hostname(),
    loadAverageBefore: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

const ratio = (a: number | undefined, b: number | undefined): string => (a && b ? `${(a / b).toFixed(2)}×` : 'n/a');

function loadTable(title: string, summaries: Record<string, Summary>): string[] {
  const lines = [`| ${title} | req/s (mean of rounds) | min–max | p50 ms | p95 ms | p99 ms | requests | errors |`, '|---|---:|---:|---:|---:|---:|---:|---:|'];
  for (const [name, s] of Object.entries(summaries)) {
    lines.push(`| ${name} | ${s.rps} | ${s.rpsMin}–${s.rpsMax} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.requests} | ${s.errors} |`);
  }
  const samples = Object.entries(summaries).flatMap(([name, s]) => (s.errorSamples ?? []).map((text) => `- ${name}: \`${text.replace(/`/g, "'")}\``));
  if (samples.length > 0) lines.push('', 'First errors:', '', ...samples);
  return lines;
}

function countsOf(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? '0' : entries.map(([name, count]) => `${count} ${name}`).join(', ');
}

function roundTripTable(roundTrips: RoundTripCount[]): string[] {
  return [
    '| bookings | cache | users (Mongo) | listings (Mongo) | reviews (Mongo) | bookings (SQL) | total | answer complete | latency alone, p50 ms |',
    '|---:|---|---|---|---|---|---:|---|---:|',
    ...roundTrips.map((r) => `| ${r.bookings} | ${r.cache} | ${countsOf(r.mongo.users)} | ${countsOf(r.mongo.listings)} | ${countsOf(r.mongo.reviews)} | ${r.sql.statements} (${countsOf(r.sql.kinds)}) | ${r.total} | ${r.ok} | ${r.ms} (${r.samples} requests) |`),
  ];
}

const ITINERARY_TITLE = "## (b'') Itinerary search: a round trip on a seeded route, up to 2 stops per leg, 2 adults + 1 child, BEST order, 20 itineraries";

function itineraryAloneLines(alone: ItinerarySearchAlone | undefined): string[] {
  if (!alone) return [];
  return [
    'The same searches one at a time (1 worker, our gateway), the latency of a search alone:',
    '',
    ...loadTable('gateway', { 'apollo-gateway': alone }),
    '',
    `Itinerary search alone: **p50 ${alone.p50} ms** (target ≤ 150 ms), p99 ${alone.p99} ms; ${Math.round(alone.withItineraries * 100)} % of the searches found itineraries.`,
    '',
  ];
}

function createTripLines(trip: CreateTripResult | undefined, connections: number): string[] {
  if (!trip) return [];
  const refused = Object.entries(trip.refused).map(([item, count]) => `${count} (${item} full)`).join(', ') || 'none';
  return [
    `## (c') createTrip with 3 items (2 seats on one of ${trip.contendedFlights} contended flights + 2 hotel nights + a car), ${connections} concurrent clients`,
    '',
    ...loadTable('gateway', { 'apollo-gateway': trip.summary }),
    '',
    `Answers: ${trip.created} trips created; CONFLICT refusals ${refused} (a sold-out item is an answer, not an error). Afterwards in MySQL: ${trip.flightsSoldOut} of ${trip.contendedFlights} flights sold out, **${trip.overbookedFlights} overbooked flights, ${trip.doubleBookedCars} double-booked cars, ${trip.partialTrips} partial trips**.`,
    '',
  ];
}

/** `BENCH_MODE=trips`: the flagship, itinerary search (under load and alone) and createTrip from one run. */
export interface TripsResults {
  startedAt: string;
  finishedAt: string;
  machine: BenchResults['machine'];
  settings: BenchResults['settings'];
  scale: BenchResults['scale'];
  flagship: Record<string, Summary>;
  itinerarySearch: Record<string, Summary>;
  itinerarySearchAlone: ItinerarySearchAlone;
  createTrip: CreateTripResult;
}

export function renderTripsMarkdown(results: TripsResults): string {
  const { machine, scale, settings } = results;
  return [
    `# Trips benchmark (${results.startedAt})`,
    '',
    `Reproduce: \`BENCH_MODE=trips npm run bench\`. Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB RAM, Node ${machine.node}; load average before/after ${machine.loadAverageBefore.join(' ')} / ${machine.loadAverageAfter.join(' ')}. Everything shares these cores.`,
    '',
    `Data: ${scale.flights} flights, ${scale.hotels} hotels, ${scale.cars} cars, ${scale.users} users, ${scale.bookings} bookings, ${scale.reviews} reviews; seeded in ${scale.seedSeconds} s.`,
    `Load: ${settings.BENCH_CONNECTIONS} connections, ${settings.BENCH_WARMUP_SECONDS} s warm-up per target, then ${settings.BENCH_ROUNDS} rounds of about ${settings.BENCH_ROUND_SECONDS} s.`,
    '',
    '## (a) Flagship query (for comparison, same run)',
    '',
    ...loadTable('gateway', results.flagship),
    '',
    ITINERARY_TITLE,
    '',
    ...loadTable('gateway', results.itinerarySearch),
    '',
    ...itineraryAloneLines(results.itinerarySearchAlone),
    ...createTripLines(results.createTrip, settings.BENCH_CONNECTIONS),
  ].join('\n');
}

/** `BENCH_MODE=probe`: seeding time and single-request round trips at one scale, no load. */
export interface ProbeResults {
  startedAt: string;
  machine: BenchResults['machine'];
  scale: BenchResults['scale'];
  roundTrips: RoundTripCount[];
}

export function renderProbeMarkdown(probe: ProbeResults): string {
  const { machine, scale } = probe;
  return [
    `# Probe at BENCH_SCALE=${scale.flights / 10_000} (${probe.startedAt})`,
    '',
    `Reproduce: \`BENCH_MODE=probe BENCH_SCALE=${scale.flights / 10_000} npm run bench\`. Machine: ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, Node ${machine.node}; load average before/after ${machine.loadAverageBefore.join(' ')} / ${machine.loadAverageAfter.join(' ')}.`,
    '',
    `Data: ${scale.flights} flights, ${scale.hotels} hotels, ${scale.cars} cars, ${scale.users} users, ${scale.bookings} bookings (${scale.billings} billings, ${scale.availabilityBlocks} availability blocks), ${scale.reviews} reviews; seeded in ${scale.seedSeconds} s (insertMany batches of 1,000, multi-row INSERTs of 1,000).`,
    '',
    'One flagship request at a time through an in-process supergraph (no load):',
    '',
    ...roundTripTable(probe.roundTrips),
    '',
  ].join('\n');
}

export function renderMarkdown(results: BenchResults): string {
  const { machine, scale, load, gatewayOverhead, roundTrips, eventLatency, hive, settings } = results;
  const apollo = 'apollo-gateway';
  const lines: string[] = [
    `# Benchmark results (${results.startedAt})`,
    '',
    `Reproduce: \`npm run bench\` (settings below). Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB RAM, Node ${machine.node}, ${machine.os}.`,
    `Load average before/after: ${machine.loadAverageBefore.join(' ')} / ${machine.loadAverageAfter.join(' ')}. Everything — load generator, gateways, 4 subgraphs, MariaDB, mongo-java-server, Redis, Kafka — shares these cores.`,
    '',
    `Data: ${scale.flights} flights, ${scale.hotels} hotels, ${scale.cars} cars, ${scale.users} users, ${scale.bookings} bookings (${scale.billings} billings, ${scale.availabilityBlocks} availability blocks), ${scale.reviews} reviews; seeded in ${scale.seedSeconds} s.`,
    `Load: ${settings.BENCH_CONNECTIONS} connections, ${settings.BENCH_WARMUP_SECONDS} s warm-up per target, then ${settings.BENCH_ROUNDS} rounds of about ${settings.BENCH_ROUND_SECONDS} s, targets alternating round by round. Errors = non-2xx + socket errors + timeouts (60 s) + responses with GraphQL errors.`,
    '',
    '## (a) Flagship query: me → bookings (MySQL) → billing → listing (Mongo) → reviews/rating (Mongo), 10 bookings per user',
    '',
    ...loadTable('gateway', load.flagship),
    '',
    '## (b) Flight search (route + 30-day window, 20 results with rating summaries)',
    '',
    ...loadTable('gateway', load.flightSearch),
    '',
    "Signed-in travellers: never answered from our gateway's response cache (the Redis search cache of the listings subgraph is on for both gateways).",
    '',
    "## (b') The same flight searches, anonymous: our gateway's response cache on (docs/gateway.md), Hive Gateway without one",
    '',
    ...loadTable('gateway', load.flightSearchAnonymous),
    '',
    ...(load.itinerarySearch
      ? [ITINERARY_TITLE, '', ...loadTable('gateway', load.itinerarySearch), '', ...itineraryAloneLines(results.itinerarySearchAlone)]
      : []),
    '## (c) createBooking + payBooking (each request counted; a pair is two requests)',
    '',
    ...loadTable('gateway', load.bookAndPay),
    '',
    `Afterwards ${results.drain.backlogBookings} of these bookings had no availability block yet; the listings consumer wrote ${results.drain.blocksPerSecond} blocks/s and ${results.drain.remaining === 0 ? `caught up after ${results.drain.seconds} s` : `still had ${results.drain.remaining} to write when the bench stopped waiting (${results.drain.seconds} s)`}.`,
    ...(results.replayDrain
      ? ['', `Drain rate on a backlog: a fresh consumer group replayed every booking event of the run (${results.replayDrain.events}) into an empty scratch database in ${results.replayDrain.seconds} s = **${results.replayDrain.eventsPerSecond} events/s** (bench/replay-drain.ts).`]
      : []),
    '',
    ...createTripLines(results.createTrip, settings.BENCH_CONNECTIONS),
    `## Hive Gateway comparison (same supergraph, same subgraphs, same run)`,
    '',
    hive.ran
      ? `Hive Gateway ${hive.version ?? ''} ran on Node ${machine.node}. ${hive.note}`
      : `Hive Gateway did not run: ${hive.note}`,
    '',
    '| scenario | Apollo req/s | Hive req/s | Apollo ÷ Hive (throughput) | Apollo p99 ÷ Hive p99 |',
    '|---|---:|---:|---:|---:|',
    ...(['flagship', 'flightSearch', 'flightSearchAnonymous', 'itinerarySearch', 'bookAndPay'] as const).map((key) => {
      const a = load[key]?.[apollo];
      const h = load[key]?.['hive-gateway'];
      return `| ${key} | ${a?.rps ?? 'n/a'} | ${h?.rps ?? 'n/a'} | ${ratio(a?.rps, h?.rps)} | ${ratio(a?.p99, h?.p99)} |`;
    }),
    '',
    '## (d) Gateway overhead: the flagship query sent straight to the subgraphs in query-plan order',
    '',
    `Same closed-loop client (${settings.BENCH_CONNECTIONS} workers, fetch with keep-alive) for every target; "direct" runs the gateway's own query plan (${gatewayOverhead.fetches} subgraph fetches) from the client. Direct result identical to the gateway's: ${gatewayOverhead.directMatchesGateway}.`,
    '',
    ...loadTable('target', gatewayOverhead.summaries),
    '',
    `Gateway overhead (p50 latency ÷ direct p50): Apollo ${ratio(gatewayOverhead.summaries[apollo]?.p50, gatewayOverhead.summaries.direct?.p50)}, Hive ${ratio(gatewayOverhead.summaries['hive-gateway']?.p50, gatewayOverhead.summaries.direct?.p50)}; throughput (direct ÷ gateway): Apollo ${ratio(gatewayOverhead.summaries.direct?.rps, gatewayOverhead.summaries[apollo]?.rps)}, Hive ${ratio(gatewayOverhead.summaries.direct?.rps, gatewayOverhead.summaries['hive-gateway']?.rps)}.`,
    '',
    'The same, one request at a time (1 worker): the latency the gateway itself adds, without queueing for the two cores it shares with the subgraphs and the client.',
    '',
    ...loadTable('target', gatewayOverhead.alone),
    '',
    `Gateway overhead at one connection (p50 ÷ direct p50): Apollo ${ratio(gatewayOverhead.alone[apollo]?.p50, gatewayOverhead.alone.direct?.p50)}, Hive ${ratio(gatewayOverhead.alone['hive-gateway']?.p50, gatewayOverhead.alone.direct?.p50)}.`,
    '',
    '<details><summary>Query plan</summary>',
    '',
    '```',
    gatewayOverhead.plan,
    '```',
    '</details>',
    '',
    '## (e) Database round trips per flagship request (Mongo commands + SQL statements, counted in-process)',
    '',
    ...roundTripTable(roundTrips),
    '',
    '## (f) Booking event → availability visible',
    '',
    `${eventLatency.created} bookings at ${eventLatency.rate}/s for ${eventLatency.seconds} s through the gateway (${eventLatency.createErrors} failed); ${eventLatency.visible} blocks became visible, ${eventLatency.missing} missing after the drain.`,
    '',
    '| latency | p50 ms | p99 ms | max ms |',
    '|---|---:|---:|---:|',
    `| createBooking answered → block found (poll every ${eventLatency.pollMs} ms) | ${eventLatency.observed.p50} | ${eventLatency.observed.p99} | ${eventLatency.observed.max} |`,
    `| event occurredAt → block written (outbox → relay → Kafka → consumer → Mongo) | ${eventLatency.pipeline.p50} | ${eventLatency.pipeline.p99} | ${eventLatency.pipeline.max} |`,
    '',
    ...(results.notes.length > 0 ? ['## Notes', '', ...results.notes.map((note) => `- ${note}`), ''] : []),
  ];
  return `${lines.join('\n')}\n`;
}
