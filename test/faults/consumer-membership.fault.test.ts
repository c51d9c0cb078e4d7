import { createKafka, ensureTopics, loadConfig, TOPICS, type BookingDomainEvent, type BookingStatus } from '@kayak/common';
import { createTestMongo, graphqlRequest, testConfig, type TestMongo } from '@kayak/common/testing';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildSubgraph, type ChildSubgraph } from './support/child.js';
import { bookingLifecycles, runTopics } from './support/bookings.js';
import { eventually, sleep } from './support/wait.js';

// The listings subgraph (availability consumer inside) in a child process loses its consumer in
// the two ways kafkajs does not recover from by itself or recovers from only partly:
// 1. a crash with `restart: false` — here a handler bug (TypeError) thrown three times in a row at
//    the same event, as a poison-ish message would;
// 2. a lost group membership — the process is frozen (SIGSTOP) longer than its Kafka session, so
//    the broker evicts the member while more events arrive, then thawed (SIGCONT).
// Each time the supervisor must bring the consumer back, /ready and /metrics must show the dead
// consumer meanwhile, and every booking must end with exactly one block at its final version.
const config = testConfig();
const run = runTopics('t_fault_membership');
const SESSION_TIMEOUT_MS = 6_000; // the broker's group.min.session.timeout.ms
let mongo: TestMongo;
let producer: Producer;
let listings: ChildSubgraph | null = null;
const finalState = new Map<string, { version: number; status: BookingStatus }>();

const TOPIC_OF: Record<BookingDomainEvent['type'], string> = {
  [TOPICS.bookingCreated]: run.topics['booking.created'],
  [TOPICS.bookingConfirmed]: run.topics['booking.confirmed'],
  [TOPICS.bookingCancelled]: run.topics['booking.cancelled'],
};

/** Publishes `count` booking lifecycles (support/bookings.ts), each booking's events in order. */
async function produceLifecycles(count: number, tag: string): Promise<void> {
  for (const events of bookingLifecycles(count, { bookingPrefix: `BKMEM${tag}`, listingPrefix: 'HTLM' }, finalState)) {
    for (const event of events) {
      await producer.send({ topic: TOPIC_OF[event.type], messages: [{ key: event.key, value: JSON.stringify(event) }] });
    }
  }
}

async function atFinalState(): Promise<number> {
  const rows = await mongo.db.collection<{ booking_id: string; version: number; booking_status: string }>('availability_blocks').find({}, { projection: { _id: 0 } }).toArray();
  const byBooking = new Map<string, Array<{ version: number; booking_status: string }>>();
  for (const row of rows) byBooking.set(row.booking_id, [...(byBooking.get(row.booking_id) ?? []), row]);
  return [...finalState].filter(([bookingId, state]) => {
    const found = byBooking.get(bookingId) ?? [];
    return found.length === 1 && found[0]?.version === state.version && found[0]?.booking_status === state.status;
  }).length;
}

interface ConsumerHealth {
  running: boolean;
  restarts: number;
  ready: boolean;
  lag: number | null;
  deadLettered: number;
}

async function consumerHealth(child: ChildSubgraph): Promise<ConsumerHealth> {
  const response = await graphqlRequest<{ availabilityConsumerHealth: ConsumerHealth }>(child.url, '{ availabilityConsumerHealth { running restarts ready lag deadLettered } }', {
    viewer: { kind: 'admin', adminId: 'ADM001', role: 'Super Admin' },
    gatewaySecret: config.GATEWAY_SECRET,
  });
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.availabilityConsumerHealth;
}

async function ready(child: ChildSubgraph): Promise<{ status: number; body: { consumers?: Array<{ name: string; ready: boolean; reason: string | null }> } }> {
  const response = await fetch(new URL('/ready', child.url), { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: (await response.json()) as { consumers?: Array<{ name: string; ready: boolean; reason: string | null }> } };
}

async function metric(child: ChildSubgraph, name: string): Promise<number | null> {
  const text = await (await fetch(new URL('/metrics', child.url))).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`kafka_${name}{consumer="availability"`));
  return line ? Number(line.split(' ').at(-1)) : null;
}

