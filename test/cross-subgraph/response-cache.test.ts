import { createLogger, createRedis, ResponseCache } from '@kayak/common';
import { testConfig, uniqueName } from '@kayak/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, startSupergraphWithBookingEvents, type AdminViewer, type RawResponse, type Supergraph } from '../abuse/support/supergraph.js';

// The gateway's response cache (gateway/src/response-cache.ts) against the real supergraph, Redis
// and Kafka: anonymous queries with cache hints are answered from Redis; a price change through the
// gateway, a review, and a booking (bookings outbox → Kafka → listings consumer) are never served
// stale afterwards; signed-in viewers are never answered from the cache.
const LISTING_ADMIN: AdminViewer = { kind: 'admin', adminId: 'ADM002', role: 'Listing Admin' };
let sg: Supergraph;

const DAY = 86_400_000;
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
const day = (n: number): string => new Date(today + n * DAY).toISOString();
const FLIGHT = 'FLRCACHE1';
const DEPARTS = new Date(today + 35 * DAY + 9 * 3_600_000).toISOString();
const ARRIVES = new Date(today + 35 * DAY + 15 * 3_600_000).toISOString();

const SEARCH = `query Search($filter: FlightSearchFilter!) {
  searchFlights(filter: $filter, first: 5) { totalCount nodes { flightId ticketPrice remainingCapacity ratingSummary { count } } }
}`;
const searchVariables = { filter: { departureAirport: 'JFK', arrivalAirport: 'SFO', departureFrom: day(30), departureTo: day(40) } };
interface SearchData {
  searchFlights: { totalCount: number; nodes: Array<{ flightId: string; ticketPrice: string; remainingCapacity: number; ratingSummary: { count: number } }> };
}

