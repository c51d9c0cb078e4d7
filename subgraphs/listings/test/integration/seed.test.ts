import { ensureCollections } from '@kayak/common';
import { createTestMongo, testConfig, type TestMongo } from '@kayak/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedListings } from '../../src/seed.js';
import { collections } from '../../src/repositories/indexes.js';
import { createServer } from '../../src/server.js';
import { caller, type GraphQLCaller } from './fixtures.js';

// The demo seed: enough listings over several cities, idempotent, and readable by the subgraph.
const config = testConfig();
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let call: GraphQLCaller;

beforeAll(async () => {
  mongo = await createTestMongo(config, 'listings_seed');
  await ensureCollections(mongo.db, collections);
  server = await createServer({ config, port: 0, mongoDb: mongo.name });
  call = caller(server.url, config);
});

afterAll(async () => {
  await server?.close();
  await mongo?.drop();
});

describe('demo seed', () => {
  it('inserts at least 50 flights, 30 hotels and 30 cars once, however often it runs', async () => {
    expect(await seedListings(mongo.db)).toBe(120);
    await seedListings(mongo.db);
    expect(await mongo.db.collection('flights').countDocuments()).toBe(60);
    expect(await mongo.db.collection('hotels').countDocuments()).toBe(30);
    expect(await mongo.db.collection('cars').countDocuments()).toBe(30);
    expect((await mongo.db.collection('hotels').distinct('address.city')).length).toBeGreaterThanOrEqual(5);
    expect((await mongo.db.collection('cars').distinct('pickup_city')).length).toBeGreaterThanOrEqual(5);
  });

  it('keeps the ids the other seeds refer to (FL001, HTL001, CAR001) and serves every seeded listing', async () => {
    const response = await call<Record<string, { totalCount: number }> & { listing: unknown }>(`{
      flights: searchFlights(first: 0) { totalCount } hotels: searchHotels(first: 0) { totalCount } cars: searchCars(first: 0) { totalCount }
      listing(listingType: Flight, listingId: "FL001") { ... on Flight { departureAirport arrivalAirport flightClass ticketPrice } }
    }`);
    expect(response.errors).toBeUndefined();
    expect(response.data).toMatchObject({ flights: { totalCount: 60 }, hotels: { totalCount: 30 }, cars: { totalCount: 30 } });
    expect(response.data?.listing).toEqual({ departureAirport: 'JFK', arrivalAirport: 'LAX', flightClass: 'Economy', ticketPrice: '299.00' });
  });
});
