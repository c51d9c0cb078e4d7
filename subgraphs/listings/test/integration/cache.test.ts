import { watchCommands } from '@kayak/common';
import { createTestMongo, testConfig, type TestMongo } from '@kayak/common/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { searchCachePrefix } from '../../src/repositories/searchCache.js';
import { createServer } from '../../src/server.js';
import { caller, flightDoc, hotelDoc, insertListings, listingAdmin, type GraphQLCaller } from './fixtures.js';

// The Redis search cache: hits and misses proven by counting Mongo commands.
const config = testConfig();
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let call: GraphQLCaller;
let commands: ReturnType<typeof watchCommands>;

beforeAll(async () => {
  mongo = await createTestMongo(config, 'listings_cache');
  server = await createServer({ config, port: 0, mongoDb: mongo.name, searchCacheTtlSeconds: 20 });
  call = caller(server.url, config);
  commands = watchCommands(server.mongo.client);
  await insertListings(mongo.db, {
    flights: [flightDoc('FC1', { ticket_price: 100 }), flightDoc('FC2', { ticket_price: 200 }), flightDoc('FC3', { ticket_price: 300, departure_airport: 'BOS' })],
    hotels: [hotelDoc('HC1'), hotelDoc('HC2', { address: { street: '1 Elm', city: 'Boston', state: 'MA', zip: '02108' } })],
  });
});

afterAll(async () => {
  commands?.stop();
  await server?.close();
  await mongo?.drop();
});

beforeEach(() => commands.reset());

/** Mongo commands a request sent to the listings collections (reads: find and count's aggregate). */
const readsOf = (collection: string): number => commands.count('find', collection) + commands.count('aggregate', collection);

const flightSearch = `query ($filter: FlightSearchFilter, $first: Int, $after: String, $sort: FlightSort) {
  searchFlights(filter: $filter, first: $first, after: $after, sort: $sort) { nodes { flightId ticketPrice } totalCount pageInfo { hasNextPage endCursor } } }`;
const hotelSearch = `query ($filter: HotelSearchFilter) { searchHotels(filter: $filter) { nodes { hotelId } totalCount } }`;

describe('search cache', () => {
  it('answers a repeated search from Redis without any Mongo command', async () => {
    const first = await call(flightSearch, { filter: { departureAirport: 'JFK' } });
    expect(readsOf('flights')).toBe(1); // one aggregation: the page and the count of all matches
    commands.reset();
    const second = await call(flightSearch, { filter: { departureAirport: 'JFK' } });
    expect(readsOf('flights')).toBe(0);
    expect(second.data).toEqual(first.data);
    expect(second.data).toMatchObject({ searchFlights: { nodes: [{ flightId: 'FC1', ticketPrice: '100.00' }, { flightId: 'FC2', ticketPrice: '200.00' }], totalCount: 2 } });
  });

  it('shares one entry between spellings of the same search (case, spaces, defaults)', async () => {
    await call(flightSearch, { filter: { departureCity: 'New York' } });
    commands.reset();
    await call(flightSearch, { filter: { departureCity: '  NEW york ', maxPrice: null }, first: 20, sort: 'PRICE_ASC' });
    expect(readsOf('flights')).toBe(0);
  });

  it('keeps different pages and sorts apart', async () => {
    const page = await call<{ searchFlights: { pageInfo: { endCursor: string } } }>(flightSearch, { first: 1 });
    commands.reset();
    await call(flightSearch, { first: 1, after: page.data?.searchFlights.pageInfo.endCursor });
    await call(flightSearch, { first: 1, sort: 'PRICE_DESC' });
    expect(commands.count('aggregate', 'flights')).toBe(2);
  });

  it('stores entries with the short TTL under the database prefix', async () => {
    const keys = await server.redis.keys(`${searchCachePrefix(mongo.name)}:Flight:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const ttl = await server.redis.ttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(20);
    }
  });

  it('invalidates flight searches when a flight changes, and only those', async () => {
    await call(hotelSearch, {});
    await call(flightSearch, { filter: { departureAirport: 'JFK' } });
    commands.reset();
    const updated = await call('mutation { updateFlight(flightId: "FC2", input: { ticketPrice: "50" }) { ticketPrice } }', {}, listingAdmin);
    expect(updated.errors).toBeUndefined();
    commands.reset();
    const after = await call(flightSearch, { filter: { departureAirport: 'JFK' } });
    expect(readsOf('flights')).toBe(1);
    expect(after.data).toMatchObject({ searchFlights: { nodes: [{ flightId: 'FC2', ticketPrice: '50.00' }, { flightId: 'FC1' }] } });
    await call(hotelSearch, {});
    expect(readsOf('hotels')).toBe(0);
  });

  it('invalidates on create and delete too', async () => {
    await call(hotelSearch, { filter: { city: 'Boston' } });
    const created = await call('mutation { createHotel(input: { hotelId: "HC3", name: "Common Inn", address: { street: "3 Elm", city: "Boston", state: "MA", zip: "02108" }, starRating: 3, numberOfRooms: 9, defaultRoomType: "Standard", pricePerNight: "99" }) { hotelId } }', {}, listingAdmin);
    expect(created.errors).toBeUndefined();
    commands.reset();
    const withNew = await call(hotelSearch, { filter: { city: 'Boston' } });
    expect(readsOf('hotels')).toBe(1);
    expect(withNew.data).toEqual({ searchHotels: { nodes: [{ hotelId: 'HC3' }, { hotelId: 'HC2' }], totalCount: 2 } });
    expect((await call('mutation { deleteHotel(hotelId: "HC3") }', {}, listingAdmin)).errors).toBeUndefined();
    commands.reset();
    const withoutNew = await call(hotelSearch, { filter: { city: 'Boston' } });
    expect(readsOf('hotels')).toBe(1);
    expect(withoutNew.data).toEqual({ searchHotels: { nodes: [{ hotelId: 'HC2' }], totalCount: 1 } });
  });

  it('lets generation counters expire only long after every entry they guard', async () => {
    const ttl = await server.redis.ttl(`${searchCachePrefix(mongo.name)}:generation:Hotel:listings`);
    expect(ttl).toBeGreaterThan(20);
    expect(ttl).toBeLessThanOrEqual(24 * 60 * 60);
  });
});

describe('search cache with Redis down', () => {
  let offline: Awaited<ReturnType<typeof createServer>>;
  let callOffline: GraphQLCaller;
  let offlineCommands: ReturnType<typeof watchCommands>;

  beforeAll(async () => {
    // Nothing listens on port 1: every Redis command fails.
    offline = await createServer({ config: testConfig({ REDIS_URL: 'redis://127.0.0.1:1' }), port: 0, mongoDb: mongo.name });
    callOffline = caller(offline.url, config);
    offlineCommands = watchCommands(offline.mongo.client);
  });

  afterAll(async () => {
    offlineCommands?.stop();
    await offline?.close();
  });

  it('answers every search from the database instead of failing', async () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await callOffline(flightSearch, { filter: { departureAirport: 'BOS' } });
      expect(response.errors).toBeUndefined();
      expect(response.data).toMatchObject({ searchFlights: { nodes: [{ flightId: 'FC3' }], totalCount: 1 } });
    }
    expect(offlineCommands.count('aggregate', 'flights')).toBe(2);
  });

  it('still writes listings when the cache cannot be invalidated', async () => {
    const response = await callOffline('mutation { updateFlight(flightId: "FC3", input: { ticketPrice: "310" }) { ticketPrice } }', {}, listingAdmin);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ updateFlight: { ticketPrice: '310.00' } });
  });
});
