import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRedis, watchCommands } from '@kayak/common';
import { createTestMongo, createTestMySql, graphqlRequest, testConfig, type TestMongo, type TestMySql } from '@kayak/common/testing';
import { rebuildListingRatings } from '@kayak/reviews/ratings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCars, demoFlights, demoHotels, seedListings } from '@kayak/listings/seed';
import { DEMO_PASSWORD, seedUsers } from '@kayak/users/seed';
import { defaultOperationDirs } from '../../src/server.js';
import { startInProcessSupergraph, type GatewayServer, type InProcessSupergraph, type ListingsServer, type ReviewsServer, type UsersServer } from '../../../test/support/supergraph.js';

// The flagship query (gateway/operations/flagship.graphql) through the real gateway and the four
// real subgraphs: users (Mongo) → bookings + billing (MySQL) → flights/hotels (Mongo) and
// reviews/ratings (Mongo). Data is created through the public API, as a client would.
const flagship = readFileSync(join(defaultOperationDirs[0] ?? '', 'flagship.graphql'), 'utf8');
// A Redis database of its own, flushed before each measured run, so cache hits cannot blur the counts.
const REDIS_DB = 14;

let mongo: TestMongo;
let mysql: TestMySql;
let graph: InProcessSupergraph;
let servers: { users: UsersServer; listings: ListingsServer; reviews: ReviewsServer };
let gateway: GatewayServer;
let token: string;
const sqlQueries: string[] = [];

interface FlagshipData {
  me: {
    userId: string;
    firstName: string;
    bookings: {
      nodes: Array<{
        bookingId: string;
        bookingStatus: string;
        totalPrice: string;
        billing: { invoiceNumber: string; totalAmountPaid: string } | null;
        listing:
          | { flightId: string; airlineName: string; departureAirport: string; arrivalAirport: string; ratingSummary: { average: number | null } }
          | { hotelId: string; name: string; address: { city: string }; reviews: { nodes: Array<{ rating: number; title: string }> } };
      }>;
    };
  };
}

async function call<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await graphqlRequest<T>(gateway.url, query, { variables, headers: { authorization: `Bearer ${token}` } });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data as T;
}

/** Books a listing and pays for it through the gateway, as the signed-in user. */
async function bookAndPay(listingType: 'Flight' | 'Hotel' | 'Car', listingId: string, startDate: string, endDate: string, quantity = 1): Promise<string> {
  const { createBooking } = await call<{ createBooking: { bookingId: string } }>(
    'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { bookingId } }',
    { input: { listingType, listingId, startDate, endDate, quantity } },
  );
  await call('mutation ($id: ID!, $key: String!) { payBooking(bookingId: $id, paymentMethod: { type: credit_card, cardNumber: "4242 4242 4242 4242" }, idempotencyKey: $key) { booking { bookingStatus } } }', {
    id: createBooking.bookingId,
    key: `pay-${createBooking.bookingId}`,
  });
  return createBooking.bookingId;
}

async function flight(flightId: string): Promise<{ departureDatetime: string; arrivalDatetime: string }> {
  const data = await call<{ flight: { departureDatetime: string; arrivalDatetime: string } }>('query ($id: ID!) { flight(flightId: $id) { departureDatetime arrivalDatetime } }', { id: flightId });
  return data.flight;
}

const inDays = (days: number): string => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) + days * 86_400_000).toISOString();

