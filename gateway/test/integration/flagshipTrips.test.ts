import { createRedis, watchCommands } from '@kayak/common';
import { createTestMongo, createTestMySql, graphqlRequest, testConfig, type TestMongo, type TestMySql } from '@kayak/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoHotels, seedListings } from '@kayak/listings/seed';
import { DEMO_PASSWORD, seedUsers } from '@kayak/users/seed';
import { startInProcessSupergraph, type GatewayServer, type InProcessSupergraph, type ListingsServer } from '../../../test/support/supergraph.js';

// The flagship's user with their trips (the gateway's cost limit allows 10 per page with this shape) (docs/trips.md): items, passengers, the one billing and the
// booked listings, through the real gateway and subgraphs, in one request whose database round
// trips do not grow with the number of trips.
const TRIPS = `query {
  me {
    ... on User {
      userId
      trips(first: 10) {
        totalCount
        nodes {
          tripId
          tripStatus
          totalPrice
          billing { invoiceNumber totalAmountPaid invoiceDetails { subtotal total } }
          items {
            bookingId
            bookingStatus
            passengers { firstName passengerType }
            listing {
              ... on Flight { flightId departureAirport arrivalAirport }
              ... on Hotel { hotelId name }
            }
          }
        }
      }
    }
  }
}`;
const REDIS_DB = 13;

let mongo: TestMongo;
let mysql: TestMySql;
let graph: InProcessSupergraph;
let listings: ListingsServer;
let gateway: GatewayServer;
let token: string;
const sqlQueries: string[] = [];

interface TripsData {
  me: { trips: { totalCount: number; nodes: Array<{ tripStatus: string; billing: { totalAmountPaid: string; invoiceDetails: { total: string } } | null; items: Array<{ passengers: unknown[]; listing: Record<string, unknown> }> }> } };
}

async function call<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await graphqlRequest<T>(gateway.url, query, { variables, headers: { authorization: `Bearer ${token}` } });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data as T;
}

const inDays = (days: number): string => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) + days * 86_400_000).toISOString();

/** A paid trip: flight FL001 for one named adult and a night at the hotel. */
async function bookTrip(hotelId: string, night: number): Promise<void> {
  const { flight } = await call<{ flight: { departureDatetime: string; arrivalDatetime: string } }>('query { flight(flightId: "FL001") { departureDatetime arrivalDatetime } }');
  const passengers = [{ firstName: 'Alice', lastName: 'Liddell', dateOfBirth: '1990-05-04', passengerType: 'ADULT' }];
  const { createTrip } = await call<{ createTrip: { tripId: string } }>('mutation ($input: CreateTripInput!) { createTrip(input: $input) { tripId } }', {
    input: {
      items: [
        { listingType: 'Flight', listingId: 'FL001', startDate: flight.departureDatetime, endDate: flight.arrivalDatetime, passengers },
        { listingType: 'Hotel', listingId: hotelId, startDate: inDays(night), endDate: inDays(night + 1) },
      ],
    },
  });
  await call('mutation ($id: ID!, $key: String!) { payTrip(tripId: $id, paymentMethod: { type: credit_card, cardNumber: "4242 4242 4242 4242" }, idempotencyKey: $key) { trip { tripStatus } } }', {
    id: createTrip.tripId,
    key: `pay-${createTrip.tripId}`,
  });
}

async function measure(): Promise<{ data: TripsData; sql: number; listings: number }> {
  const redis = createRedis(`redis://127.0.0.1:6379/${REDIS_DB}`);
  await redis.flushdb();
  redis.disconnect();
  const watcher = watchCommands(listings.mongo.client);
  sqlQueries.length = 0;
  const data = await call<TripsData>(TRIPS);
  const counts = { sql: sqlQueries.filter((sql) => /^\s*select/i.test(sql)).length, listings: ['find', 'aggregate'].reduce((sum, command) => sum + watcher.count(command), 0) };
  watcher.stop();
  return { data, ...counts };
}

beforeAll(async () => {
  const base = testConfig({ REDIS_URL: `redis://127.0.0.1:6379/${REDIS_DB}` });
  mongo = await createTestMongo(base, 'flagship_trips');
  mysql = await createTestMySql(base, 'flagship_trips');
  await seedUsers(mongo.db);
  await seedListings(mongo.db);
  graph = await startInProcessSupergraph({ config: base, mongoDb: mongo.name, databaseUrl: mysql.url, bookings: { outbox: { enabled: false }, onQuery: (sql) => sqlQueries.push(sql) } });
  if (!graph.listings) throw new Error('the in-process supergraph did not start the listings subgraph');
  listings = graph.listings;
  gateway = graph.gateway;
  const login = await graphqlRequest<{ login: { accessToken: string } }>(gateway.url, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', {
    variables: { e: 'alice@example.com', p: DEMO_PASSWORD },
  });
  token = login.data?.login.accessToken ?? '';
  expect(token).not.toBe('');
});

afterAll(async () => {
  await graph?.close();
  await mongo?.drop();
  await mysql?.drop();
});

describe('the flagship user with trips', () => {
  it('shows trips with items, passengers, billing and listings in one request, with as many round trips for 10 trips as for 1', async () => {
    const hotels = demoHotels().slice(0, 10).map((doc) => String(doc.hotel_id));
    await bookTrip(hotels[0] ?? 'HTL001', 30);
    const one = await measure();
    expect(one.data.me.trips.totalCount).toBe(1);
    const [trip] = one.data.me.trips.nodes;
    expect(trip?.tripStatus).toBe('Confirmed');
    expect(trip?.billing?.totalAmountPaid).toBe(trip?.billing?.invoiceDetails.total);
    expect(trip?.items[0]).toMatchObject({ passengers: [{ firstName: 'Alice', passengerType: 'ADULT' }], listing: { flightId: 'FL001' } });
    expect(trip?.items[1]?.listing).toMatchObject({ hotelId: hotels[0] });

    for (const [index, hotelId] of hotels.slice(1).entries()) await bookTrip(hotelId, 40 + index);
    const ten = await measure();
    expect(ten.data.me.trips.totalCount).toBe(10);
    expect(ten.sql).toBe(one.sql);
    expect(ten.listings).toBe(one.listings);
    // The user's trips, their items, their billings, the items' passengers.
    expect(one.sql).toBe(4);
  }, 120_000);
});
