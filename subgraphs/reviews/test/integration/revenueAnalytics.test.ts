import type { AppConfig, BookingStatus, ListingSnapshot, ListingType, Viewer } from '@kayak/common';
import { createTestMongo, testConfig, type TestMongo } from '@kayak/common/testing';
import { createServer } from '@kayak/reviews';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingFact } from '../../src/repositories/analytics.js';
import { alice, analyticsAdmin, anonymous, client, codeOf, fieldsOf, listingAdmin, StubBookings, superAdmin } from './helpers.js';

// The revenue, cancellation, funnel and searched-route reports (docs/analytics.md) over read
// models filled through the same repository calls the analytics consumer makes.

let config: AppConfig;
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let gql: ReturnType<typeof client>;

const DAY = 86_400_000;
const day0 = new Date('2026-03-01T00:00:00.000Z');
const at = (day: number, hour: number): Date => new Date(day0.getTime() + day * DAY + hour * 3_600_000);
const range = { from: day0.toISOString(), to: at(3, 0).toISOString() };

const listing = (listingType: ListingType, listingId: string, city: string | null, state: string | null, route: [string, string] | null = null): ListingSnapshot => ({
  listingType,
  listingId,
  title: `${listingType} ${listingId}`,
  city,
  state,
  route: route ? { from: route[0], to: route[1], departsAt: at(30, 0).toISOString() } : null,
  priceCents: 10_000,
  retired: false,
  revision: 1,
});

interface Story {
  id: string;
  type: ListingType;
  listingId: string;
  created: Date;
  paid?: { at: Date; cents: number };
  /** The final status when it did not stay Pending or Confirmed. */
  cancelled?: { at: Date; refundCents: number; status: BookingStatus };
}

/** A booking's events as facts: created (rev 1), confirmed (rev 2), cancelled (rev 2 or 3). */
function factsOf(story: Story): BookingFact[] {
  const base = { bookingId: story.id, listingType: story.type, listingId: story.listingId, userId: '123-45-6789', totalCents: story.paid?.cents ?? 5_000 };
  const facts: BookingFact[] = [{ ...base, eventId: `${story.id}-created`, revision: 1, status: 'Pending', occurredAt: story.created }];
  if (story.paid) facts.push({ ...base, eventId: `${story.id}-confirmed`, revision: 2, status: 'Confirmed', occurredAt: story.paid.at, paid: story.paid });
  if (story.cancelled) {
    const { at: cancelledAt, refundCents, status } = story.cancelled;
    facts.push({ ...base, eventId: `${story.id}-cancelled`, revision: facts.length + 1, status, occurredAt: cancelledAt, cancelled: { at: cancelledAt, refundCents } });
  }
  return facts;
}

const STORIES: Story[] = [
  { id: 'B1', type: 'Hotel', listingId: 'HTL1', created: at(0, 10), paid: { at: at(0, 11), cents: 10_800 } },
  { id: 'B2', type: 'Hotel', listingId: 'HTL1', created: at(0, 12), paid: { at: at(0, 13), cents: 5_400 }, cancelled: { at: at(1, 9), refundCents: 5_400, status: 'Cancelled' } },
  { id: 'B3', type: 'Hotel', listingId: 'HTL2', created: at(1, 1), paid: { at: at(1, 2), cents: 20_000 } },
  { id: 'B4', type: 'Car', listingId: 'CAR1', created: at(1, 3) },
  { id: 'B5', type: 'Car', listingId: 'CAR1', created: at(1, 4), cancelled: { at: at(2, 4), refundCents: 0, status: 'Expired' } },
  { id: 'B6', type: 'Flight', listingId: 'FL1', created: at(2, 1), paid: { at: at(2, 2), cents: 30_001 } },
  { id: 'B7', type: 'Flight', listingId: 'FL2', created: at(2, 3), paid: { at: at(2, 4), cents: 15_000 } },
  { id: 'B8', type: 'Flight', listingId: 'FL3', created: at(2, 5), paid: { at: at(2, 6), cents: 40_000 }, cancelled: { at: at(2, 7), refundCents: 40_000, status: 'Cancelled' } },
  // A flight analytics has no listing event for: counted everywhere but in the routes.
  { id: 'B9', type: 'Flight', listingId: 'FL9', created: at(2, 8), paid: { at: at(2, 9), cents: 999 } },
  // Outside the range, on both sides.
  { id: 'B10', type: 'Hotel', listingId: 'HTL2', created: at(-1, 10), paid: { at: at(-1, 11), cents: 777_777 } },
  { id: 'B11', type: 'Hotel', listingId: 'HTL2', created: at(3, 0), paid: { at: at(3, 1), cents: 666_666 } },
];

