import { BOOKING_EVENT_TYPES, createKafka, ensureTopics, loadConfig, parseDomainEvent, TOPICS, type BookingDomainEvent, type BookingStatus } from '@kayak/common';
import { connectionOptions } from '@kayak/common/migrate';
import { createTestMySql, testConfig, type TestMySql } from '@kayak/common/testing';
import type { Admin, Consumer } from 'kafkajs';
import mariadb, { type Pool } from 'mariadb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingLifecycles, runTopics } from './support/bookings.js';
import { startChildSubgraph, type ChildSubgraph } from './support/child.js';
import { eventually } from './support/wait.js';

// Two bookings replicas (child processes) share one outbox table, each running its outbox relay.
// Booking events are written to the outbox the way the bookings service writes them (each version
// in its own transaction, after the previous one committed) before and while the relays run. One
// replica kills itself (SIGKILL) right after Kafka acknowledged one of its batches and before the
// batch was marked published: the worst moment. A consumer in this process records every delivery:
// every event arrives, the killed batch arrives again (at least once), and per booking the versions
// were published in order — never a newer version before an older one, on any topic.
// Only the two children this test starts are killed; Kafka and MariaDB are left alone.
const config = testConfig();
const run = runTopics('t_fault_outbox_replicas');
const BOOKINGS = 200;
const BATCH = 10;
let mysql: TestMySql;
let pool: Pool;
let admin: Admin;
let consumer: Consumer;
const children: ChildSubgraph[] = [];
const finalState = new Map<string, { version: number; status: BookingStatus }>();
let lifecycles: BookingDomainEvent[][] = [];

interface Delivery {
  eventId: string;
  bookingId: string;
  version: number;
  /** When the relay sent it (the producer's timestamp: both replicas share this machine's clock). */
  sentAt: number;
}
const deliveries: Delivery[] = [];

const OUTBOX_TOPICS: Record<BookingDomainEvent['type'], string> = {
  [TOPICS.bookingCreated]: run.topics['booking.created'],
  [TOPICS.bookingConfirmed]: run.topics['booking.confirmed'],
  [TOPICS.bookingCancelled]: run.topics['booking.cancelled'],
};

const startReplica = (killAtPublish?: number): Promise<ChildSubgraph> =>
  startChildSubgraph('bookings', {
    FAULT_DATABASE_URL: mysql.url,
    FAULT_OUTBOX_TOPICS: JSON.stringify(OUTBOX_TOPICS),
    FAULT_OUTBOX_BATCH: String(BATCH),
    // Each send takes a while, so the two relays are busy at the same time.
    FAULT_PUBLISH_DELAY_MS: '100',
    ...(killAtPublish ? { FAULT_KILL_AT_PUBLISH: String(killAtPublish) } : {}),
  });

/**
 * The lifecycles of bookings [from, to), five bookings at a time: their created events in one
 * transaction, then their confirmations in the next, then their cancellations — so one booking's
 * versions sit a few rows apart in the outbox, in neighbouring relay batches, as when users pay
 * right after booking.
 */
async function writeLifecycles(from: number, to: number): Promise<number> {
  let written = 0;
  for (let chunk = from; chunk < to; chunk += 5) {
    for (let step = 0; step < 3; step += 1) {
      const events = lifecycles.slice(chunk, Math.min(chunk + 5, to)).flatMap((lifecycle): BookingDomainEvent[] => lifecycle.slice(step, step + 1));
      if (events.length === 0) continue;
      const connection = await pool.getConnection();
      try {
        await connection.beginTransaction();
        for (const event of events) {
          await connection.query('INSERT INTO outbox_events (topic, message_key, aggregate_id, payload) VALUES (?, ?, ?, ?)', [
            event.type,
            event.key,
            event.payload.bookingId,
            JSON.stringify(event),
          ]);
        }
        await connection.commit();
        written += events.length;
      } finally {
        await connection.release();
      }
    }
  }
  return written;
}

async function unpublished(): Promise<number> {
  const [row] = (await pool.query('SELECT COUNT(*) AS n FROM outbox_events WHERE published_at IS NULL')) as Array<{ n: bigint }>;
  return Number(row?.n ?? -1);
}

