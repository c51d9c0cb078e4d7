import { createKafka, ensureTopics } from '@kayak/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pauseInstance, resumeInstance, startKafkaInstance, stopInstance } from '../../scripts/stack/index.js';
import { startSupergraph, type Supergraph } from '../abuse/support/supergraph.js';
import { compareBlocks, runTopics, startBookingLoad, type BookingLoad } from './support/bookings.js';
import { eventually, sleep } from './support/wait.js';

// The booking → availability pipeline on a private broker that is frozen (SIGSTOP) for 30 s while
// bookings keep coming, then thawed (SIGCONT): what a long GC pause or a frozen VM does. The
// broker evicts the consumer's member meanwhile (no heartbeat within the session timeout), so the
// consumer meets "The coordinator is not aware of this member" when it resumes. It must come back
// by itself and the cache converge within 30 s of the broker's return: none lost, none doubled.
const INSTANCE = 'kafka-pause-faults';
const PORT = 29192;
const BROKER = `127.0.0.1:${PORT}`;
const PAUSE_MS = 30_000;
const CONVERGE_MS = 30_000;
const run = runTopics('t_fault_pause');
let sg: Supergraph;
let load: BookingLoad;

interface Readiness {
  status: number;
  body: { status?: string; subgraphs?: Record<string, boolean>; consumers?: Array<{ name: string; ready: boolean }> } | null;
}

async function readiness(url: string): Promise<Readiness> {
  const response = await fetch(new URL('/ready', url), { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json().catch(() => null)) as Readiness['body'] };
}

beforeAll(async () => {
  resumeInstance(INSTANCE); // a leftover of an interrupted run may still be frozen
  await stopInstance(INSTANCE); // and only ours, by pid file
  await startKafkaInstance(INSTANCE, PORT, PORT + 1);
  const admin = createKafka([BROKER], 'fault-setup').admin();
  await admin.connect();
  await ensureTopics(admin, [...Object.values(run.topics), run.deadLetter]);
  await admin.disconnect();
  sg = await startSupergraph({
    prefix: 'fault_pause',
    // Not ready after 10 s without progress while Kafka cannot be asked (the default 60 s outlasts the pause).
    configOverrides: { KAFKA_BROKERS: BROKER, CONSUMER_STALL_MS: '10000' },
    listings: {
      startAvailabilityConsumer: true,
      // The default 10 s Kafka session (CONSUMER_SESSION_TIMEOUT_MS) is shorter than the pause:
      // the frozen broker certainly evicts the member.
      availabilityConsumer: { groupId: run.group, topics: Object.values(run.topics), deadLetterTopic: run.deadLetter },
    },
    bookings: { outbox: { enabled: true, topics: run.topics, pollIntervalMs: 200, backoff: { initialMs: 200, maxMs: 2_000 } } },
  });
}, 240_000);

afterAll(async () => {
  resumeInstance(INSTANCE);
  try {
    await load?.stop();
    await sg?.close();
  } finally {
    await stopInstance(INSTANCE); // even when closing failed: never leave a private broker running
  }
}, 120_000);

describe('Kafka frozen (SIGSTOP) for 30 s during a steady booking load', () => {
  it('turns bookings into availability blocks while the broker runs (the baseline)', async () => {
    load = startBookingLoad(sg, 200);
    await eventually('the first blocks are written', async () => (await sg.mongo.db.collection('availability_blocks').countDocuments()) >= 5, 60_000);
    await eventually('listings is ready', async () => (await readiness(sg.urls.listings)).status === 200, 30_000, 500);
  }, 90_000);

  it('keeps taking bookings while the broker is frozen, and readiness says the consumer is behind', async () => {
    expect(pauseInstance(INSTANCE)).toBe(true);
    const before = load.created;
    await sleep(PAUSE_MS);
    expect(load.created).toBeGreaterThan(before + 20);
    const listings = await readiness(sg.urls.listings);
    expect(listings.status).toBe(503);
    expect(listings.body?.consumers).toEqual([expect.objectContaining({ name: 'availability', ready: false })]);
    await eventually('the gateway reports listings not ready', async () => {
      const gateway = await readiness(sg.gateway.url);
      return gateway.status === 503 && gateway.body?.subgraphs?.listings === false;
    }, 20_000, 500);
  }, 120_000);

  it('within 30 s of the broker’s return every booking has exactly one block at its latest version', async () => {
    expect(resumeInstance(INSTANCE)).toBe(true);
    const { created, failures } = await load.stop();
    expect(created.length).toBeGreaterThan(50);
    await eventually('every booking has its block at its latest version', async () => {
      const state = await compareBlocks(sg, sg.mongo.db);
      return state.mismatched.length === 0 && state.extra === 0;
    }, CONVERGE_MS, 1_000);
    const state = await compareBlocks(sg, sg.mongo.db);
    expect(state).toEqual({ bookings: created.length, blocks: created.length, mismatched: [], extra: 0 });
    const [row] = await sg.sql<{ n: bigint }>('SELECT COUNT(*) AS n FROM outbox_events WHERE published_at IS NULL');
    expect(Number(row?.n)).toBe(0);
    await eventually('the consumer reports itself running and caught up', async () => {
      const health = await sg.listings?.availabilityConsumer.health();
      return health?.running === true && health.lag === 0;
    }, CONVERGE_MS, 500);
    expect(await sg.listings?.availabilityConsumer.health()).toMatchObject({ running: true, lag: 0, deadLettered: 0 });
    await eventually('listings and the gateway are ready again', async () => (await readiness(sg.gateway.url)).status === 200, CONVERGE_MS, 500);
    expect(failures).toEqual([]);
  }, 180_000);
});
