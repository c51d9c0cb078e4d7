import { listingKey, OUTBOX_COLLECTION, type AnyDomainEvent } from '@kayak/common';
import { createTestMongo, testConfig, type TestMongo } from '@kayak/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDomainTopics, type DomainTopicReader } from '../../../../test/support/domain-topics.js';
import { REVIEW_EVENT_TYPES } from '../../src/repositories/reviewEvents.js';
import { createServer } from '../../src/server.js';
import { alice, bob, client, StubBookings, StubListings } from './helpers.js';

/** review.* events: written with the change (Mongo outbox; a delete through its delete entry), published to this file's topics. */
const config = testConfig();
const bookings = new StubBookings();
bookings.confirm('123-45-6789', 'Hotel', 'HTLR01');
bookings.confirm('234-56-7890', 'Hotel', 'HTLR01');
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let gql: ReturnType<typeof client>;
let reader: DomainTopicReader;

beforeAll(async () => {
  mongo = await createTestMongo(config, 'reviews_events');
  reader = await readDomainTopics(config.KAFKA_BROKERS, REVIEW_EVENT_TYPES);
  server = await createServer({
    config,
    port: 0,
    mongoDb: mongo.name,
    bookingVerifier: bookings,
    listingDirectory: new StubListings(),
    domainEvents: { relay: true, topicPrefix: reader.prefix, pollIntervalMs: 200 },
  });
  gql = client(server.url, config);
});

afterAll(async () => {
  await server?.close();
  await reader?.close();
  await mongo?.drop();
});

const revisionOf = (event: AnyDomainEvent): number => (event.payload as { revision: number }).revision;

describe('review events', () => {
  it('publishes review.created, review.updated and, after a hard delete, review.deleted, keyed by the listing', async () => {
    const created = await gql<{ createReview: { reviewId: string } }>(alice, `mutation ($input: CreateReviewInput!) { createReview(input: $input) { reviewId } }`, {
      input: { listingType: 'Hotel', listingId: 'HTLR01', rating: 4, title: 'Nice', comment: 'Clean rooms' },
    });
    const reviewId = String(created.data?.createReview.reviewId);
    expect((await gql(alice, `mutation ($id: ID!, $input: UpdateReviewInput!) { updateReview(reviewId: $id, input: $input) { reviewId } }`, { id: reviewId, input: { rating: 2 } })).errors).toBeUndefined();
    expect((await gql(alice, `mutation ($id: ID!) { deleteReview(reviewId: $id) }`, { id: reviewId })).errors).toBeUndefined();

    // The delete entry also carries events still pending in the document when it was deleted, so
    // review.created/updated may arrive twice: a consumer dedupes by id (at least once).
    const distinct = () => {
      const ofReview = reader.messages.map((message) => message.event).filter((event) => 'reviewId' in event.payload && event.payload.reviewId === reviewId);
      return [...new Map(ofReview.map((event) => [event.id, event])).values()].sort((a, b) => revisionOf(a) - revisionOf(b));
    };
    await expect.poll(() => distinct().length, { timeout: 20_000 }).toBe(3);
    const events = distinct();
    expect(events.map((event) => [event.type, revisionOf(event), event.key])).toEqual([
      ['review.created', 1, listingKey('Hotel', 'HTLR01')],
      ['review.updated', 2, listingKey('Hotel', 'HTLR01')],
      ['review.deleted', 3, listingKey('Hotel', 'HTLR01')],
    ]);
    expect(events[0]?.payload).toEqual({ reviewId, userId: '123-45-6789', listingType: 'Hotel', listingId: 'HTLR01', rating: 4, revision: 1 });
    expect(events[2]?.payload).toMatchObject({ rating: 2 });
    await expect.poll(() => mongo.db.collection(OUTBOX_COLLECTION).countDocuments()).toBe(0);
  });

  it('publishes nothing for a refused review', async () => {
    const refused = await gql(bob, `mutation ($input: CreateReviewInput!) { createReview(input: $input) { reviewId } }`, {
      input: { listingType: 'Hotel', listingId: 'HTLR02', rating: 5, title: 'Great', comment: 'No booking though' },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await server.eventRelay?.publishPending({ sweep: true });
    expect(reader.messages.filter((message) => message.key === listingKey('Hotel', 'HTLR02'))).toHaveLength(0);
  });
});
