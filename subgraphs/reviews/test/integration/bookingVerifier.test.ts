import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, forbidden, startSubgraph, type AppConfig, type RequestContext, type RunningHttpServer, type Viewer } from '@kayak/common';
import { createTestMongo, testConfig, type TestMongo } from '@kayak/common/testing';
import { createServer } from '@kayak/reviews';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingsVerifierFor } from '../../src/clients/bookingVerifier.js';
import { alice, bob, client, codeOf, superAdmin } from './helpers.js';

// A minimal bookings subgraph with the agreed contract (`User.hasConfirmedBooking`), so the
// production verifier is exercised over real HTTP, federation `_entities` and gateway assertions.
const SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
enum ListingType { Flight Hotel Car }
type User @key(fields: "userId") {
  userId: ID!
  hasConfirmedBooking(listingType: ListingType!, listingId: ID!): Boolean!
}
type Query { bookingsProbe: Boolean }
`;

interface Asked {
  viewer: Viewer;
  userId: string;
  listingType: string;
  listingId: string;
}

let config: AppConfig;
let bookings: RunningHttpServer;
const asked: Asked[] = [];
const confirmed = new Set(['123-45-6789|Flight|FL001', '123-45-6789|Hotel|a"b\\c']);

beforeAll(async () => {
  config = testConfig();
  const dir = mkdtempSync(join(tmpdir(), 'fake-bookings-'));
  writeFileSync(join(dir, 'schema.graphql'), SDL);
  bookings = await startSubgraph<RequestContext>({
    name: 'fake-bookings',
    schemaPath: join(dir, 'schema.graphql'),
    host: '127.0.0.1',
    port: 0,
    gatewaySecret: config.GATEWAY_SECRET,
    logger: createLogger('fake-bookings', 'silent'),
    buildContext: (base) => base,
    resolvers: {
      User: {
        __resolveReference: (reference: { userId: string }) => reference,
        hasConfirmedBooking: (user: { userId: string }, args: { listingType: string; listingId: string }, context: RequestContext) => {
          asked.push({ viewer: context.viewer, userId: user.userId, ...args });
          // The bookings rule: visible to the user themself and admins.
          if (context.viewer.kind === 'user' && context.viewer.userId !== user.userId) throw forbidden();
          return confirmed.has(`${user.userId}|${args.listingType}|${args.listingId}`);
        },
      },
    },
  });
});

afterAll(async () => {
  await bookings?.close();
});

describe('bookings verifier (production implementation)', () => {
  const verifier = () => bookingsVerifierFor(bookings.url, config.GATEWAY_SECRET);

  it('answers from User.hasConfirmedBooking, forwarding the viewer and request id', async () => {
    asked.length = 0;
    expect(await verifier().hasConfirmedBooking({ viewer: alice, requestId: 'req-1', userId: '123-45-6789', listingType: 'Flight', listingId: 'FL001' })).toBe(true);
    expect(await verifier().hasConfirmedBooking({ viewer: alice, requestId: 'req-2', userId: '123-45-6789', listingType: 'Flight', listingId: 'FL002' })).toBe(false);
    expect(asked).toEqual([
      { viewer: alice, userId: '123-45-6789', listingType: 'Flight', listingId: 'FL001' },
      { viewer: alice, userId: '123-45-6789', listingType: 'Flight', listingId: 'FL002' },
    ]);
  });

  it('passes a listing id with quotes and backslashes through unchanged (no query injection)', async () => {
    expect(await verifier().hasConfirmedBooking({ viewer: superAdmin, requestId: 'req-3', userId: '123-45-6789', listingType: 'Hotel', listingId: 'a"b\\c' })).toBe(true);
  });

  it('treats an entity the bookings subgraph refuses (null) as "no confirmed booking"', async () => {
    expect(await verifier().hasConfirmedBooking({ viewer: bob, requestId: 'req-4', userId: '123-45-6789', listingType: 'Flight', listingId: 'FL001' })).toBe(false);
  });
});

describe('createReview with the real verifier', () => {
  let mongo: TestMongo;

  beforeAll(async () => {
    mongo = await createTestMongo(config, 'reviews_verifier');
  });
  afterAll(async () => {
    await mongo?.drop();
  });

  const CREATE = `mutation { createReview(input: { listingType: Flight, listingId: "FL001", rating: 5, title: "Great", comment: "Smooth" }) { rating } }`;

  it('accepts a review when the bookings subgraph confirms the booking', async () => {
    const server = await createServer({ config: testConfig({ BOOKINGS_URL: bookings.url }), port: 0, mongoDb: mongo.name });
    try {
      expect((await client(server.url, config)(alice, CREATE)).data).toEqual({ createReview: { rating: 5 } });
      expect(codeOf(await client(server.url, config)(bob, CREATE))).toBe('FORBIDDEN');
    } finally {
      await server.close();
    }
  });

  it('answers SERVICE_UNAVAILABLE and writes nothing when the bookings subgraph is unreachable', async () => {
    await mongo.db.collection('reviews').deleteMany({});
    const server = await createServer({ config: testConfig({ BOOKINGS_URL: 'http://127.0.0.1:9/graphql' }), port: 0, mongoDb: mongo.name });
    try {
      expect(codeOf(await client(server.url, config)(alice, CREATE))).toBe('SERVICE_UNAVAILABLE');
      expect(await mongo.db.collection('reviews').countDocuments()).toBe(0);
    } finally {
      await server.close();
    }
  });
});
