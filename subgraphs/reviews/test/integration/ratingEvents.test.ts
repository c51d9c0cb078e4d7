import { createKafka, parseRatingChangedEvent, type AppConfig, type RatingChangedEvent } from '@kayak/common';
import { createTestMongo, testConfig, uniqueName, type TestMongo } from '@kayak/common/testing';
import { createServer } from '@kayak/reviews';
import type { Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RatingEventSink } from '../../src/events/ratingRelay.js';
import { alice, bob, carol, client, StubBookings } from './helpers.js';

const CREATE = `mutation ($input: CreateReviewInput!) { createReview(input: $input) { reviewId } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateReviewInput!) { updateReview(reviewId: $id, input: $input) { reviewId } }`;
const DELETE = `mutation ($id: ID!) { deleteReview(reviewId: $id) }`;

let config: AppConfig;
const bookings = new StubBookings();
for (const userId of ['123-45-6789', '234-56-7890', '345-67-8901']) {
  bookings.confirm(userId, 'Hotel', 'HTL001');
  bookings.confirm(userId, 'Flight', 'FL002');
}

const review = (listingType: string, listingId: string, rating: number) => ({ input: { listingType, listingId, rating, title: 'Title', comment: 'Comment' } });

async function createReview(gql: ReturnType<typeof client>, viewer: typeof alice, listingType: string, listingId: string, rating: number): Promise<string> {
  const response = await gql<{ createReview: { reviewId: string } }>(viewer, CREATE, review(listingType, listingId, rating));
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.createReview.reviewId;
}

/** Collects events in memory; can be told to fail, like Kafka being down. */
class MemorySink implements RatingEventSink {
  readonly events: RatingChangedEvent[] = [];
  failing = false;
  async send(events: RatingChangedEvent[]): Promise<void> {
    if (this.failing) throw new Error('broker unavailable');
    this.events.push(...events);
  }
  async close(): Promise<void> {}
}

beforeAll(() => {
  config = testConfig();
});

describe('rating events through the outbox', () => {
  let mongo: TestMongo;
  let server: Awaited<ReturnType<typeof createServer>>;
  let gql: ReturnType<typeof client>;
  const sink = new MemorySink();

  beforeAll(async () => {
    mongo = await createTestMongo(config, 'reviews_outbox');
    // Loop not started: the test publishes explicitly, so what is pending is deterministic.
    server = await createServer({ config, port: 0, mongoDb: mongo.name, bookingVerifier: bookings, ratingEvents: { sink } });
    gql = client(server.url, config);
  });
  afterAll(async () => {
    await server?.close();
    await mongo?.drop();
  });

  it('publishes one event per changed listing with the whole summary and the latest version', async () => {
    await createReview(gql, alice, 'Hotel', 'HTL001', 4);
    await createReview(gql, bob, 'Hotel', 'HTL001', 5);
    await createReview(gql, carol, 'Flight', 'FL002', 2);
    expect(await server.ratingRelay.publishPending()).toBe(2);
    const byListing = Object.fromEntries(sink.events.map((event) => [`${event.listingType}:${event.listingId}`, event]));
    expect(byListing['Hotel:HTL001']).toMatchObject({ average: 4.5, count: 2, version: 2 });
    expect(byListing['Flight:FL002']).toMatchObject({ average: 2, count: 1, version: 1 });
    for (const event of sink.events) expect(parseRatingChangedEvent(JSON.stringify(event))).toEqual(event);
    expect(await server.ratingRelay.publishPending()).toBe(0);
  });

  it('keeps changes pending while the sink fails and publishes them once it works again', async () => {
    sink.events.length = 0;
    const reviewId = (await mongo.db.collection('reviews').findOne({ user_id: '123-45-6789', entity_id: 'HTL001' }))?._id.toHexString();
    await gql(alice, UPDATE, { id: reviewId, input: { rating: 1 } });
    sink.failing = true;
    await expect(server.ratingRelay.publishPending()).rejects.toThrow('broker unavailable');
    expect(await mongo.db.collection('listing_ratings').countDocuments({ dirty: true })).toBe(1);
    sink.failing = false;
    expect(await server.ratingRelay.publishPending()).toBe(1);
    expect(sink.events).toEqual([expect.objectContaining({ listingType: 'Hotel', listingId: 'HTL001', average: 3, count: 2, version: 3 })]);
    expect(await mongo.db.collection('listing_ratings').countDocuments({ dirty: true })).toBe(0);
  });

  it('does not record a change when an update leaves the rating as it was', async () => {
    sink.events.length = 0;
    const reviewId = (await mongo.db.collection('reviews').findOne({ user_id: '234-56-7890' }))?._id.toHexString();
    await gql(bob, UPDATE, { id: reviewId, input: { title: 'Only the title' } });
    expect(await server.ratingRelay.publishPending()).toBe(0);
  });

  it('publishes average 0 and count 0 after the last review of a listing is deleted', async () => {
    sink.events.length = 0;
    const reviewId = (await mongo.db.collection('reviews').findOne({ entity_id: 'FL002' }))?._id.toHexString();
    await gql(carol, DELETE, { id: reviewId });
    await server.ratingRelay.publishPending();
    expect(sink.events).toEqual([expect.objectContaining({ listingType: 'Flight', listingId: 'FL002', average: 0, count: 0, version: 2 })]);
  });

  it('records no change when a review is rejected', async () => {
    const before = await mongo.db.collection('listing_ratings').find().toArray();
    await gql(alice, CREATE, review('Hotel', 'HTL001', 5)); // CONFLICT: already reviewed
    await gql(alice, CREATE, review('Car', 'CAR404', 5)); // FORBIDDEN: no booking
    expect(await mongo.db.collection('listing_ratings').find().toArray()).toEqual(before);
  });
});

