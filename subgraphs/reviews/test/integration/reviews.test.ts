import type { AppConfig } from '@kayak/common';
import { createTestMongo, testConfig, type TestMongo } from '@kayak/common/testing';
import { createServer } from '@kayak/reviews';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { alice, anonymous, billingAdmin, bob, carol, client, codeOf, fieldsOf, listingAdmin, StubBookings, superAdmin } from './helpers.js';

let config: AppConfig;
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let gql: ReturnType<typeof client>;
const bookings = new StubBookings();

const CREATE = `mutation ($input: CreateReviewInput!) {
  createReview(input: $input) { reviewId listingType listingId rating title comment createdAt updatedAt viewerIsAuthor author { userId } listing { ... on Flight { flightId } ... on Hotel { hotelId } ... on Car { carId } } }
}`;
const UPDATE = `mutation ($id: ID!, $input: UpdateReviewInput!) { updateReview(reviewId: $id, input: $input) { reviewId rating title comment updatedAt } }`;
const DELETE = `mutation ($id: ID!) { deleteReview(reviewId: $id) }`;
const REVIEW = `query ($id: ID!) { review(reviewId: $id) { reviewId rating title viewerIsAuthor author { userId } } }`;

interface ReviewData {
  reviewId: string;
  rating: number;
  title: string;
  comment: string;
  listingType: string;
  listingId: string;
  viewerIsAuthor: boolean;
  author: { userId: string } | null;
  listing: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

const input = (overrides: Record<string, unknown> = {}) => ({ listingType: 'Hotel', listingId: 'HTL001', rating: 4, title: 'Great stay', comment: 'Clean rooms and friendly staff.', ...overrides });

async function create(viewer = alice, overrides: Record<string, unknown> = {}): Promise<ReviewData> {
  const response = await gql<{ createReview: ReviewData }>(viewer, CREATE, { input: input(overrides) });
  if (!response.data?.createReview) throw new Error(JSON.stringify(response.errors));
  return response.data.createReview;
}

const reviewCount = () => mongo.db.collection('reviews').countDocuments();

beforeAll(async () => {
  config = testConfig();
  mongo = await createTestMongo(config, 'reviews_rules');
  server = await createServer({ config, port: 0, mongoDb: mongo.name, bookingVerifier: bookings });
  gql = client(server.url, config);
  for (const viewer of [alice, bob, carol]) {
    if (viewer.kind !== 'user') continue;
    for (const id of ['HTL001', 'HTL002', 'HTL003']) bookings.confirm(viewer.userId, 'Hotel', id);
    bookings.confirm(viewer.userId, 'Flight', 'FL001');
    bookings.confirm(viewer.userId, 'Car', 'CAR001');
  }
});

afterAll(async () => {
  await server?.close();
  await mongo?.drop();
});

beforeEach(async () => {
  await mongo.db.collection('reviews').deleteMany({});
  bookings.calls.length = 0;
});

describe('createReview', () => {
  it('stores a review with the seed fields for a listing the user has a confirmed booking for', async () => {
    const review = await create(alice, { listingType: 'Flight', listingId: 'FL001', rating: 5, title: '  Smooth flight ', comment: 'On time.' });
    expect(review).toMatchObject({ listingType: 'Flight', listingId: 'FL001', rating: 5, title: 'Smooth flight', comment: 'On time.', viewerIsAuthor: true, author: { userId: '123-45-6789' }, listing: { flightId: 'FL001' } });
    const stored = await mongo.db.collection('reviews').findOne({});
    expect(stored).toMatchObject({ user_id: '123-45-6789', entity_type: 'Flight', entity_id: 'FL001', rating: 5, title: 'Smooth flight', comment: 'On time.' });
    expect(stored?._id.toHexString()).toBe(review.reviewId);
    expect(stored?.created_at).toBeInstanceOf(Date);
  });

  it('asks the booking rule for the caller, forwarding the caller as viewer', async () => {
    await create(bob, { listingType: 'Car', listingId: 'CAR001' });
    expect(bookings.calls).toEqual([{ viewer: bob, userId: '234-56-7890', listingType: 'Car', listingId: 'CAR001' }]);
  });

  it('rejects an anonymous caller with UNAUTHENTICATED and writes nothing', async () => {
    const response = await gql(anonymous, CREATE, { input: input() });
    expect(codeOf(response)).toBe('UNAUTHENTICATED');
    expect(await reviewCount()).toBe(0);
  });

  it('rejects an admin with FORBIDDEN: admins have no bookings to review', async () => {
    const response = await gql(superAdmin, CREATE, { input: input() });
    expect(codeOf(response)).toBe('FORBIDDEN');
    expect(await reviewCount()).toBe(0);
  });

  it('reports every invalid field in one BAD_USER_INPUT and writes nothing', async () => {
    const response = await gql(alice, CREATE, { input: input({ rating: 6, title: 't'.repeat(201), comment: 'c'.repeat(2001), listingId: 'HTL 001!' }) });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual([
      { path: 'input.listingId', message: expect.any(String) },
      { path: 'input.rating', message: 'must be an integer from 1 to 5' },
      { path: 'input.title', message: 'must be at most 200 characters' },
      { path: 'input.comment', message: 'must be at most 2000 characters' },
    ]);
    expect(bookings.calls).toHaveLength(0);
    expect(await reviewCount()).toBe(0);
  });

  it('rejects a rating of 0 and blank title and comment', async () => {
    const response = await gql(alice, CREATE, { input: input({ rating: 0, title: '   ', comment: '' }) });
    expect(fieldsOf(response)).toEqual([
      { path: 'input.rating', message: 'must be an integer from 1 to 5' },
      { path: 'input.title', message: 'must not be empty' },
      { path: 'input.comment', message: 'must not be empty' },
    ]);
  });

  it('accepts the limits exactly: rating 1 and 5, a 200-character title and a 2000-character comment', async () => {
    const low = await create(alice, { rating: 1, title: 't'.repeat(200), comment: 'c'.repeat(2000) });
    expect(low.title).toHaveLength(200);
    expect(low.comment).toHaveLength(2000);
    expect((await create(bob, { rating: 5 })).rating).toBe(5);
  });

  it('counts characters, not UTF-16 units: 200 emoji are a valid title', async () => {
    const review = await create(alice, { title: '😀'.repeat(200) });
    expect([...review.title]).toHaveLength(200);
  });

  it('rejects a listing without a confirmed booking of the user with FORBIDDEN and writes nothing', async () => {
    const response = await gql(alice, CREATE, { input: input({ listingId: 'HTL004' }) });
    expect(codeOf(response)).toBe('FORBIDDEN');
    expect(await reviewCount()).toBe(0);
  });

  it("does not accept another user's booking: the rule is checked for the caller", async () => {
    bookings.confirm('234-56-7890', 'Car', 'CAR009');
    const response = await gql(alice, CREATE, { input: input({ listingType: 'Car', listingId: 'CAR009' }) });
    expect(codeOf(response)).toBe('FORBIDDEN');
  });

  it('rejects a second review of the same listing by the same user with CONFLICT, before asking bookings', async () => {
    await create(alice);
    bookings.calls.length = 0;
    const response = await gql(alice, CREATE, { input: input({ title: 'Again' }) });
    expect(codeOf(response)).toBe('CONFLICT');
    expect(fieldsOf(response)).toEqual([{ path: 'input.listingId', message: 'already reviewed by you' }]);
    expect(bookings.calls).toHaveLength(0);
    expect(await reviewCount()).toBe(1);
  });

  it('lets the same user review different listings and different users review the same listing', async () => {
    await create(alice, { listingId: 'HTL001' });
    await create(alice, { listingId: 'HTL002' });
    await create(bob, { listingId: 'HTL001' });
    expect(await reviewCount()).toBe(3);
  });

  it('keeps one review per user and listing under concurrent requests (unique index → CONFLICT)', async () => {
    const responses = await Promise.all(Array.from({ length: 8 }, () => gql(carol, CREATE, { input: input({ listingId: 'HTL003' }) })));
    expect(responses.filter((response) => response.data?.createReview)).toHaveLength(1);
    expect(responses.filter((response) => codeOf(response) === 'CONFLICT')).toHaveLength(7);
    expect(await reviewCount()).toBe(1);
  });
});

describe('updateReview and deleteReview', () => {
  it('lets the author change only the given fields and moves updatedAt', async () => {
    const review = await create(alice);
    const response = await gql<{ updateReview: ReviewData }>(alice, UPDATE, { id: review.reviewId, input: { rating: 2 } });
    expect(response.data?.updateReview).toMatchObject({ reviewId: review.reviewId, rating: 2, title: review.title, comment: review.comment });
    expect(new Date(response.data?.updateReview.updatedAt ?? 0).getTime()).toBeGreaterThanOrEqual(new Date(review.updatedAt).getTime());
    expect(await mongo.db.collection('reviews').findOne({})).toMatchObject({ rating: 2, title: review.title });
  });

  it('lets any admin moderate a review', async () => {
    const review = await create(alice);
    const response = await gql<{ updateReview: ReviewData }>(billingAdmin, UPDATE, { id: review.reviewId, input: { comment: 'Edited by moderation.' } });
    expect(response.data?.updateReview.comment).toBe('Edited by moderation.');
  });

  it("refuses another user's update with FORBIDDEN and changes nothing", async () => {
    const review = await create(alice);
    const response = await gql(bob, UPDATE, { id: review.reviewId, input: { rating: 1 } });
    expect(codeOf(response)).toBe('FORBIDDEN');
    expect(await mongo.db.collection('reviews').findOne({})).toMatchObject({ rating: 4 });
  });

  it('refuses an anonymous update with UNAUTHENTICATED', async () => {
    const review = await create(alice);
    expect(codeOf(await gql(anonymous, UPDATE, { id: review.reviewId, input: { rating: 1 } }))).toBe('UNAUTHENTICATED');
  });

  it('validates updates like creation, listing every bad field, and changes nothing', async () => {
    const review = await create(alice);
    const response = await gql(alice, UPDATE, { id: review.reviewId, input: { rating: 9, title: '', comment: 'x'.repeat(2001) } });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual([
      { path: 'input.rating', message: 'must be an integer from 1 to 5' },
      { path: 'input.title', message: 'must not be empty' },
      { path: 'input.comment', message: 'must be at most 2000 characters' },
    ]);
    expect(await mongo.db.collection('reviews').findOne({})).toMatchObject({ rating: 4, title: 'Great stay' });
  });

  it('rejects an update without any field with BAD_USER_INPUT', async () => {
    const review = await create(alice);
    expect(fieldsOf(await gql(alice, UPDATE, { id: review.reviewId, input: {} }))).toEqual([{ path: 'input', message: 'give at least one of rating, title, comment' }]);
  });

  it('answers NOT_FOUND for an unknown or malformed review id', async () => {
    expect(codeOf(await gql(alice, UPDATE, { id: '0123456789abcdef01234567', input: { rating: 3 } }))).toBe('NOT_FOUND');
    expect(codeOf(await gql(alice, UPDATE, { id: 'not-an-id', input: { rating: 3 } }))).toBe('NOT_FOUND');
    expect(codeOf(await gql(alice, DELETE, { id: 'not-an-id' }))).toBe('NOT_FOUND');
  });

  it('lets the author delete their review, after which it is gone', async () => {
    const review = await create(alice);
    expect((await gql<{ deleteReview: string }>(alice, DELETE, { id: review.reviewId })).data?.deleteReview).toBe(review.reviewId);
    expect(await reviewCount()).toBe(0);
    expect((await gql<{ review: unknown }>(alice, REVIEW, { id: review.reviewId })).data?.review).toBeNull();
    expect(codeOf(await gql(alice, DELETE, { id: review.reviewId }))).toBe('NOT_FOUND');
  });

  it("refuses another user's delete with FORBIDDEN; an admin may delete", async () => {
    const review = await create(alice);
    expect(codeOf(await gql(bob, DELETE, { id: review.reviewId }))).toBe('FORBIDDEN');
    expect(await reviewCount()).toBe(1);
    expect((await gql<{ deleteReview: string }>(listingAdmin, DELETE, { id: review.reviewId })).data?.deleteReview).toBe(review.reviewId);
    expect(await reviewCount()).toBe(0);
  });

  it('lets the author review the listing again after deleting the review', async () => {
    const review = await create(alice);
    await gql(alice, DELETE, { id: review.reviewId });
    expect((await create(alice)).reviewId).not.toBe(review.reviewId);
  });
});

describe('reading reviews', () => {
  it('shows the author (an SSN) only to the author and admins', async () => {
    const review = await create(alice);
    const as = async (viewer: typeof alice) => (await gql<{ review: ReviewData }>(viewer, REVIEW, { id: review.reviewId })).data?.review;
    expect(await as(alice)).toMatchObject({ viewerIsAuthor: true, author: { userId: '123-45-6789' } });
    expect(await as(superAdmin)).toMatchObject({ viewerIsAuthor: false, author: { userId: '123-45-6789' } });
    expect(await as(bob)).toMatchObject({ viewerIsAuthor: false, author: null });
    expect(await as(anonymous)).toMatchObject({ rating: 4, author: null });
  });

  it('answers null for an unknown review', async () => {
    expect((await gql<{ review: unknown }>(anonymous, REVIEW, { id: 'ffffffffffffffffffffffff' })).data?.review).toBeNull();
  });

  it("lists the signed-in user's reviews newest first with cursor pagination", async () => {
    for (const listingId of ['HTL001', 'HTL002', 'HTL003']) await create(alice, { listingId, title: listingId });
    await create(bob, { listingId: 'HTL001' });
    const query = `query ($after: String) { myReviews(first: 2, after: $after) { nodes { listingId } pageInfo { hasNextPage endCursor } totalCount } }`;
    type Page = { myReviews: { nodes: Array<{ listingId: string }>; pageInfo: { hasNextPage: boolean; endCursor: string }; totalCount: number } };
    const first = (await gql<Page>(alice, query)).data?.myReviews;
    expect(first?.nodes.map((node) => node.listingId)).toEqual(['HTL003', 'HTL002']);
    expect(first?.pageInfo.hasNextPage).toBe(true);
    expect(first?.totalCount).toBe(3);
    const second = (await gql<Page>(alice, query, { after: first?.pageInfo.endCursor })).data?.myReviews;
    expect(second?.nodes.map((node) => node.listingId)).toEqual(['HTL001']);
    expect(second?.pageInfo.hasNextPage).toBe(false);
    expect(codeOf(await gql(anonymous, query))).toBe('UNAUTHENTICATED');
  });

  it('serves User.reviews to the user themself and admins, FORBIDDEN to other users', async () => {
    await create(alice);
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { reviews { totalCount nodes { listingId } } } } }`;
    const variables = { reps: [{ __typename: 'User', userId: '123-45-6789' }] };
    type Entities = { _entities: Array<{ reviews: { totalCount: number } } | null> };
    expect((await gql<Entities>(alice, query, variables)).data?._entities[0]?.reviews.totalCount).toBe(1);
    expect((await gql<Entities>(superAdmin, query, variables)).data?._entities[0]?.reviews.totalCount).toBe(1);
    expect(codeOf(await gql(bob, query, variables))).toBe('FORBIDDEN');
    expect(codeOf(await gql(anonymous, query, variables))).toBe('UNAUTHENTICATED');
  });

  it('resolves Review entities by reviewId, null for unknown ids', async () => {
    const review = await create(alice);
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Review { reviewId rating } } }`;
    const response = await gql<{ _entities: Array<{ reviewId: string } | null> }>(anonymous, query, {
      reps: [{ __typename: 'Review', reviewId: review.reviewId }, { __typename: 'Review', reviewId: 'ffffffffffffffffffffffff' }],
    });
    expect(response.data?._entities).toEqual([{ reviewId: review.reviewId, rating: 4 }, null]);
  });
});
