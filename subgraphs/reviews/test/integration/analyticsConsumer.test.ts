import { createKafka, domainEvent, ensureTopics, listingKey, type EventPayload, type EventType, type ListingSnapshot } from '@kayak/common';
import { createTestMongo, testConfig, uniqueName, type TestMongo } from '@kayak/common/testing';
import { createServer } from '@kayak/reviews';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, StubBookings, superAdmin } from './helpers.js';

// The analytics consumer (docs/analytics.md) against the real Kafka broker and Mongo: its own
// topics (one for booking events, one for listing events: not ordered with each other), group
// and dead-letter topic.
const config = testConfig();
const bookingTopic = uniqueName('t_rev_an_bookings');
const listingTopic = uniqueName('t_rev_an_listings');
const deadLetterTopic = uniqueName('t_rev_an_dlq');
const groupId = uniqueName('t_rev_an_group');
const kafka = createKafka(config.KAFKA_BROKERS, 'reviews-analytics-test');
let admin: Admin;
let producer: Producer;
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [bookingTopic, listingTopic, deadLetterTopic], 3);
  producer = kafka.producer();
  await producer.connect();
  mongo = await createTestMongo(config, 'reviews_an_consumer');
  server = await createServer({
    config,
    port: 0,
    mongoDb: mongo.name,
    bookingVerifier: new StubBookings(),
    analyticsConsumer: { start: true, settings: { groupId, topics: [bookingTopic, listingTopic], deadLetterTopic } },
  });
});

afterAll(async () => {
  await server?.close();
  await producer?.disconnect();
  await admin?.deleteGroups([groupId]).catch(() => undefined);
  await admin?.deleteTopics({ topics: [bookingTopic, listingTopic, deadLetterTopic] }).catch(() => undefined);
  await admin?.disconnect();
  await mongo?.drop();
});

let sequence = 0;
const occurred = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 10, minutes));

const booking = { bookingId: 'BK-AN-1', listingType: 'Hotel', listingId: 'HTL-AN', userId: '123-45-6789', startDate: '2026-04-01T15:00:00.000Z', endDate: '2026-04-03T11:00:00.000Z', quantity: 1, totalCents: 21_600 } as const;
const invoice = { billingId: 'BL-AN-1', invoiceNumber: 'INV-AN-1', amountPaidCents: 21_600, paymentMethod: 'credit_card', paidAt: occurred(5).toISOString() };
const hotel: ListingSnapshot = { listingType: 'Hotel', listingId: 'HTL-AN', title: 'Harbour Inn', city: 'Boston', state: 'MA', route: null, priceCents: 10_000, retired: false, revision: 1 };

function message<T extends EventType>(type: T, key: string, payload: EventPayload<T>, minutes: number) {
  sequence += 1;
  return JSON.stringify(domainEvent(type, key, payload, { id: `ev-${groupId}-${sequence}`, occurredAt: occurred(minutes) }));
}

const send = async (topic: string, key: string, ...values: string[]): Promise<void> => {
  await producer.send({ topic, messages: values.map((value) => ({ key, value })) });
};

async function handled(count: number) {
  await expect.poll(async () => (await server.analyticsConsumer.health()).processed, { timeout: 30_000, interval: 100 }).toBe(count);
  return server.analyticsConsumer.health();
}

const bookingKey = listingKey('Hotel', 'HTL-AN');

/** The `dlq-reason` headers of the first `count` messages of the dead-letter topic. */
async function deadLetterReasons(count: number): Promise<string[]> {
  const reader = kafka.consumer({ groupId: `${groupId}_dlq_reader` });
  const reasons: string[] = [];
  await reader.connect();
  try {
    await reader.subscribe({ topic: deadLetterTopic, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void reasons.push(String(message.headers?.['dlq-reason'] ?? '')) });
    await expect.poll(() => reasons.length, { timeout: 30_000, interval: 100 }).toBe(count);
  } finally {
    await reader.disconnect();
    await admin.deleteGroups([`${groupId}_dlq_reader`]).catch(() => undefined);
  }
  return reasons;
}

