import { BOOKING_EVENT_TYPES, parseDomainEvent, type BookingDomainEvent } from '@kayak/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafkaInstance, stopInstance } from '../../../../scripts/stack/index.js';
import { collectEvents } from '../support/kafka.js';
import { CANCEL_BOOKING, CREATE_BOOKING, daysFromNow, GOOD_CARD, PAY_BOOKING, startHarness, testTopics, type BookingData, type Harness } from '../support/harness.js';

// A private broker this file may stop and start; the shared one on 9092 is never touched.
const INSTANCE = 'kafka-outbox-fault';
const BROKERS = ['127.0.0.1:19092'];
const topics = testTopics('bk_outbox');
let h: Harness;

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const unpublished = (): Promise<number> => h.server.prisma.outboxEvent.count({ where: { publishedAt: null } });

async function create(listingId: string, from: number): Promise<BookingData> {
  const response = await h.request<{ createBooking: BookingData }>(CREATE_BOOKING, {
    input: { listingType: 'Hotel', listingId, startDate: daysFromNow(from, 15), endDate: daysFromNow(from + 2, 11), quantity: 1 },
  });
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.createBooking;
}

/** create → pay → cancel of one booking: three events with versions 1, 2, 3 on one listing key. */
async function lifecycle(listingId: string, from: number, key: string): Promise<void> {
  const booking = await create(listingId, from);
  expect((await h.request(PAY_BOOKING, { bookingId: booking.bookingId, method: GOOD_CARD, key })).errors).toBeUndefined();
  expect((await h.request(CANCEL_BOOKING, { bookingId: booking.bookingId })).errors).toBeUndefined();
}

beforeAll(async () => {
  await stopInstance(INSTANCE); // a leftover from an interrupted run, if any (only ours, by pid file)
  await startKafkaInstance(INSTANCE, 19092, 19093);
  h = await startHarness('bk_outbox', { outbox: { enabled: true, brokers: BROKERS, topics, pollIntervalMs: 100, backoff: { initialMs: 100, maxMs: 1_000 } } });
  h.catalog.put({ listingType: 'Hotel', listingId: 'HTL-A', unitPrice: '120.00', capacity: 100 });
  h.catalog.put({ listingType: 'Hotel', listingId: 'HTL-B', unitPrice: '95.50', capacity: 100 });
}, 240_000);

afterAll(async () => {
  await h?.close();
  await stopInstance(INSTANCE);
}, 120_000);

describe('transactional outbox while Kafka is down', () => {
  it('publishes while the broker is up', async () => {
    await lifecycle('HTL-A', 10, 'up-1');
    await waitUntil('the first events are published', async () => (await unpublished()) === 0);
    expect(h.server.relay.failures).toBe(0);
  }, 120_000);

  it('keeps accepting bookings and holds their events while the broker is stopped', async () => {
    expect(await stopInstance(INSTANCE)).toBe(true);
    for (let round = 0; round < 3; round += 1) {
      await lifecycle('HTL-A', 20 + round * 3, `down-a-${round}`);
      await lifecycle('HTL-B', 20 + round * 3, `down-b-${round}`);
    }
    await waitUntil('the relay failed twice', async () => h.server.relay.failures >= 2);
    expect(await unpublished()).toBe(18);
    const head = await h.server.prisma.outboxEvent.findFirstOrThrow({ where: { publishedAt: null }, orderBy: { id: 'asc' } });
    expect(head.attempts).toBeGreaterThanOrEqual(1);
    expect(head.lastError).toBeTruthy();
  }, 180_000);

  it('publishes every held event once the broker is back, none lost, each listing’s in order', async () => {
    await startKafkaInstance(INSTANCE, 19092, 19093);
    await waitUntil('every event is published', async () => (await unpublished()) === 0, 180_000);
    expect(h.server.relay.failures).toBe(0);

    const outbox = await h.server.prisma.outboxEvent.findMany({ orderBy: { id: 'asc' } });
    expect(outbox).toHaveLength(21);
    const collector = await collectEvents(BROKERS, Object.values(topics));
    try {
      await collector.waitFor(21, 120_000);
      // At least once: a batch cut off by the outage may arrive twice; first arrivals must keep the outbox order.
      const firstArrivals = new Map<string, { topic: string; key: string; event: BookingDomainEvent }>();
      for (const message of collector.events) if (!firstArrivals.has(message.event.id)) firstArrivals.set(message.event.id, message);
      const topicOf = (type: string): string | undefined => Object.entries(topics).find(([eventType]) => eventType === type)?.[1];
      const expected = outbox.map((row) => ({ eventId: parseDomainEvent(JSON.stringify(row.payload), BOOKING_EVENT_TYPES).id, topic: topicOf(row.topic), key: row.messageKey }));
      expect([...firstArrivals.keys()].sort()).toEqual(expected.map((event) => event.eventId).sort());

      for (const topic of Object.values(topics)) {
        for (const key of ['Hotel:HTL-A', 'Hotel:HTL-B']) {
          const sent = expected.filter((event) => event.topic === topic && event.key === key).map((event) => event.eventId);
          const received = [...firstArrivals.values()].filter((message) => message.topic === topic && message.key === key).map((message) => message.event.id);
          expect(received, `${topic} ${key}`).toEqual(sent);
        }
      }
      // Per booking, revisions 1, 2, 3 carried by created, confirmed, cancelled.
      const versions = [...firstArrivals.values()].filter((message) => message.key === 'Hotel:HTL-B').map((message) => `${message.event.payload.status}:${message.event.payload.revision}`);
      expect(new Set(versions)).toEqual(new Set(['Pending:1', 'Confirmed:2', 'Cancelled:3']));
    } finally {
      await collector.stop();
    }
  }, 300_000);
});