beforeAll(async () => {
  config = testConfig();
  mongo = await createTestMongo(config, 'reviews_revenue');
  server = await createServer({ config, port: 0, mongoDb: mongo.name, bookingVerifier: new StubBookings() });
  gql = client(server.url, config);

  for (const snapshot of [
    listing('Hotel', 'HTL1', 'New York', 'NY'),
    listing('Car', 'CAR1', 'New York', 'NY'),
    listing('Hotel', 'HTL2', 'Boston', 'MA'),
    listing('Flight', 'FL1', null, null, ['JFK', 'LAX']),
    listing('Flight', 'FL2', null, null, ['JFK', 'LAX']),
    listing('Flight', 'FL3', null, null, ['SFO', 'SEA']),
  ]) {
    await server.analytics.applyListing(snapshot);
  }
  // Newest event first: the topics are not ordered with each other.
  for (const story of STORIES) for (const fact of factsOf(story).reverse()) await server.analytics.applyBooking(fact);

  const trace = (day: number, events: Array<{ type: string; data?: Record<string, unknown> }>) => ({
    events: events.map((event) => ({ type: event.type, data: event.data ?? {}, timestamp: at(day, 1) })),
    created_at: at(day, 1),
    updated_at: at(day, 1),
  });
  const search = (from: string, to: string) => ({ type: 'search', data: { listingType: 'Flight', from, to } });
  await mongo.db.collection('user_traces').insertMany([
    trace(0, [search('JFK', 'LAX'), { type: 'listing_view' }]),
    trace(1, [search('JFK', 'LAX'), search('SFO', 'SEA'), { type: 'listing_view' }, { type: 'listing_view' }, { type: 'page_view' }]),
    trace(2, [{ type: 'search', data: { listingType: 'Hotel', city: 'Boston' } }]),
    trace(5, [search('JFK', 'LAX'), { type: 'listing_view' }]),
  ]);
  await mongo.db.collection('listing_click_logs').insertMany([
    { user_id: 'u1', listing_type: 'Hotel', listing_id: 'HTL1', timestamp: at(0, 2) },
    { user_id: 'u1', listing_type: 'Hotel', listing_id: 'HTL2', timestamp: at(1, 2) },
    { user_id: 'u1', listing_type: 'Hotel', listing_id: 'HTL2', timestamp: at(4, 2) },
  ]);
});

afterAll(async () => {
  await server?.close();
  await mongo?.drop();
});

const FIGURES = 'paidBookings refundedBookings gross refunds net';
const figures = (paidBookings: number, refundedBookings: number, gross: string, refunds: string, net: string) => ({ paidBookings, refundedBookings, gross, refunds, net });
const ZERO = figures(0, 0, '0.00', '0.00', '0.00');

