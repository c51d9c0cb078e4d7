import { createKafka, ensureTopics, loadConfig, TOPICS, type BookingDomainEvent, type BookingStatus } from '@kayak/common';
import { createTestMongo, graphqlRequest, testConfig, type TestMongo } from '@kayak/common/testing';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildSubgraph, type ChildSubgraph } from './support/child.js';
import { bookingLifecycles, runTopics } from './support/bookings.js';
import { eventually } from './support/wait.js';

// The listings subgraph (with its availability consumer) runs as a child process and is killed
// twice mid-stream: once by itself right after an event's write and before its offset commit
// (the event is delivered again), once by the test at an arbitrary point. After the last restart
// every booking has exactly one availability block at its latest version.
const config = testConfig();
const run = runTopics('t_fault_consumer');
const BOOKINGS = 45;
let mongo: TestMongo;
let producer: Producer;
const children: ChildSubgraph[] = [];
const finalState = new Map<string, { version: number; status: BookingStatus }>();

const TOPIC_OF: Record<BookingDomainEvent['type'], string> = {
  [TOPICS.bookingCreated]: run.topics['booking.created'],
  [TOPICS.bookingConfirmed]: run.topics['booking.confirmed'],
  [TOPICS.bookingCancelled]: run.topics['booking.cancelled'],
};

/** The events of BOOKINGS booking lifecycles (support/bookings.ts), each booking's in order. */
function events(): BookingDomainEvent[] {
  return bookingLifecycles(BOOKINGS, { bookingPrefix: 'BKFAULT', listingPrefix: 'HTLF' }, finalState).flat();
}

const startListings = (fault: { killAt?: number; delayMs?: number } = {}): Promise<ChildSubgraph> =>
  startChildSubgraph(
    'listings',
    {
      MONGO_DB: mongo.name,
      FAULT_GROUP: run.group,
      FAULT_TOPICS: JSON.stringify(Object.values(run.topics)),
      FAULT_DLQ: run.deadLetter,
      ...(fault.killAt ? { FAULT_KILL_AT: String(fault.killAt) } : {}),
      ...(fault.delayMs ? { FAULT_DELAY_MS: String(fault.delayMs) } : {}),
    },
    // The self-killing child may die before its HTTP server is up.
    { waitReady: fault.killAt === undefined },
  );

async function blocks(): Promise<Map<string, Array<{ version: number; booking_status: string }>>> {
  const rows = await mongo.db.collection<{ booking_id: string; version: number; booking_status: string }>('availability_blocks').find({}, { projection: { _id: 0 } }).toArray();
  const byBooking = new Map<string, Array<{ version: number; booking_status: string }>>();
  for (const row of rows) byBooking.set(row.booking_id, [...(byBooking.get(row.booking_id) ?? []), row]);
  return byBooking;
}

const atFinalState = (byBooking: Map<string, Array<{ version: number; booking_status: string }>>): number =>
  [...finalState].filter(([bookingId, state]) => {
    const found = byBooking.get(bookingId) ?? [];
    return found.length === 1 && found[0]?.version === state.version && found[0]?.booking_status === state.status;
  }).length;

interface ConsumerHealth {
  processed: number;
  applied: number;
  ignored: number;
  deadLettered: number;
  running: boolean;
}

async function consumerHealth(child: ChildSubgraph): Promise<ConsumerHealth> {
  const response = await graphqlRequest<{ availabilityConsumerHealth: ConsumerHealth }>(child.url, '{ availabilityConsumerHealth { processed applied ignored deadLettered running } }', {
    viewer: { kind: 'admin', adminId: 'ADM001', role: 'Super Admin' },
    gatewaySecret: config.GATEWAY_SECRET,
  });
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.availabilityConsumerHealth;
}

beforeAll(async () => {
  mongo = await createTestMongo(config, 'fault_consumer');
  const kafka = createKafka(loadConfig().KAFKA_BROKERS, 'fault-consumer-test');
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [...Object.values(run.topics), run.deadLetter]);
  await admin.disconnect();
  producer = kafka.producer();
  await producer.connect();
  // Per listing, in lifecycle order (the key keeps one listing's events in one partition per topic).
  for (const event of events()) {
    await producer.send({ topic: TOPIC_OF[event.type], messages: [{ key: event.key, value: JSON.stringify(event) }] });
  }
}, 180_000);

afterAll(async () => {
  for (const child of children) await child.kill('SIGKILL');
  await producer?.disconnect();
  const admin = createKafka(loadConfig().KAFKA_BROKERS, 'fault-consumer-cleanup').admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [...Object.values(run.topics), run.deadLetter] }).catch(() => undefined);
  await admin.disconnect();
  await mongo?.drop();
}, 120_000);

describe('the listings consumer killed and restarted mid-stream', () => {
  const total = (): number => [...finalState.values()].reduce((sum, state) => sum + state.version, 0);

  it('dies right after writing an event, before committing its offset', async () => {
    expect(total()).toBeGreaterThan(60);
    const first = await startListings({ killAt: 25 });
    children.push(first);
    expect(await first.exited).toBe('SIGKILL');
    const byBooking = await blocks();
    expect(byBooking.size).toBeGreaterThan(0);
    expect(atFinalState(byBooking)).toBeLessThan(BOOKINGS); // mid-stream: work was left
  }, 120_000);

  it('is killed again from outside while it catches up', async () => {
    const second = await startListings({ delayMs: 150 });
    children.push(second);
    // The event written but not committed before the first kill comes again and changes nothing.
    await eventually('the restarted consumer handled a few events, the redelivered one ignored', async () => {
      const health = await consumerHealth(second);
      return health.processed >= 5 && health.ignored >= 1;
    }, 60_000, 100);
    expect(atFinalState(await blocks())).toBeLessThan(BOOKINGS); // still mid-stream
    expect(await second.kill('SIGKILL')).toBe('SIGKILL');
  }, 120_000);

  it('ends with exactly one block per booking, each at its latest version and status', async () => {
    const third = await startListings();
    children.push(third);
    await eventually('every booking reaches its final state', async () => atFinalState(await blocks()) === BOOKINGS, 120_000, 500);
    const byBooking = await blocks();
    expect(byBooking.size).toBe(BOOKINGS);
    expect([...byBooking.values()].every((list) => list.length === 1)).toBe(true);
    expect(await mongo.db.collection('availability_blocks').countDocuments()).toBe(BOOKINGS);
    const health = await consumerHealth(third);
    expect(health).toMatchObject({ running: true, deadLettered: 0 });
  }, 180_000);
});
