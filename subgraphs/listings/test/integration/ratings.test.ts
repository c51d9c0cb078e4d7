import { randomUUID } from 'node:crypto';
import { createKafka, ensureTopics, listingKey, type RatingChangedEvent } from '@kayak/common';
import { createTestMongo, testConfig, uniqueName, type TestMongo } from '@kayak/common/testing';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server.js';
import { caller, carDoc, flightDoc, hotelDoc, insertListings, type GraphQLCaller } from './fixtures.js';

// The rating consumer (reviews → listings, docs/ratings.md) against the real Kafka broker.
const config = testConfig();
const topic = uniqueName('t_lst_ratings');
const deadLetterTopic = uniqueName('t_lst_ratings_dlq');
const groupId = uniqueName('t_lst_ratings_group');
const kafka = createKafka(config.KAFKA_BROKERS, 'listings-rating-test');
let admin: Admin;
let producer: Producer;
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let call: GraphQLCaller;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [topic, deadLetterTopic], 3);
  producer = kafka.producer();
  await producer.connect();
  mongo = await createTestMongo(config, 'listings_ratings');
  await insertListings(mongo.db, { flights: [flightDoc('FL-R1', { rating: 0 })], hotels: [hotelDoc('HTL-R1', { hotel_rating: 0 })], cars: [carDoc('CAR-R1')] });
  server = await createServer({ config, port: 0, mongoDb: mongo.name, ratingConsumer: { groupId, topics: [topic], deadLetterTopic } });
  call = caller(server.url, config);
  await server.ratingConsumer.start();
});

afterAll(async () => {
  await server?.close();
  await producer?.disconnect();
  await admin?.deleteGroups([groupId]).catch(() => undefined);
  await admin?.deleteTopics({ topics: [topic, deadLetterTopic] }).catch(() => undefined);
  await admin?.disconnect();
  await mongo?.drop();
});

const event = (overrides: Partial<RatingChangedEvent>): RatingChangedEvent => ({
  eventId: randomUUID(),
  listingType: 'Hotel',
  listingId: 'HTL-R1',
  average: 4.5,
  count: 2,
  version: 1,
  computedAt: new Date().toISOString(),
  ...overrides,
});

async function publish(...values: Array<RatingChangedEvent | string>): Promise<void> {
  for (const value of values) {
    const key = typeof value === 'string' ? 'Hotel:HTL-R1' : listingKey(value.listingType, value.listingId);
    await producer.send({ topic, messages: [{ key, value: typeof value === 'string' ? value : JSON.stringify(value) }] });
  }
}

async function handled(count: number) {
  await expect.poll(async () => (await server.ratingConsumer.health()).processed, { timeout: 30_000, interval: 100 }).toBe(count);
  return server.ratingConsumer.health();
}

const hotelRating = async (): Promise<number | undefined> => {
  const response = await call<{ hotel: { hotelRating: number } }>('{ hotel(hotelId: "HTL-R1") { hotelRating } }');
  expect(response.errors).toBeUndefined();
  return response.data?.hotel.hotelRating;
};

describe('rating consumer', () => {
  it('copies the average of a rating event into the listing, per listing type', async () => {
    await publish(event({ version: 1, average: 4.5 }), event({ listingType: 'Flight', listingId: 'FL-R1', average: 3.25, version: 1 }));
    await handled(2);
    expect(await hotelRating()).toBe(4.5);
    expect(await mongo.db.collection('flights').findOne({ flight_id: 'FL-R1' })).toMatchObject({ rating: 3.25, rating_version: 1 });
  });

  it('ignores duplicates and versions older than the stored one', async () => {
    await publish(event({ version: 3, average: 2 }), event({ version: 3, average: 2 }), event({ version: 2, average: 5 }));
    const health = await handled(5);
    expect(health).toMatchObject({ applied: 3, ignored: 2, deadLettered: 0 });
    expect(await mongo.db.collection('hotels').findOne({ hotel_id: 'HTL-R1' })).toMatchObject({ hotel_rating: 2, rating_version: 3 });
  });

  it('sends a malformed event to the dead-letter topic and keeps going', async () => {
    await publish('{"listingType":"Hotel","average":"high"}', event({ version: 4, average: 3.75 }));
    const health = await handled(7);
    expect(health.deadLettered).toBe(1);
    expect(await hotelRating()).toBe(3.75);

    const offsets = await admin.fetchTopicOffsets(deadLetterTopic);
    expect(offsets.reduce((sum, partition) => sum + Number(partition.high), 0)).toBe(1);
  });

  it('shows up in listingsHealth while it runs', async () => {
    const response = await call<{ listingsHealth: { dependencies: Array<{ name: string; ok: boolean }> } }>('{ listingsHealth { dependencies { name ok } } }');
    expect(response.data?.listingsHealth.dependencies).toContainEqual({ name: 'rating-consumer', ok: true });
  });
});