describe('the read model', () => {
  it('merges a booking\'s events whatever their order: the highest revision decides the status, every step adds its facts', async () => {
    const booking = await server.analytics.findBooking('B2');
    expect(booking).toMatchObject({ revision: 3, status: 'Cancelled', paid_cents: 5_400, refund_cents: 5_400, created_day: '2026-03-01', paid_day: '2026-03-01', cancelled_day: '2026-03-02' });
    expect(booking?.event_ids).toHaveLength(3);
  });

  it('treats a replayed event as a duplicate and an older revision as stale', async () => {
    const [created, confirmed] = factsOf(STORIES[1] as Story);
    expect(await server.analytics.applyBooking(confirmed as BookingFact)).toBe('duplicate');
    expect(await server.analytics.applyBooking({ ...(created as BookingFact), eventId: 'B2-created-again' })).toBe('stale');
    expect(await server.analytics.findBooking('B2')).toMatchObject({ revision: 3, status: 'Cancelled', paid_cents: 5_400, refund_cents: 5_400, created_day: '2026-03-01' });
    expect(await server.analytics.applyListing(listing('Hotel', 'HTL1', 'New York', 'NY'))).toBe('duplicate');
    expect(await server.analytics.applyListing({ ...listing('Hotel', 'HTL1', 'New York', 'NY'), revision: 2 })).toBe('applied');
    expect(await server.analytics.applyListing(listing('Hotel', 'HTL1', 'Elsewhere', 'XX'))).toBe('stale');
    expect(await server.analytics.findListing('Hotel', 'HTL1')).toMatchObject({ city: 'New York', revision: 2 });
  });
});

describe('revenueByDay', () => {
  const query = `query ($from: DateTime!, $to: DateTime!) { revenueByDay(from: $from, to: $to) { from to days { day createdBookings cancelledBookings revenue { ${FIGURES} } } totals { ${FIGURES} } } }`;

  it('counts payments on the day they were made and refunds on the day of the cancellation, every day of the range', async () => {
    const response = await gql<{ revenueByDay: unknown }>(analyticsAdmin, query, range);
    expect(response.errors).toBeUndefined();
    expect(response.data?.revenueByDay).toEqual({
      from: range.from,
      to: range.to,
      days: [
        { day: '2026-03-01', createdBookings: 2, cancelledBookings: 0, revenue: figures(2, 0, '162.00', '0.00', '162.00') },
        { day: '2026-03-02', createdBookings: 3, cancelledBookings: 1, revenue: figures(1, 1, '200.00', '54.00', '146.00') },
        { day: '2026-03-03', createdBookings: 4, cancelledBookings: 2, revenue: figures(4, 1, '860.00', '400.00', '460.00') },
      ],
      totals: figures(7, 2, '1222.00', '454.00', '768.00'),
    });
  });

  it('lists days without bookings with zeros', async () => {
    const response = await gql<{ revenueByDay: { days: unknown[]; totals: unknown } }>(analyticsAdmin, query, { from: at(10, 0).toISOString(), to: at(12, 0).toISOString() });
    expect(response.data?.revenueByDay.days).toEqual([
      { day: '2026-03-11', createdBookings: 0, cancelledBookings: 0, revenue: ZERO },
      { day: '2026-03-12', createdBookings: 0, cancelledBookings: 0, revenue: ZERO },
    ]);
    expect(response.data?.revenueByDay.totals).toEqual(ZERO);
  });
});