beforeAll(async () => {
  const base = testConfig({ REDIS_URL: `redis://127.0.0.1:6379/${REDIS_DB}` });
  mongo = await createTestMongo(base, 'flagship');
  mysql = await createTestMySql(base, 'flagship');
  await seedUsers(mongo.db);
  await seedListings(mongo.db);

  graph = await startInProcessSupergraph({ config: base, mongoDb: mongo.name, databaseUrl: mysql.url, bookings: { outbox: { enabled: false }, onQuery: (sql) => sqlQueries.push(sql) } });
  const { users, listings, reviews } = graph;
  if (!users || !listings || !reviews) throw new Error('the in-process supergraph did not start every subgraph');
  servers = { users, listings, reviews };
  gateway = graph.gateway;

  const login = await graphqlRequest<{ login: { accessToken: string } }>(gateway.url, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', {
    variables: { e: 'alice@example.com', p: DEMO_PASSWORD },
  });
  token = login.data?.login.accessToken ?? '';
  expect(token).not.toBe('');

  const fl1 = await flight('FL001');
  await bookAndPay('Flight', 'FL001', fl1.departureDatetime, fl1.arrivalDatetime, 2);
  await bookAndPay('Hotel', 'HTL001', inDays(30), inDays(33));
  await call('mutation { createReview(input: { listingType: Hotel, listingId: "HTL001", rating: 5, title: "Spotless rooms", comment: "Would stay again." }) { reviewId } }');
});

afterAll(async () => {
  await graph?.close();
  await mongo?.drop();
  await mysql?.drop();
});

interface Measured {
  data: FlagshipData;
  fetches: Record<string, number>;
  mongo: Record<string, number>;
  sql: number;
}

async function fetchCounts(): Promise<Record<string, number>> {
  const metric = await gateway.metrics.subgraphFetchDuration.get();
  const counts: Record<string, number> = {};
  for (const value of metric.values) {
    if (value.metricName?.endsWith('_count')) counts[String(value.labels.subgraph)] = (counts[String(value.labels.subgraph)] ?? 0) + value.value;
  }
  return counts;
}

/** Runs the flagship query once with cold caches, counting subgraph fetches and database commands. */
async function measure(query = flagship): Promise<Measured> {
  const redis = createRedis(`redis://127.0.0.1:6379/${REDIS_DB}`);
  await redis.flushdb();
  redis.disconnect();
  const watchers = { users: watchCommands(servers.users.mongo.client), listings: watchCommands(servers.listings.mongo.client), reviews: watchCommands(servers.reviews.mongo.client) };
  const before = await fetchCounts();
  sqlQueries.length = 0;
  const data = await call<FlagshipData>(query);
  const after = await fetchCounts();
  const fetches = Object.fromEntries(Object.keys(after).map((name) => [name, (after[name] ?? 0) - (before[name] ?? 0)]));
  const commands = (name: keyof typeof watchers) => ['find', 'aggregate'].reduce((sum, command) => sum + watchers[name].count(command), 0);
  const counts = { users: commands('users'), listings: commands('listings'), reviews: commands('reviews') };
  Object.values(watchers).forEach((watcher) => watcher.stop());
  return { data, fetches, mongo: counts, sql: sqlQueries.filter((sql) => /^\s*select/i.test(sql)).length };
}