describe('analytics consumer', () => {
  it('applies booking and listing events to analytics_bookings and analytics_listings', async () => {
    const created = message('booking.created', bookingKey, { ...booking, status: 'Pending', revision: 1 }, 0);
    const confirmed = message('booking.confirmed', bookingKey, { ...booking, status: 'Confirmed', revision: 2, invoice }, 5);
    await send(bookingTopic, bookingKey, created, confirmed);
    await send(listingTopic, bookingKey, message('listing.created', bookingKey, { listing: hotel }, 0));
    const health = await handled(3);
    expect(health).toMatchObject({ applied: 3, ignored: 0, deadLettered: 0, lag: 0, ready: true });
    expect(await server.analytics.findBooking('BK-AN-1')).toMatchObject({ revision: 2, status: 'Confirmed', total_cents: 21_600, paid_cents: 21_600, created_day: '2026-03-01', paid_day: '2026-03-01' });
    expect(await server.analytics.findListing('Hotel', 'HTL-AN')).toMatchObject({ title: 'Harbour Inn', city: 'Boston', revision: 1 });
  });

  it('ignores a replayed event and events older than the stored revision', async () => {
    const cancelled = message('booking.cancelled', bookingKey, { ...booking, status: 'Cancelled', revision: 3, refundCents: 21_600 }, 60);
    // The cancellation, then the same message again (a redelivery), then a stale "created".
    await send(bookingTopic, bookingKey, cancelled, cancelled, message('booking.created', bookingKey, { ...booking, status: 'Pending', revision: 1 }, 0));
    const renamed = message('listing.updated', bookingKey, { listing: { ...hotel, title: 'Harbour Hotel', revision: 3 } }, 30);
    const older = message('listing.price.changed', bookingKey, { listing: { ...hotel, priceCents: 9_000, revision: 2 }, oldPriceCents: 10_000, newPriceCents: 9_000 }, 20);
    await send(listingTopic, bookingKey, renamed, older, renamed);
    const health = await handled(9);
    expect(health).toMatchObject({ applied: 5, ignored: 4, deadLettered: 0 });
    expect(await server.analytics.findBooking('BK-AN-1')).toMatchObject({ revision: 3, status: 'Cancelled', paid_cents: 21_600, refund_cents: 21_600, cancelled_day: '2026-03-01' });
    expect(await server.analytics.findListing('Hotel', 'HTL-AN')).toMatchObject({ title: 'Harbour Hotel', price_cents: 10_000, revision: 3 });
  });

  it('sends malformed or foreign events to the dead-letter topic with the reason and keeps going', async () => {
    await send(
      bookingTopic,
      bookingKey,
      'not json',
      JSON.stringify({ id: 'x', type: 'booking.created', version: 1, occurredAt: occurred(0).toISOString(), key: bookingKey, payload: { bookingId: 'BK-AN-2' } }),
      message('user.created', 'user:1', { userId: '1', email: 'a@example.com', firstName: 'A', lastName: 'B', city: null, state: null, revision: 1 }, 0),
      message('booking.created', bookingKey, { ...booking, bookingId: 'BK-AN-3', status: 'Pending', revision: 1 }, 70),
    );
    const health = await handled(13);
    expect(health.deadLettered).toBe(3);
    expect(await server.analytics.findBooking('BK-AN-3')).toMatchObject({ status: 'Pending' });
    expect(await server.analytics.findBooking('BK-AN-2')).toBeNull();

    const offsets = await admin.fetchTopicOffsets(deadLetterTopic);
    expect(offsets.reduce((sum, partition) => sum + Number(partition.high), 0)).toBe(3);
    const reasons = (await deadLetterReasons(3)).sort();
    expect(reasons[0]).toMatch(/^payload\./);
    expect(reasons.slice(1)).toEqual(['type: user.created is not consumed here', 'value is not JSON']);
  });

  it('shows its lag in reviewsHealth, /ready and /metrics while it runs', async () => {
    const response = await client(server.url, config)<{ reviewsHealth: { dependencies: Array<{ name: string; ok: boolean }> } }>(superAdmin, '{ reviewsHealth { dependencies { name ok } } }');
    expect(response.data?.reviewsHealth.dependencies).toContainEqual({ name: 'analytics-consumer', ok: true });
    const metrics = await (await fetch(new URL('/metrics', server.url))).text();
    expect(metrics).toMatch(new RegExp(`kafka_consumer_lag_messages\\{[^}]*group="${groupId}"[^}]*\\} 0`));
    const ready = await fetch(new URL('/ready', server.url));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', consumers: [{ name: 'analytics', groupId, ready: true, reason: null }] });
  });
});
