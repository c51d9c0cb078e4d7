import type { AppConfig } from '@kayak/common';
import { createTestMongo, testConfig, type TestMongo } from '@kayak/common/testing';
import { createServer } from '@kayak/reviews';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alice, analyticsAdmin, anonymous, billingAdmin, client, codeOf, fieldsOf, StubBookings, superAdmin } from './helpers.js';

let config: AppConfig;
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let gql: ReturnType<typeof client>;

// Ten days ago at midnight UTC: inside the 90-day retention, so the purge job never removes fixtures.
const t0 = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 10 * 86_400_000);
const at = (hours: number) => new Date(t0.getTime() + hours * 60 * 60 * 1000);
const window = { from: t0.toISOString(), to: at(24).toISOString() };

beforeAll(async () => {
  config = testConfig();
  mongo = await createTestMongo(config, 'reviews_analytics');
  server = await createServer({ config, port: 0, mongoDb: mongo.name, bookingVerifier: new StubBookings() });
  gql = client(server.url, config);

  const clicks = (type: string, id: string, count: number, hour: number) =>
    Array.from({ length: count }, (_, index) => ({ user_id: `u${index}`, listing_type: type, listing_id: id, timestamp: at(hour) }));
  await mongo.db.collection('listing_click_logs').insertMany([
    ...clicks('Hotel', 'HTL001', 5, 1),
    ...clicks('Flight', 'FL001', 3, 2),
    ...clicks('Car', 'CAR001', 3, 3),
    ...clicks('Flight', 'FL002', 1, 4),
    ...clicks('Flight', 'FL009', 9, 30), // outside the window
    ...clicks('Hotel', 'HTL009', 9, -1), // before the window
  ]);
  const pageClicks = (page: string, count: number, hour: number) => Array.from({ length: count }, () => ({ page, element_id: 'x', timestamp: at(hour) }));
  await mongo.db.collection('page_click_logs').insertMany([...pageClicks('/search', 4, 1), ...pageClicks('/home', 6, 2), ...pageClicks('/deals', 4, 5), ...pageClicks('/old', 50, 25)]);
  const review = (type: string, rating: number, hour: number, id: string) => ({ user_id: `r-${id}`, entity_type: type, entity_id: id, rating, title: 't', comment: 'c', created_at: at(hour), updated_at: at(hour) });
  await mongo.db.collection('reviews').insertMany([review('Hotel', 5, 1, 'H1'), review('Hotel', 4, 2, 'H2'), review('Flight', 2, 3, 'F1'), review('Car', 1, 40, 'C1')]);
  const trace = (cohort: string, hour: number, types: string[], userId?: string) => ({
    ...(userId ? { user_id: userId } : {}),
    cohort_key: cohort,
    events: types.map((type) => ({ type, data: {}, timestamp: at(hour) })),
    created_at: at(hour),
    updated_at: at(hour),
  });
  await mongo.db.collection('user_traces').insertMany([
    trace('spring', 1, ['search', 'view'], '123-45-6789'),
    trace('spring', 2, ['search']),
    trace('spring', 3, ['view', 'book', 'search']),
    trace('spring', 48, ['search']),
    trace('autumn', 1, ['view']),
  ]);
});

afterAll(async () => {
  await server?.close();
  await mongo?.drop();
});

const TOP = `query ($window: TimeWindow!, $type: ListingType, $first: Int) {
  topListingsByClicks(window: $window, listingType: $type, first: $first) { listingType listingId clicks listing { __typename ... on Flight { flightId } ... on Hotel { hotelId } ... on Car { carId } } }
}`;

describe('access', () => {
  it('serves analytics to Analytics Admins and Super Admins only', async () => {
    const query = `query ($window: TimeWindow!) { pageClickCounts(window: $window) { page } }`;
    expect((await gql(analyticsAdmin, query, { window })).errors).toBeUndefined();
    expect((await gql(superAdmin, query, { window })).errors).toBeUndefined();
    expect(codeOf(await gql(billingAdmin, query, { window }))).toBe('FORBIDDEN');
    expect(codeOf(await gql(alice, query, { window }))).toBe('FORBIDDEN');
    expect(codeOf(await gql(anonymous, query, { window }))).toBe('UNAUTHENTICATED');
  });

  it('rejects a window that ends before it starts or spans more than 366 days', async () => {
    const query = `query ($window: TimeWindow!) { pageClickCounts(window: $window) { page } }`;
    expect(fieldsOf(await gql(analyticsAdmin, query, { window: { from: window.to, to: window.from } }))).toEqual([{ path: 'window.to', message: 'must be after from' }]);
    expect(fieldsOf(await gql(analyticsAdmin, query, { window: { from: '2024-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z' } }))).toEqual([
      { path: 'window.to', message: 'must be at most 366 days after from' },
    ]);
  });
});