beforeAll(async () => {
  mongo = await createTestMongo(config, 'fault_membership');
  const kafka = createKafka(loadConfig().KAFKA_BROKERS, 'fault-membership-test');
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [...Object.values(run.topics), run.deadLetter]);
  await admin.disconnect();
  producer = kafka.producer();
  await producer.connect();
  await produceLifecycles(30, 'A');
}, 180_000);

afterAll(async () => {
  if (listings) process.kill(listings.pid, 'SIGCONT');
  await listings?.kill('SIGKILL');
  await producer?.disconnect();
  const admin = createKafka(loadConfig().KAFKA_BROKERS, 'fault-membership-cleanup').admin();
  await admin.connect();
  await admin.deleteGroups([run.group]).catch(() => undefined);
  await admin.deleteTopics({ topics: [...Object.values(run.topics), run.deadLetter] }).catch(() => undefined);
  await admin.disconnect();
  await mongo?.drop();
}, 120_000);

describe('the listings consumer after a crash with restart: false and after losing its membership', () => {
  it('is recreated after a handler bug crashed it (restart: false), and readiness and metrics show it dead meanwhile', async () => {
    listings = await startChildSubgraph('listings', {
      MONGO_DB: mongo.name,
      FAULT_GROUP: run.group,
      FAULT_TOPICS: JSON.stringify(Object.values(run.topics)),
      FAULT_DLQ: run.deadLetter,
      FAULT_THROW_AT: '12',
      FAULT_THROW_COUNT: '3',
      FAULT_DELAY_MS: '50',
      FAULT_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
    });
    const child = listings;
    let sawNotReady = false;
    let sawDown = false;
    await eventually('readiness reported the dead consumer', async () => {
      const answer = await ready(child);
      if (answer.status === 503 && answer.body.consumers?.some((consumer) => consumer.name === 'availability' && consumer.reason?.startsWith('not running'))) sawNotReady = true;
      if ((await metric(child, 'consumer_up')) === 0) sawDown = true;
      return sawNotReady && sawDown;
    }, 60_000, 100);
    await eventually('every booking reaches its final state', async () => (await atFinalState()) === finalState.size, 90_000, 500);
    const health = await consumerHealth(child);
    expect(health).toMatchObject({ running: true, deadLettered: 0 });
    expect(health.restarts).toBeGreaterThanOrEqual(1);
    expect(await metric(child, 'consumer_restarts_total')).toBe(health.restarts);
    await eventually('ready again', async () => (await ready(child)).status === 200, 30_000, 250);
    expect(await mongo.db.collection('availability_blocks').countDocuments()).toBe(finalState.size);
  }, 240_000);

  it('rejoins after the process was frozen past its session while events kept coming', async () => {
    const child = listings;
    if (!child) throw new Error('no listings child');
    const before = (await consumerHealth(child)).restarts;
    process.kill(child.pid, 'SIGSTOP');
    await produceLifecycles(30, 'B');
    await sleep(SESSION_TIMEOUT_MS * 2); // the broker evicts the silent member
    process.kill(child.pid, 'SIGCONT');
    await eventually('every booking of both batches reaches its final state', async () => (await atFinalState()) === finalState.size, 60_000, 500);
    expect(await mongo.db.collection('availability_blocks').countDocuments()).toBe(finalState.size);
    await eventually('the consumer is running, caught up and ready', async () => {
      const health = await consumerHealth(child);
      return health.running && health.lag === 0 && health.ready;
    }, 30_000, 250);
    expect((await consumerHealth(child)).restarts).toBeGreaterThanOrEqual(before);
    expect((await ready(child)).status).toBe(200);
  }, 180_000);
});