describe('the flagship query', () => {
  let first: Measured;

  it('returns bookings with billing, listing details, ratings and reviews from four subgraphs in one request', async () => {
    first = await measure();
    const { me } = first.data;
    expect(me).toMatchObject({ userId: '123-45-6789', firstName: 'Alice' });
    expect(me.bookings.nodes).toHaveLength(2);
    const flightBooking = me.bookings.nodes.find((node) => 'flightId' in node.listing);
    const hotelBooking = me.bookings.nodes.find((node) => 'hotelId' in node.listing);
    expect(flightBooking).toMatchObject({
      bookingStatus: 'Confirmed',
      totalPrice: expect.stringMatching(/^\d+\.\d{2}$/),
      billing: { invoiceNumber: expect.stringMatching(/^INV/), totalAmountPaid: expect.stringMatching(/^\d+\.\d{2}$/) },
      listing: { flightId: 'FL001', departureAirport: 'JFK', arrivalAirport: 'LAX', ratingSummary: { average: null } },
    });
    expect(hotelBooking).toMatchObject({
      bookingStatus: 'Confirmed',
      listing: { hotelId: 'HTL001', name: 'Grand Hudson Hotel', address: { city: 'New York' }, reviews: { nodes: [{ rating: 5, title: 'Spotless rooms' }] } },
    });
    // Money is exact: the billing adds tax to the booking's price, never a float approximation.
    expect(Number(flightBooking?.billing?.totalAmountPaid)).toBeGreaterThan(Number(flightBooking?.totalPrice));
  });

  it('costs one fetch per subgraph (the query plan) and a handful of database commands', () => {
    expect(first.fetches).toEqual({ users: 1, bookings: 1, listings: 1, reviews: 1 });
    expect(first.mongo).toEqual({
      users: 1, // me
      listings: 2, // one find per collection: flights, hotels
      reviews: 2, // the listings' rating summaries (by _id), then the hotels' first reviews (by _id)
    });
    expect(first.sql).toBe(2); // the user's bookings, their billings
  });

  it('does not grow with the number of bookings (no N+1 anywhere in the chain)', async () => {
    const fl2 = await flight('FL002');
    await bookAndPay('Flight', 'FL002', fl2.departureDatetime, fl2.arrivalDatetime);
    await bookAndPay('Hotel', 'HTL002', inDays(40), inDays(41));
    const second = await measure();
    expect(second.data.me.bookings.nodes).toHaveLength(4);
    expect(second.fetches).toEqual(first.fetches);
    expect(second.mongo).toEqual(first.mongo);
    expect(second.sql).toBe(first.sql);
  });

  it('does not grow with 50 more bookings over 50 different flights, hotels and cars, each hotel with its own reviews', async () => {
    const flights = demoFlights().slice(2, 19).map((doc) => String(doc.flight_id));
    const hotels = demoHotels().slice(2, 19).map((doc) => String(doc.hotel_id));
    const cars = demoCars().slice(0, 16).map((doc) => String(doc.car_id));
    for (const flightId of flights) {
      const times = await flight(flightId);
      await bookAndPay('Flight', flightId, times.departureDatetime, times.arrivalDatetime);
    }
    for (const [index, hotelId] of hotels.entries()) {
      await bookAndPay('Hotel', hotelId, inDays(50 + index), inDays(51 + index));
      await call(`mutation { createReview(input: { listingType: Hotel, listingId: "${hotelId}", rating: ${1 + (index % 5)}, title: "Stay ${index}", comment: "Review of ${hotelId}." }) { reviewId } }`);
    }
    for (const [index, carId] of cars.entries()) await bookAndPay('Car', carId, inDays(60 + index), inDays(62 + index));
    // One busy hotel whose newest reviews alone would fill a shared, capped page query (bulk-loaded
    // by other travellers, as an import would: the summaries are rebuilt after it).
    const now = Date.now();
    await mongo.db.collection('reviews').insertMany(
      Array.from({ length: 80 }, (_, index) => ({ user_id: `900-00-${String(index).padStart(4, '0')}`, entity_type: 'Hotel', entity_id: 'HTL001', rating: 4, title: `Busy ${index}`, comment: 'Imported.', created_at: new Date(now + index * 1000), updated_at: new Date(now + index * 1000) })),
    );
    await rebuildListingRatings(mongo.db);

    const many = await measure(flagship.replace(/bookings \{/, 'bookings(first: 100) {'));
    const nodes = many.data.me.bookings.nodes;
    expect(nodes).toHaveLength(54);
    const busy = nodes.find((node) => 'hotelId' in node.listing && node.listing.hotelId === 'HTL001');
    expect(busy?.listing).toMatchObject({ reviews: { nodes: [{ title: 'Busy 79' }, { title: 'Busy 78' }, { title: 'Busy 77' }] } });
    for (const [index, hotelId] of hotels.entries()) {
      const booking = nodes.find((node) => 'hotelId' in node.listing && node.listing.hotelId === hotelId);
      expect(booking?.listing).toMatchObject({ hotelId, reviews: { nodes: [{ rating: 1 + (index % 5), title: `Stay ${index}` }] } });
    }
    expect(many.fetches).toEqual(first.fetches);
    expect(many.mongo).toEqual(first.mongo);
    expect(many.sql).toBe(first.sql);
  }, 180_000);
});
