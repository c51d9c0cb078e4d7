import { createKafka, ensureTopics, loadConfig, TOPIC_PARTITIONS, TOPICS, type BookingDomainEvent, type BookingStatus } from '@kayak/common';
import { createTestMongo, graphqlRequest, testConfig, type TestMongo } from '@kayak/common/testing';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingLifecycles, runTopics } from './support/bookings.js';
import { startChildSubgraph, type ChildSubgraph } from './support/child.js';
import { eventually } from './support/wait.js';

// Two listings replicas (child processes) consume the booking topics in ONE consumer group while
// bookings keep being created, paid and cancelled; one replica is killed (SIGKILL) mid-stream. The
// survivor takes over its partitions (after the dead member's Kafka session ends), and every
// booking ends with exactly one availability block at its latest version and status.
// Only the two children this test starts are killed; Kafka, Mongo and Redis are left alone.
const config = testConfig();
const run = runTopics('t_fault_replicas');
const BOOKINGS = 60;
let mongo: TestMongo;
let producer: Producer;
let admin: Admin;
const children: ChildSubgraph[] = [];
const finalState = new Map<string, { version: number; status: BookingStatus }>();
let lifecycles: BookingDomainEvent[][] = [];

const TOPIC_OF: Record<BookingDomainEvent['type'], string> = {
  [TOPICS.bookingCreated]: run.topics['booking.created'],
  [TOPICS.bookingConfirmed]: run.topics['booking.confirmed'],
  [TOPICS.bookingCancelled]: run.topics['booking.cancelled'],
};

const startReplica = (): Promise<ChildSubgraph> =>
  startChildSubgraph('listings', {
    MONGO_DB: mongo.name,
    FAULT_GROUP: run.group,
    FAULT_TOPICS: JSON.stringify(Object.values(run.topics)),
    FAULT_DLQ: run.deadLetter,
    // Slow enough that the stream is still flowing when one replica dies.
    FAULT_DELAY_MS: '60',
    // The survivor gets the dead member's partitions once its session ends.
    FAULT_SESSION_TIMEOUT_MS: '6000',
  });

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

type Blocks = Map<string, Array<{ version: number; booking_status: string }>>;

async function blocks(): Promise<Blocks> {
  const rows = await mongo.db.collection<{ booking_id: string; version: number; booking_status: string }>('availability_blocks').find({}, { projection: { _id: 0 } }).toArray();
  const byBooking: Blocks = new Map();
  for (const row of rows) byBooking.set(row.booking_id, [...(byBooking.get(row.booking_id) ?? []), row]);
  return byBooking;
}

const atFinalState = (byBooking: Blocks): number =>
  [...finalState].filter(([bookingId, state]) => {
    const found = byBooking.get(bookingId) ?? [];
    return found.length === 1 && found[0]?.version === state.version && found[0]?.booking_status === state.status;
  }).length;

/**
 * Bookings in chunks of ten: every booking of the chunk created, then the confirmed ones paid,
 * then the cancelled ones cancelled, like a stream of users; one send per event.
 */
async function produce(from: number, to: number): Promise<number> {
  let sent = 0;
  for (let chunk = from; chunk < to; chunk += 10) {
    const group = lifecycles.slice(chunk, Math.min(chunk + 10, to));
    for (let step = 0; step < 3; step += 1) {
      for (const lifecycle of group) {
        const event = lifecycle[step];
        if (!event) continue;
        await producer.send({ topic: TOPIC_OF[event.type], messages: [{ key: event.key, value: JSON.stringify(event) }] });
        sent += 1;
      }
    }
  }
  return sent;
}

async function groupMembers(): Promise<number> {
  const { groups } = await admin.describeGroups([run.group]);
  return groups[0]?.state === 'Stable' ? (groups[0]?.members.length ?? 0) : -1;
}

beforeAll(async () => {
  mongo = await createTestMongo(config, 'fault_replicas');
  const kafka = createKafka(loadConfig().KAFKA_BROKERS, 'fault-replicas-test');
  admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [...Object.values(run.topics), run.deadLetter]);
  producer = kafka.producer();
  await producer.connect();
  lifecycles = bookingLifecycles(BOOKINGS, { bookingPrefix: 'BKREPL', listingPrefix: 'HTLR' }, finalState);
}, 180_000);

afterAll(async () => {
  for (const child of children) await child.kill('SIGKILL');
  await producer?.disconnect();
  await admin?.deleteTopics({ topics: [...Object.values(run.topics), run.deadLetter] }).catch(() => undefined);
  await admin?.deleteGroups([run.group]).catch(() => undefined);
  await admin?.disconnect();
  await mongo?.drop();
}, 120_000);

describe('two listings replicas in one consumer group, one killed mid-stream', () => {
  it('shares the partitions of every booking topic between both replicas', async () => {
    const topics = await admin.fetchTopicMetadata({ topics: Object.values(run.topics) });
    expect(topics.topics.map((topic) => topic.partitions.length)).toEqual([TOPIC_PARTITIONS, TOPIC_PARTITIONS, TOPIC_PARTITIONS]);
    children.push(await startReplica(), await startReplica());
    await eventually('both replicas are members of the one group', async () => (await groupMembers()) === 2, 90_000, 500);
  }, 200_000);

  it('both replicas consume while bookings are created, paid and cancelled', async () => {
    const [first, second] = children;
    if (!first || !second) throw new Error('replicas not started');
    await produce(0, 30);
    await eventually('each replica handled events', async () => (await consumerHealth(first)).processed > 0 && (await consumerHealth(second)).processed > 0, 60_000, 200);
    expect(atFinalState(await blocks())).toBeLessThan(BOOKINGS);
  }, 120_000);

  it('keeps going when one replica is killed mid-stream (SIGKILL)', async () => {
    const [first, second] = children;
    if (!first || !second) throw new Error('replicas not started');
    const sending = produce(30, BOOKINGS);
    const before = await consumerHealth(second);
    expect(await first.kill('SIGKILL')).toBe('SIGKILL');
    await sending;
    // Mid-stream: the killed replica left events of its partitions unhandled or uncommitted.
    expect(atFinalState(await blocks())).toBeLessThan(BOOKINGS);
    await eventually('the survivor alone is the group', async () => (await groupMembers()) === 1, 90_000, 500);
    await eventually('every booking reaches its final state', async () => atFinalState(await blocks()) === BOOKINGS, 120_000, 500);
    const after = await consumerHealth(second);
    expect(after.processed).toBeGreaterThan(before.processed);
    expect(after).toMatchObject({ running: true, deadLettered: 0 });
  }, 300_000);

  it('ends with exactly one block per booking, each at its latest version and status', async () => {
    const byBooking = await blocks();
    expect(byBooking.size).toBe(BOOKINGS);
    expect([...byBooking.values()].every((list) => list.length === 1)).toBe(true);
    expect(atFinalState(byBooking)).toBe(BOOKINGS);
    expect(await mongo.db.collection('availability_blocks').countDocuments()).toBe(BOOKINGS);
  });
});