const totalEvents = (): number => lifecycles.reduce((sum, lifecycle) => sum + lifecycle.length, 0);
const distinctDelivered = (): number => new Set(deliveries.map((delivery) => delivery.eventId)).size;

beforeAll(async () => {
  mysql = await createTestMySql(config, 'fault_outbox_replicas');
  pool = mariadb.createPool({ ...connectionOptions(mysql.url), database: mysql.name, connectionLimit: 2 });
  const kafka = createKafka(loadConfig().KAFKA_BROKERS, 'fault-outbox-replicas-test');
  admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [...Object.values(run.topics), run.deadLetter]);
  consumer = kafka.consumer({ groupId: `${run.group}-observer` });
  await consumer.connect();
  await consumer.subscribe({ topics: Object.values(run.topics), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = parseDomainEvent(message.value, BOOKING_EVENT_TYPES);
      deliveries.push({ eventId: event.id, bookingId: event.payload.bookingId, version: event.payload.revision, sentAt: Number(message.timestamp) });
    },
  });
  lifecycles = bookingLifecycles(BOOKINGS, { bookingPrefix: 'BKOUT', listingPrefix: 'HTLO' }, finalState);
}, 180_000);

afterAll(async () => {
  for (const child of children) await child.kill('SIGKILL');
  await consumer?.disconnect();
  await admin?.deleteTopics({ topics: [...Object.values(run.topics), run.deadLetter] }).catch(() => undefined);
  await admin?.deleteGroups([`${run.group}-observer`]).catch(() => undefined);
  await admin?.disconnect();
  await pool?.end();
  await mysql?.drop();
}, 120_000);

describe('two bookings replicas sharing the outbox, one killed mid-relay', () => {
  it('both relays drain the outbox while bookings keep changing, and one dies after a send it never marked', async () => {
    // A backlog when the replicas start, and more bookings while they run. The first replica dies
    // right after its fifth acknowledged batch; the second one goes on.
    const backlog = await writeLifecycles(0, BOOKINGS / 2);
    const [doomed, survivor] = await Promise.all([startReplica(5), startReplica()]);
    children.push(doomed, survivor);
    expect(backlog + (await writeLifecycles(BOOKINGS / 2, BOOKINGS))).toBe(totalEvents());
    expect(await doomed.exited).toBe('SIGKILL');
    await eventually('the outbox is drained', async () => (await unpublished()) === 0, 120_000, 250);
    expect(survivor.process.exitCode).toBeNull();
  }, 240_000);

  it('delivers every event, the killed batch at least twice', async () => {
    await eventually('every event reached the consumer', async () => distinctDelivered() === totalEvents(), 60_000, 250);
    expect(distinctDelivered()).toBe(totalEvents());
    // The batch acknowledged by Kafka but never marked published went out again from the survivor.
    expect(deliveries.length - distinctDelivered()).toBeGreaterThanOrEqual(1);
    const [row] = (await pool.query('SELECT COUNT(*) AS n FROM outbox_events')) as Array<{ n: bigint }>;
    expect(Number(row?.n)).toBe(totalEvents());
  }, 120_000);

  it('never published a newer version of a booking before an older one', async () => {
    const firstSent = new Map<string, Map<number, number>>();
    for (const delivery of deliveries) {
      const versions = firstSent.get(delivery.bookingId) ?? new Map<number, number>();
      versions.set(delivery.version, Math.min(versions.get(delivery.version) ?? Number.POSITIVE_INFINITY, delivery.sentAt));
      firstSent.set(delivery.bookingId, versions);
    }
    const backwards = [...firstSent].filter(([, versions]) => {
      const times = [...versions].sort(([a], [b]) => a - b).map(([, sentAt]) => sentAt);
      return times.some((sentAt, index) => index > 0 && sentAt < (times[index - 1] ?? 0));
    });
    expect(backwards.map(([bookingId]) => bookingId)).toEqual([]);
    // Every booking's versions arrived complete, up to its latest.
    for (const [bookingId, state] of finalState) expect([...(firstSent.get(bookingId)?.keys() ?? [])].sort((a, b) => a - b)).toEqual(Array.from({ length: state.version }, (_, n) => n + 1));
  });
});