describe('rating events on Kafka', () => {
  let mongo: TestMongo;
  let server: Awaited<ReturnType<typeof createServer>>;
  let consumer: Consumer;
  const topic = uniqueName('listing_rating_changed');
  const received: Array<{ key: string | undefined; event: RatingChangedEvent }> = [];

  beforeAll(async () => {
    mongo = await createTestMongo(config, 'reviews_kafka');
    server = await createServer({ config, port: 0, mongoDb: mongo.name, bookingVerifier: bookings, ratingEvents: { start: true, topic, intervalMs: 50 } });
  });
  afterAll(async () => {
    await consumer?.disconnect();
    await server?.close();
    const admin = createKafka(config.KAFKA_BROKERS, 'reviews-test-cleanup').admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await mongo?.drop();
  });

  it('publishes each change keyed by listing, ending with the current summary', async () => {
    const gql = client(server.url, config);
    await createReview(gql, alice, 'Hotel', 'HTL001', 2);
    await createReview(gql, bob, 'Hotel', 'HTL001', 5);
    await createReview(gql, carol, 'Hotel', 'HTL001', 5);
    await vi.waitFor(async () => expect(await mongo.db.collection('listing_ratings').countDocuments({ dirty: true, entity_id: 'HTL001' })).toBe(0), { timeout: 20_000, interval: 100 });

    consumer = createKafka(config.KAFKA_BROKERS, 'reviews-test').consumer({ groupId: uniqueName('reviews_rating_test') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push({ key: message.key?.toString(), event: parseRatingChangedEvent(message.value) });
      },
    });
    await vi.waitFor(() => expect(received.some(({ event }) => event.version === 3)).toBe(true), { timeout: 30_000, interval: 100 });
    expect(received.every(({ key }) => key === 'Hotel:HTL001')).toBe(true);
    const latest = received.reduce((best, current) => (current.event.version > best.event.version ? current : best));
    expect(latest.event).toMatchObject({ listingType: 'Hotel', listingId: 'HTL001', average: 4, count: 3, version: 3 });
    // Versions only grow along the partition, so a consumer keeping the highest one ends on the truth.
    const versions = received.map(({ event }) => event.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
  });
});
