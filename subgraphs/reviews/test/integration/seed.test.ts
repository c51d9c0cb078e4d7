import { createTestMongo, testConfig, type TestMongo } from '@kayak/common/testing';
import { createServer } from '@kayak/reviews';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedReviews } from '../../src/seed.js';
import { anonymous, client, StubBookings } from './helpers.js';

let mongo: TestMongo;

beforeAll(async () => {
  mongo = await createTestMongo(testConfig(), 'reviews_seed');
});
afterAll(async () => {
  await mongo?.drop();
});

describe('demo seed', () => {
  it('reviews every demo listing by the demo users, once, and a second run inserts nothing', async () => {
    const inserted = await seedReviews(mongo.db);
    expect(inserted).toBeGreaterThan(20);
    expect(await seedReviews(mongo.db)).toBe(0);
    const reviews = await mongo.db.collection('reviews').find().toArray();
    expect(reviews).toHaveLength(inserted);
    const listings = new Set(reviews.map((review) => `${String(review.entity_type)}:${String(review.entity_id)}`));
    expect(listings.size).toBe(20);
    expect(new Set(reviews.map((review) => review.user_id))).toEqual(new Set(['123-45-6789', '234-56-7890', '345-67-8901']));
    expect(new Set(reviews.map((review) => `${String(review.user_id)}|${String(review.entity_type)}|${String(review.entity_id)}`)).size).toBe(inserted);
    expect(reviews.every((review) => review.rating >= 1 && review.rating <= 5 && review.title.length <= 200)).toBe(true);
    expect(await mongo.db.collection('listing_ratings').countDocuments({ dirty: true })).toBe(20);
  });

  it('serves the seeded data through the subgraph', async () => {
    const config = testConfig();
    const server = await createServer({ config, port: 0, mongoDb: mongo.name, bookingVerifier: new StubBookings() });
    try {
      const response = await client(server.url, config)<{ _entities: Array<{ ratingSummary: { count: number }; images: unknown[] }> }>(
        anonymous,
        `{ _entities(representations: [{ __typename: "Hotel", hotelId: "HTL001" }]) { ... on Hotel { ratingSummary { count } images { imageUrl } } } }`,
      );
      expect(response.data?._entities[0]?.ratingSummary.count).toBeGreaterThan(0);
      expect(response.data?._entities[0]?.images).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
