import { watchCommands, type AppConfig } from '@kayak/common';
import { createTestMongo, testConfig, type TestMongo } from '@kayak/common/testing';
import { createServer } from '@kayak/reviews';
import { createListingRatingRepository, rebuildListingRatings, RECENT_REVIEWS } from '@kayak/reviews/ratings';
import type { ReviewModel } from '../../src/models.js';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anonymous, client, codeOf, fieldsOf, StubBookings, superAdmin } from './helpers.js';

let config: AppConfig;
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let gql: ReturnType<typeof client>;

interface Summary {
  average: number | null;
  count: number;
  histogram: Array<{ rating: number; count: number }>;
}

const base = new Date('2026-01-01T00:00:00.000Z');
let sequence = 0;

/**
 * Inserts reviews straight into the collection (the write rules are tested in reviews.test.ts),
 * then rebuilds the listings' rating summaries, as a bulk load does.
 */
async function seed(type: string, id: string, ratings: number[]): Promise<void> {
  await mongo.db.collection('reviews').insertMany(
    ratings.map((rating) => {
      sequence += 1;
      const at = new Date(base.getTime() + sequence * 60_000);
      return { _id: new ObjectId(), user_id: `user-${sequence}`, entity_type: type, entity_id: id, rating, title: `t${sequence}`, comment: 'c', created_at: at, updated_at: at };
    }),
  );
  await rebuildListingRatings(mongo.db);
}

const SUMMARY = `query ($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Flight { flightId ratingSummary { average count histogram { rating count } } }
  ... on Hotel { hotelId ratingSummary { average count histogram { rating count } } }
  ... on Car { carId ratingSummary { average count histogram { rating count } } }
} }`;

async function summaries(reps: Array<Record<string, string>>): Promise<Summary[]> {
  const response = await gql<{ _entities: Array<{ ratingSummary: Summary }> }>(anonymous, SUMMARY, { reps });
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data._entities.map((entity) => entity.ratingSummary);
}

const flight = (flightId: string) => ({ __typename: 'Flight', flightId });
const histogram = (...counts: number[]) => counts.map((count, index) => ({ rating: index + 1, count }));

beforeAll(async () => {
  config = testConfig();
  mongo = await createTestMongo(config, 'reviews_ratings');
  server = await createServer({ config, port: 0, mongoDb: mongo.name, bookingVerifier: new StubBookings() });
  gql = client(server.url, config);
});

afterAll(async () => {
  await server?.close();
  await mongo?.drop();
});

beforeEach(async () => {
  await mongo.db.collection('reviews').deleteMany({});
  await mongo.db.collection('listing_ratings').deleteMany({});
  await mongo.db.collection('images').deleteMany({});
});

describe('ratingSummary', () => {
  it('is empty for a listing without reviews: null average, count 0, five zero buckets', async () => {
    expect(await summaries([flight('FL404')])).toEqual([{ average: null, count: 0, histogram: histogram(0, 0, 0, 0, 0) }]);
  });

  it('computes average, count and histogram per listing, keeping listing types apart', async () => {
    await seed('Flight', 'X1', [5, 4, 4, 1]);
    await seed('Hotel', 'X1', [2, 2, 3]);
    await seed('Car', 'CAR001', [5]);
    const [flightSummary, hotelSummary, carSummary] = await summaries([flight('X1'), { __typename: 'Hotel', hotelId: 'X1' }, { __typename: 'Car', carId: 'CAR001' }]);
    expect(flightSummary).toEqual({ average: 3.5, count: 4, histogram: histogram(1, 0, 0, 2, 1) });
    expect(hotelSummary).toEqual({ average: 2.33, count: 3, histogram: histogram(0, 2, 1, 0, 0) });
    expect(carSummary).toEqual({ average: 5, count: 1, histogram: histogram(0, 0, 0, 0, 1) });
  });

  it('rounds the average half up to two decimals (33 / 8 = 4.125 → 4.13)', async () => {
    await seed('Flight', 'FL777', [5, 5, 5, 5, 5, 4, 3, 1]);
    expect((await summaries([flight('FL777')]))[0]?.average).toBe(4.13);
  });

  it('follows writes: a deleted review no longer counts', async () => {
    await seed('Flight', 'FL100', [5, 1]);
    expect((await summaries([flight('FL100')]))[0]?.average).toBe(3);
    const low = await mongo.db.collection('reviews').findOne({ entity_id: 'FL100', rating: 1 });
    const deleted = await gql(superAdmin, `mutation ($id: ID!) { deleteReview(reviewId: $id) }`, { id: low?._id.toHexString() });
    expect(deleted.errors).toBeUndefined();
    expect((await summaries([flight('FL100')]))[0]).toMatchObject({ average: 5, count: 1 });
  });

  it('counts every one of 100 reviews added concurrently to one listing, keeping its newest ids in order', async () => {
    const repository = createListingRatingRepository(mongo.db);
    const added = Array.from({ length: 100 }, (_, index): ReviewModel => {
      const at = new Date(base.getTime() + index * 1000);
      return { reviewId: new ObjectId().toHexString(), userId: `u${index}`, listingType: 'Car', listingId: 'CONC', rating: 1 + (index % 5), title: 't', comment: 'c', createdAt: at, updatedAt: at };
    });
    await Promise.all(added.map((review) => repository.reviewAdded(review, new Date())));
    const stored = (await repository.find(['Car:CONC'])).get('Car:CONC');
    expect(stored?.counts.counts).toEqual([20, 20, 20, 20, 20]);
    expect(stored?.version).toBe(100);
    expect(stored?.recentReviewIds).toEqual(added.slice(-RECENT_REVIEWS).reverse().map((review) => review.reviewId));
  });

  it('costs one lookup of the stored summaries for a page of 50 listings, and no scan of the reviews', async () => {
    const ids = Array.from({ length: 50 }, (_, index) => `FL${String(index + 1).padStart(3, '0')}`);
    for (const [index, id] of ids.slice(0, 10).entries()) await seed('Flight', id, [1 + (index % 5), 5]);
    const commands = watchCommands(server.mongo.client);
    try {
      const result = await summaries(ids.map(flight));
      expect(commands.count('find', 'listing_ratings')).toBe(1);
      expect(commands.count('aggregate', 'reviews')).toBe(0);
      expect(commands.count('find', 'reviews')).toBe(0);
      expect(result).toHaveLength(50);
      expect(result[0]).toMatchObject({ count: 2, average: 3 });
      expect(result[49]).toMatchObject({ count: 0, average: null });
    } finally {
      commands.stop();
    }
  });
});