describe('revenue per listing type, city, property and route', () => {
  it('gives all three listing types, adding up to the daily totals', async () => {
    const response = await gql<{ revenueByListingType: unknown[] }>(analyticsAdmin, `query ($from: DateTime!, $to: DateTime!) { revenueByListingType(from: $from, to: $to) { listingType revenue { ${FIGURES} } } }`, range);
    expect(response.data?.revenueByListingType).toEqual([
      { listingType: 'Flight', revenue: figures(4, 1, '860.00', '400.00', '460.00') },
      { listingType: 'Hotel', revenue: figures(3, 1, '362.00', '54.00', '308.00') },
      { listingType: 'Car', revenue: ZERO },
    ]);
  });

  it('pages cities by net, highest first, listings without a city under (unknown)', async () => {
    const query = `query ($from: DateTime!, $to: DateTime!, $first: Int, $after: String) { revenueByCity(from: $from, to: $to, first: $first, after: $after) { nodes { city state revenue { net paidBookings } } pageInfo { hasNextPage endCursor } totalCount } }`;
    type Page = { revenueByCity: { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number } };
    const first = await gql<Page>(analyticsAdmin, query, { ...range, first: 2 });
    expect(first.data?.revenueByCity).toMatchObject({
      nodes: [
        { city: '(unknown)', state: null, revenue: { net: '460.00', paidBookings: 4 } },
        { city: 'Boston', state: 'MA', revenue: { net: '200.00', paidBookings: 1 } },
      ],
      pageInfo: { hasNextPage: true },
      totalCount: 3,
    });
    const second = await gql<Page>(analyticsAdmin, query, { ...range, first: 2, after: first.data?.revenueByCity.pageInfo.endCursor });
    expect(second.data?.revenueByCity).toMatchObject({ nodes: [{ city: 'New York', state: 'NY', revenue: { net: '108.00', paidBookings: 2 } }], pageInfo: { hasNextPage: false }, totalCount: 3 });
  });

  it('ranks hotels and cars by net with their latest title and city', async () => {
    const response = await gql<{ topPropertiesByRevenue: unknown[] }>(
      superAdmin,
      `query ($from: DateTime!, $to: DateTime!) { topPropertiesByRevenue(from: $from, to: $to) { listingType listingId title city state listing { __typename ... on Hotel { hotelId } } revenue { net } } }`,
      range,
    );
    expect(response.data?.topPropertiesByRevenue).toEqual([
      { listingType: 'Hotel', listingId: 'HTL2', title: 'Hotel HTL2', city: 'Boston', state: 'MA', listing: { __typename: 'Hotel', hotelId: 'HTL2' }, revenue: { net: '200.00' } },
      { listingType: 'Hotel', listingId: 'HTL1', title: 'Hotel HTL1', city: 'New York', state: 'NY', listing: { __typename: 'Hotel', hotelId: 'HTL1' }, revenue: { net: '108.00' } },
    ]);
  });

  it('ranks flight routes by net, adding up the flights of a route', async () => {
    const response = await gql<{ topRoutesByRevenue: unknown[] }>(analyticsAdmin, `query ($from: DateTime!, $to: DateTime!) { topRoutesByRevenue(from: $from, to: $to) { from to flights revenue { ${FIGURES} } } }`, range);
    expect(response.data?.topRoutesByRevenue).toEqual([
      { from: 'JFK', to: 'LAX', flights: 2, revenue: figures(2, 0, '450.01', '0.00', '450.01') },
      { from: 'SFO', to: 'SEA', flights: 1, revenue: figures(1, 1, '400.00', '400.00', '0.00') },
    ]);
  });
});

describe('cancellationRate, bookingFunnel and topSearchedRoutes', () => {
  it('tells how the bookings created in the range ended', async () => {
    const response = await gql<{ cancellationRate: unknown }>(analyticsAdmin, `query ($from: DateTime!, $to: DateTime!) { cancellationRate(from: $from, to: $to) { bookings cancelled expired paymentFailed confirmed rate } }`, range);
    expect(response.data?.cancellationRate).toEqual({ bookings: 9, cancelled: 2, expired: 1, paymentFailed: 0, confirmed: 5, rate: 0.2222 });
  });

  it('counts searches and views from traces, clicks from the click log and bookings from the read model', async () => {
    const response = await gql<{ bookingFunnel: unknown }>(
      analyticsAdmin,
      `query ($from: DateTime!, $to: DateTime!) { bookingFunnel(from: $from, to: $to) { searches listingViews listingClicks bookings paidBookings searchToViewRate viewToBookingRate searchToBookingRate } }`,
      range,
    );
    expect(response.data?.bookingFunnel).toEqual({ searches: 4, listingViews: 3, listingClicks: 2, bookings: 9, paidBookings: 7, searchToViewRate: 0.75, viewToBookingRate: 3, searchToBookingRate: 2.25 });
  });

  it('ranks searched flight routes and honours limit', async () => {
    const query = `query ($from: DateTime!, $to: DateTime!, $limit: Int) { topSearchedRoutes(from: $from, to: $to, limit: $limit) { from to searches } }`;
    expect((await gql<{ topSearchedRoutes: unknown[] }>(analyticsAdmin, query, range)).data?.topSearchedRoutes).toEqual([
      { from: 'JFK', to: 'LAX', searches: 2 },
      { from: 'SFO', to: 'SEA', searches: 1 },
    ]);
    expect((await gql<{ topSearchedRoutes: unknown[] }>(analyticsAdmin, query, { ...range, limit: 1 })).data?.topSearchedRoutes).toEqual([{ from: 'JFK', to: 'LAX', searches: 2 }]);
  });
});