async function cacheCount(outcome: 'hit' | 'miss' | 'stored', metric = 'gateway_response_cache_total'): Promise<number> {
  const text = await (await fetch(new URL('/metrics', sg.gateway.url))).text();
  const line = text.split('\n').find((entry) => entry.startsWith(`${metric}{outcome="${outcome}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

async function search(viewer?: typeof ALICE): Promise<{ response: RawResponse; data: SearchData }> {
  const response = await sg.post({ query: SEARCH, variables: searchVariables, ...(viewer ? { viewer } : {}) });
  expect(response.body?.errors, response.text).toBeUndefined();
  return { response, data: response.body?.data as unknown as SearchData };
}

beforeAll(async () => {
  sg = await startSupergraphWithBookingEvents('rcache');
  const created = await sg.post({
    query: `mutation ($input: CreateFlightInput!) { createFlight(input: $input) { flightId } }`,
    variables: {
      input: {
        flightId: FLIGHT,
        airlineName: 'Cache Air',
        departureAirport: 'JFK',
        arrivalAirport: 'SFO',
        departureDatetime: DEPARTS,
        arrivalDatetime: ARRIVES,
        flightClass: 'Economy',
        ticketPrice: '300.00',
        totalAvailableSeats: 10,
      },
    },
    viewer: LISTING_ADMIN,
  });
  expect(created.body?.errors, created.text).toBeUndefined();
});

afterAll(async () => {
  await sg?.close();
});

describe('gateway response cache', () => {
  it('answers a repeated anonymous search from the cache, with the cache hint as max-age', async () => {
    const first = await search();
    const hits = await cacheCount('hit');
    const second = await search();
    expect(await cacheCount('hit')).toBe(hits + 1);
    expect(second.data).toEqual(first.data);
    expect(first.data.searchFlights.nodes).toEqual([{ flightId: FLIGHT, ticketPrice: '300.00', remainingCapacity: 10, ratingSummary: { count: 0 } }]);
    // remainingCapacity is hinted 30 s, the rest 60 s: the answer may be kept 30 s at most.
    expect(first.response.headers.get('cache-control')).toBe('max-age=30, public');
    expect(second.response.headers.get('cache-control')).toMatch(/^max-age=(29|30), public$/);
  });

  it('never answers a signed-in viewer from the cache, nor stores their answer (their query plan is cached)', async () => {
    const [hits, misses] = [await cacheCount('hit'), await cacheCount('miss')];
    const planHits = await cacheCount('hit', 'gateway_query_plan_cache_total');
    await search(ALICE);
    await search(ALICE);
    expect([await cacheCount('hit'), await cacheCount('miss')]).toEqual([hits, misses]);
    expect(await cacheCount('hit', 'gateway_query_plan_cache_total')).toBe(planHits + 2);
  });

  it('drops the cached answer when an admin changes the price through the gateway', async () => {
    await search();
    const updated = await sg.post({ query: `mutation { updateFlight(flightId: "${FLIGHT}", input: { ticketPrice: "250.00" }) { ticketPrice } }`, viewer: LISTING_ADMIN });
    expect(updated.body?.errors, updated.text).toBeUndefined();
    const hits = await cacheCount('hit');
    expect((await search()).data.searchFlights.nodes[0]?.ticketPrice).toBe('250.00');
    expect(await cacheCount('hit')).toBe(hits);
  });

  it('drops the cached answer once the listings consumer has applied a booking of the flight', async () => {
    expect((await search()).data.searchFlights.nodes[0]?.remainingCapacity).toBe(10);
    const consumer = sg.listings?.availabilityConsumer;
    if (!consumer) throw new Error('no listings consumer');
    const applied = (await consumer.health()).applied;
    const booked = await sg.post({
      query: 'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { bookingId } }',
      variables: { input: { listingType: 'Flight', listingId: FLIGHT, startDate: DEPARTS, endDate: ARRIVES, quantity: 3 } },
      viewer: ALICE,
    });
    expect(booked.body?.errors, booked.text).toBeUndefined();
    // The first anonymous answer after the consumer applied the event already sees it: no wait for the hint.
    const deadline = Date.now() + 30_000;
    while ((await consumer.health()).applied === applied) {
      if (Date.now() > deadline) throw new Error('the booking event never reached the listings consumer');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await search()).data.searchFlights.nodes[0]?.remainingCapacity).toBe(7);
  });

  it('does not cache answers with errors, nor mutations', async () => {
    const misses = await cacheCount('miss');
    const stored = await cacheCount('stored');
    const bad = await sg.post({ query: SEARCH.replace('first: 5', 'first: 500'), variables: searchVariables });
    expect(bad.body?.errors?.[0]?.extensions?.['code'], bad.text).toBe('BAD_USER_INPUT');
    await sg.post({ query: `mutation { updateFlight(flightId: "${FLIGHT}", input: { ticketPrice: "260.00" }) { ticketPrice } }`, viewer: LISTING_ADMIN });
    expect(await cacheCount('miss')).toBe(misses + 1);
    expect(await cacheCount('stored')).toBe(stored);
  });
});

describe('ResponseCache (Redis)', () => {
  const config = testConfig();
  const redis = createRedis(config.REDIS_URL);
  const cache = new ResponseCache(redis, createLogger('test', 'silent'), uniqueName('rc'));
  afterAll(() => redis.disconnect());

  it('refuses to store an answer read before an invalidation of one of its tags (the change raced the read)', async () => {
    const before = await cache.lookup('k1');
    if (!before || before.hit) throw new Error('expected a miss');
    await cache.invalidate(['Flight:F1']);
    expect(await cache.store('k1', '{"stale":true}', 30, ['Flight:F1', 'search:Flight'], before.startedAt)).toBe(false);
    expect((await cache.lookup('k1'))?.hit).toBe(false);
  });

  it('stores an answer whose tags were not invalidated since its lookup, and drops it on their next invalidation', async () => {
    const miss = await cache.lookup('k2');
    if (!miss || miss.hit) throw new Error('expected a miss');
    expect(await cache.store('k2', '{"fresh":true}', 30, ['Flight:F2'], miss.startedAt)).toBe(true);
    expect(await cache.lookup('k2')).toMatchObject({ hit: true, body: '{"fresh":true}' });
    expect(await cache.invalidate(['Hotel:H1'])).toBe(0);
    expect(await cache.invalidate(['Flight:F2'])).toBe(1);
    expect((await cache.lookup('k2'))?.hit).toBe(false);
  });
});