describe('topListingsByClicks', () => {
  it('ranks listings by clicks inside the half-open window, ties by type then id, as Listing references', async () => {
    const response = await gql<{ topListingsByClicks: unknown[] }>(analyticsAdmin, TOP, { window });
    expect(response.data?.topListingsByClicks).toEqual([
      { listingType: 'Hotel', listingId: 'HTL001', clicks: 5, listing: { __typename: 'Hotel', hotelId: 'HTL001' } },
      { listingType: 'Car', listingId: 'CAR001', clicks: 3, listing: { __typename: 'Car', carId: 'CAR001' } },
      { listingType: 'Flight', listingId: 'FL001', clicks: 3, listing: { __typename: 'Flight', flightId: 'FL001' } },
      { listingType: 'Flight', listingId: 'FL002', clicks: 1, listing: { __typename: 'Flight', flightId: 'FL002' } },
    ]);
  });

  it('filters by listing type and limits to first', async () => {
    const response = await gql<{ topListingsByClicks: Array<{ listingId: string }> }>(analyticsAdmin, TOP, { window, type: 'Flight', first: 1 });
    expect(response.data?.topListingsByClicks.map((row) => row.listingId)).toEqual(['FL001']);
  });

  it('rejects first outside 1..100', async () => {
    expect(fieldsOf(await gql(analyticsAdmin, TOP, { window, first: 0 }))).toEqual([{ path: 'first', message: 'must be between 1 and 100' }]);
  });
});

describe('pageClickCounts', () => {
  it('counts clicks per page in the window, most first, ties by page name', async () => {
    const response = await gql<{ pageClickCounts: unknown[] }>(analyticsAdmin, `query ($window: TimeWindow!) { pageClickCounts(window: $window) { page clicks } }`, { window });
    expect(response.data?.pageClickCounts).toEqual([
      { page: '/home', clicks: 6 },
      { page: '/deals', clicks: 4 },
      { page: '/search', clicks: 4 },
    ]);
  });
});

describe('reviewCountsByListingType', () => {
  const query = `query ($window: TimeWindow) { reviewCountsByListingType(window: $window) { listingType reviews averageRating } }`;

  it('counts reviews and their average per type, always all three types', async () => {
    const response = await gql<{ reviewCountsByListingType: unknown[] }>(analyticsAdmin, query, { window });
    expect(response.data?.reviewCountsByListingType).toEqual([
      { listingType: 'Flight', reviews: 1, averageRating: 2 },
      { listingType: 'Hotel', reviews: 2, averageRating: 4.5 },
      { listingType: 'Car', reviews: 0, averageRating: null },
    ]);
  });

  it('counts all reviews when no window is given', async () => {
    const response = await gql<{ reviewCountsByListingType: Array<{ reviews: number }> }>(analyticsAdmin, query, {});
    expect(response.data?.reviewCountsByListingType.map((row) => row.reviews)).toEqual([1, 2, 1]);
  });
});

describe('cohort traces', () => {
  const TRACES = `query ($cohort: String!, $window: TimeWindow, $first: Int, $after: String) {
    cohortTraces(cohortKey: $cohort, window: $window, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { cohortKey createdAt user { userId } events { type } } }
  }`;
  type Traces = { cohortTraces: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: Array<{ createdAt: string; user: { userId: string } | null; events: Array<{ type: string }> }> } };

  it('pages the traces of one cohort newest first, within the window', async () => {
    const first = (await gql<Traces>(analyticsAdmin, TRACES, { cohort: 'spring', window, first: 2 })).data?.cohortTraces;
    expect(first?.totalCount).toBe(3);
    expect(first?.nodes.map((node) => node.createdAt)).toEqual([at(3).toISOString(), at(2).toISOString()]);
    expect(first?.pageInfo.hasNextPage).toBe(true);
    const second = (await gql<Traces>(analyticsAdmin, TRACES, { cohort: 'spring', window, first: 2, after: first?.pageInfo.endCursor })).data?.cohortTraces;
    expect(second?.nodes).toEqual([{ cohortKey: 'spring', createdAt: at(1).toISOString(), user: { userId: '123-45-6789' }, events: [{ type: 'search' }, { type: 'view' }] }]);
    expect(second?.pageInfo.hasNextPage).toBe(false);
  });

  it('includes every trace of the cohort without a window', async () => {
    expect((await gql<Traces>(analyticsAdmin, TRACES, { cohort: 'spring' })).data?.cohortTraces.totalCount).toBe(4);
  });

  it('rejects an invalid cursor', async () => {
    expect(codeOf(await gql(analyticsAdmin, TRACES, { cohort: 'spring', after: 'nope' }))).toBe('BAD_USER_INPUT');
  });

  it('counts event types across the cohort, most frequent first', async () => {
    const response = await gql<{ cohortEventCounts: unknown[] }>(analyticsAdmin, `query ($window: TimeWindow) { cohortEventCounts(cohortKey: "spring", window: $window) { type count } }`, { window });
    expect(response.data?.cohortEventCounts).toEqual([
      { type: 'search', count: 3 },
      { type: 'view', count: 2 },
      { type: 'book', count: 1 },
    ]);
  });
});