describe('listing reviews', () => {
  const REVIEWS = `query ($reps: [_Any!]!, $first: Int, $after: String, $sort: ReviewSort) { _entities(representations: $reps) {
    ... on Flight { reviews(first: $first, after: $after, sort: $sort) { nodes { title rating } pageInfo { hasNextPage endCursor } totalCount } }
    ... on Hotel { reviews(first: $first, after: $after, sort: $sort) { nodes { title rating } pageInfo { hasNextPage endCursor } totalCount } }
  } }`;
  interface Connection {
    nodes: Array<{ title: string; rating: number }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount: number;
  }
  const list = async (reps: Array<Record<string, string>>, variables: Record<string, unknown> = {}): Promise<Connection[]> => {
    const response = await gql<{ _entities: Array<{ reviews: Connection }> }>(anonymous, REVIEWS, { reps, ...variables });
    if (!response.data) throw new Error(JSON.stringify(response.errors));
    return response.data._entities.map((entity) => entity.reviews);
  };
  const titles = (connection: Connection | undefined) => connection?.nodes.map((node) => node.title);

  /** Walks every page with `first` and returns all titles in order. */
  async function walk(sort: string, first: number): Promise<string[]> {
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 20; guard++) {
      const [page]: Connection[] = await list([flight('FLP')], { sort, first, after });
      seen.push(...(page?.nodes.map((node) => node.title) ?? []));
      if (!page?.pageInfo.hasNextPage) return seen;
      after = page.pageInfo.endCursor;
    }
    throw new Error('pagination did not end');
  }

  it('pages newest first by default with totalCount, and an empty list for a listing without reviews', async () => {
    await seed('Flight', 'FLP', [3, 5, 1, 4, 2]); // titles t(n)..t(n+4), oldest first
    const [page, empty] = await list([flight('FLP'), flight('NONE')], { first: 2 });
    const first = sequence - 4;
    expect(titles(page)).toEqual([`t${first + 4}`, `t${first + 3}`]);
    expect(page?.pageInfo.hasNextPage).toBe(true);
    expect(page?.totalCount).toBe(5);
    expect(empty).toEqual({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 });
  });

  it('walks every sort order across pages without gaps or repeats, ties broken stably', async () => {
    await seed('Flight', 'FLP', [3, 5, 1, 4, 2, 5, 1]);
    const first = sequence - 6;
    const t = (offset: number) => `t${first + offset}`; // offset 0..6 ↔ ratings 3,5,1,4,2,5,1
    expect(await walk('NEWEST', 3)).toEqual([t(6), t(5), t(4), t(3), t(2), t(1), t(0)]);
    expect(await walk('OLDEST', 2)).toEqual([t(0), t(1), t(2), t(3), t(4), t(5), t(6)]);
    expect(await walk('HIGHEST_RATING', 2)).toEqual([t(5), t(1), t(3), t(0), t(4), t(6), t(2)]);
    expect(await walk('LOWEST_RATING', 3)).toEqual([t(6), t(2), t(4), t(0), t(3), t(5), t(1)]);
  });

  it('rejects a malformed cursor, and a cursor of another sort order, with BAD_USER_INPUT', async () => {
    await seed('Flight', 'FLP', [3, 5, 1]);
    const [page] = await list([flight('FLP')], { first: 1, sort: 'NEWEST' });
    for (const [after, sort] of [['garbage', 'NEWEST'], [page?.pageInfo.endCursor, 'HIGHEST_RATING']]) {
      const response = await gql(anonymous, REVIEWS, { reps: [flight('FLP')], first: 1, after, sort });
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(response)).toEqual([{ path: 'after', message: 'is not a cursor of this list' }]);
    }
  });

  it('rejects first above 100 or below 0 with BAD_USER_INPUT', async () => {
    for (const first of [101, -1]) {
      const response = await gql(anonymous, REVIEWS, { reps: [flight('FLP')], first });
      expect(fieldsOf(response)).toEqual([{ path: 'first', message: 'must be between 0 and 100' }]);
    }
  });

  it('reads the first pages of 50 listings with one summary lookup and one find of their reviews by id', async () => {
    const ids = Array.from({ length: 50 }, (_, index) => `FB${index}`);
    for (const id of ids.slice(0, 20)) await seed('Flight', id, [4, 5, 3]);
    const commands = watchCommands(server.mongo.client);
    try {
      const pages = await list(ids.map(flight), { first: 2 });
      expect(commands.count('find', 'listing_ratings')).toBe(1);
      expect(commands.count('find', 'reviews')).toBe(1);
      expect(commands.count('aggregate', 'reviews')).toBe(0);
      expect(pages.slice(0, 20).every((page) => page.nodes.length === 2 && page.pageInfo.hasNextPage && page.totalCount === 3)).toBe(true);
      expect(pages.slice(20).every((page) => page.nodes.length === 0 && page.totalCount === 0)).toBe(true);
    } finally {
      commands.stop();
    }
  });

  it('still gives every listing its full page when one busy listing fills the shared query (re-reads the short ones in one more find)', async () => {
    await seed('Hotel', 'QUIET1', [4]);
    await seed('Hotel', 'QUIET2', [2, 3]);
    await seed('Hotel', 'BUSY', [5, 5, 5, 5, 5, 5, 5, 5, 5, 5]); // highest: fills the cap of 3 × (2 + 1)
    const commands = watchCommands(server.mongo.client);
    try {
      // Not the default order, so the pages come from the reviews, not from the summaries.
      const [busy, quiet1, quiet2] = await list(
        [{ __typename: 'Hotel', hotelId: 'BUSY' }, { __typename: 'Hotel', hotelId: 'QUIET1' }, { __typename: 'Hotel', hotelId: 'QUIET2' }],
        { first: 2, sort: 'HIGHEST_RATING' },
      );
      expect(busy).toMatchObject({ totalCount: 10, pageInfo: { hasNextPage: true } });
      expect(busy?.nodes).toHaveLength(2);
      expect(quiet1).toMatchObject({ totalCount: 1, pageInfo: { hasNextPage: false } });
      expect(quiet1?.nodes.map((node) => node.rating)).toEqual([4]);
      expect(quiet2?.nodes.map((node) => node.rating)).toEqual([3, 2]);
      expect(commands.count('find', 'reviews')).toBe(2);
    } finally {
      commands.stop();
    }
  });

  it('reads pages of 50 listings in any order with at most two finds, however many of them are busy', async () => {
    const ids = Array.from({ length: 50 }, (_, index) => `FS${index}`);
    for (const [index, id] of ids.entries()) await seed('Flight', id, index % 2 === 0 ? [5, 5, 5, 5, 5] : [1]);
    const commands = watchCommands(server.mongo.client);
    try {
      const pages = await list(ids.map(flight), { first: 3, sort: 'LOWEST_RATING' });
      expect(pages.map((page) => page.nodes.length)).toEqual(ids.map((_, index) => (index % 2 === 0 ? 3 : 1)));
      expect(pages.map((page) => page.pageInfo.hasNextPage)).toEqual(ids.map((_, index) => index % 2 === 0));
      expect(commands.count('find', 'reviews')).toBeLessThanOrEqual(2);
    } finally {
      commands.stop();
    }
  });

  it('serves a first page from the summary only while it keeps enough reviews: older pages come from the reviews', async () => {
    await seed('Hotel', 'LONG', Array.from({ length: 30 }, (_, index) => 1 + (index % 5)));
    const commands = watchCommands(server.mongo.client);
    try {
      const [first] = await list([{ __typename: 'Hotel', hotelId: 'LONG' }], { first: 20 });
      expect(first).toMatchObject({ totalCount: 30, pageInfo: { hasNextPage: true } });
      expect(commands.count('find', 'reviews')).toBe(1); // by id, from the summary's newest ids
      const [second] = await list([{ __typename: 'Hotel', hotelId: 'LONG' }], { first: 20, after: first?.pageInfo.endCursor });
      const [whole] = await list([{ __typename: 'Hotel', hotelId: 'LONG' }], { first: 30 });
      expect([...(first?.nodes ?? []), ...(second?.nodes ?? [])]).toEqual(whole?.nodes);
      expect(second?.pageInfo.hasNextPage).toBe(false);
    } finally {
      commands.stop();
    }
  });

  it('batches User.reviews across users: one find and one count aggregation for 30 users', async () => {
    const users = Array.from({ length: 30 }, (_, index) => `900-00-${String(index).padStart(4, '0')}`);
    await mongo.db.collection('reviews').insertMany(
      users.slice(0, 5).map((userId, index) => ({ user_id: userId, entity_type: 'Car', entity_id: `C${index}`, rating: 3, title: 'x', comment: 'y', created_at: base, updated_at: base })),
    );
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { userId reviews(first: 5) { totalCount nodes { listingId } } } } }`;
    const commands = watchCommands(server.mongo.client);
    try {
      const response = await gql<{ _entities: Array<{ userId: string; reviews: { totalCount: number; nodes: Array<{ listingId: string }> } }> }>(
        { kind: 'admin', adminId: 'ADM001', role: 'Super Admin' },
        query,
        { reps: users.map((userId) => ({ __typename: 'User', userId })) },
      );
      expect(response.data?._entities.map((entity) => entity.reviews.totalCount)).toEqual(users.map((_, index) => (index < 5 ? 1 : 0)));
      expect(response.data?._entities[3]?.reviews.nodes).toEqual([{ listingId: 'C3' }]);
      expect(commands.count('find', 'reviews')).toBe(1);
      expect(commands.count('aggregate', 'reviews')).toBe(1);
    } finally {
      commands.stop();
    }
  });
});

describe('listing images and review entities', () => {
  it('loads the images of 50 listings with one find, in creation order per listing', async () => {
    await mongo.db.collection('images').insertMany([
      { entity_type: 'Hotel', entity_id: 'H1', image_url: 'https://img.example.com/h1-a.jpg', metadata: {}, created_at: base, updated_at: base },
      { entity_type: 'Hotel', entity_id: 'H1', image_url: 'https://img.example.com/h1-b.jpg', metadata: { caption: 'Pool' }, created_at: new Date(base.getTime() + 1000), updated_at: base },
      { entity_type: 'Car', entity_id: 'H1', image_url: 'https://img.example.com/car-h1.jpg', metadata: {}, created_at: base, updated_at: base },
    ]);
    const reps = Array.from({ length: 50 }, (_, index) => ({ __typename: 'Hotel', hotelId: `H${index + 1}` }));
    const commands = watchCommands(server.mongo.client);
    try {
      const response = await gql<{ _entities: Array<{ images: Array<{ imageUrl: string; metadata: Record<string, unknown> }> }> }>(
        anonymous,
        `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Hotel { images { imageUrl metadata } } } }`,
        { reps },
      );
      expect(commands.count('find', 'images')).toBe(1);
      expect(response.data?._entities[0]?.images).toEqual([
        { imageUrl: 'https://img.example.com/h1-a.jpg', metadata: {} },
        { imageUrl: 'https://img.example.com/h1-b.jpg', metadata: { caption: 'Pool' } },
      ]);
      expect(response.data?._entities[1]?.images).toEqual([]);
    } finally {
      commands.stop();
    }
  });

  it('resolves 50 Review entities with one find', async () => {
    await seed('Car', 'CAR050', Array.from({ length: 50 }, (_, index) => 1 + (index % 5)));
    const ids = (await mongo.db.collection('reviews').find({}).toArray()).map((doc) => ({ __typename: 'Review', reviewId: doc._id.toHexString() }));
    const commands = watchCommands(server.mongo.client);
    try {
      const response = await gql<{ _entities: Array<{ reviewId: string }> }>(anonymous, `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Review { reviewId } } }`, { reps: ids });
      expect(response.data?._entities.map((entity) => entity.reviewId)).toEqual(ids.map((id) => id.reviewId));
      expect(commands.count('find', 'reviews')).toBe(1);
    } finally {
      commands.stop();
    }
  });
});