describe('access and input', () => {
  const QUERIES = [
    `revenueByDay(from: $from, to: $to) { totals { net } }`,
    `revenueByListingType(from: $from, to: $to) { listingType }`,
    `revenueByCity(from: $from, to: $to) { totalCount }`,
    `topPropertiesByRevenue(from: $from, to: $to) { listingId }`,
    `topRoutesByRevenue(from: $from, to: $to) { from }`,
    `cancellationRate(from: $from, to: $to) { rate }`,
    `bookingFunnel(from: $from, to: $to) { searches }`,
    `topSearchedRoutes(from: $from, to: $to) { from }`,
  ].map((field) => `query ($from: DateTime!, $to: DateTime!) { ${field} }`);

  const codes = (viewer: Viewer, variables: Record<string, unknown> = range) => Promise.all(QUERIES.map(async (query) => codeOf(await gql(viewer, query, variables)) ?? 'OK'));

  it('serves Analytics Admins and Super Admins; Listing Admins and travellers are FORBIDDEN, anonymous callers UNAUTHENTICATED', async () => {
    expect(await codes(analyticsAdmin)).toEqual(QUERIES.map(() => 'OK'));
    expect(await codes(superAdmin)).toEqual(QUERIES.map(() => 'OK'));
    expect(await codes(listingAdmin)).toEqual(QUERIES.map(() => 'FORBIDDEN'));
    expect(await codes(alice)).toEqual(QUERIES.map(() => 'FORBIDDEN'));
    expect(await codes(anonymous)).toEqual(QUERIES.map(() => 'UNAUTHENTICATED'));
  });

  it('checks permission before input: a forbidden caller learns nothing about a bad range', async () => {
    expect(await codes(alice, { from: range.to, to: range.from })).toEqual(QUERIES.map(() => 'FORBIDDEN'));
  });

  it('rejects a range that ends before it starts or spans more than 366 days, with the field path', async () => {
    for (const query of QUERIES) {
      const backwards = await gql(analyticsAdmin, query, { from: range.to, to: range.from });
      expect(codeOf(backwards)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(backwards)).toEqual([{ path: 'to', message: 'must be after from' }]);
      expect(fieldsOf(await gql(analyticsAdmin, query, { from: '2024-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z' }))).toEqual([{ path: 'to', message: 'must be at most 366 days after from' }]);
    }
  });

  it('rejects a bad page size, cursor or limit', async () => {
    const city = `query ($from: DateTime!, $to: DateTime!, $first: Int, $after: String) { revenueByCity(from: $from, to: $to, first: $first, after: $after) { totalCount } }`;
    expect(fieldsOf(await gql(analyticsAdmin, city, { ...range, first: -1 }))).toEqual([{ path: 'first', message: 'must be between 0 and 100' }]);
    expect(fieldsOf(await gql(analyticsAdmin, city, { ...range, after: 'nonsense' }))).toEqual([{ path: 'after', message: 'is not a cursor of this list' }]);
    const searched = `query ($from: DateTime!, $to: DateTime!, $limit: Int) { topSearchedRoutes(from: $from, to: $to, limit: $limit) { from } }`;
    expect(fieldsOf(await gql(analyticsAdmin, searched, { ...range, limit: 101 }))).toEqual([{ path: 'limit', message: 'must be between 1 and 100' }]);
  });
});
