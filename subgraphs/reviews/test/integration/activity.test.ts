import { watchCommands, type AppConfig } from '@kayak/common';
import { createTestMongo, testConfig, type TestMongo } from '@kayak/common/testing';
import { createServer } from '@kayak/reviews';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { alice, anonymous, bob, client, codeOf, daysAgo, fieldsOf, StubBookings, StubListings, superAdmin } from './helpers.js';

let config: AppConfig;
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let gql: ReturnType<typeof client>;
const listings = new StubListings();

const PAGE_CLICK = `mutation ($input: PageClickInput!) { trackPageClick(input: $input) }`;
const LISTING_CLICK = `mutation ($input: ListingClickInput!) { trackListingClick(input: $input) }`;
const TRACE = `mutation ($input: UserTraceInput!) { appendUserTrace(input: $input) }`;

const collection = (name: string) => mongo.db.collection(name);

beforeAll(async () => {
  config = testConfig();
  mongo = await createTestMongo(config, 'reviews_activity');
  // A timer that never fires during the test: writes happen only on explicit flushes.
  server = await createServer({ config, port: 0, mongoDb: mongo.name, bookingVerifier: new StubBookings(), listingDirectory: listings, activity: { flushIntervalMs: 3_600_000, maxBatch: 1000 } });
  gql = client(server.url, config);
});

afterAll(async () => {
  await server?.close();
  await mongo?.drop();
});

beforeEach(async () => {
  await server.activity.flush();
  for (const name of ['page_click_logs', 'listing_click_logs', 'user_traces']) await collection(name).deleteMany({});
});

describe('trackPageClick', () => {
  it('logs anonymous and signed-in clicks, with user_id only for users', async () => {
    expect((await gql(anonymous, PAGE_CLICK, { input: { page: '/search', elementId: 'btn-search' } })).data).toEqual({ trackPageClick: true });
    expect((await gql(alice, PAGE_CLICK, { input: { page: '/hotels', elementId: 'card-HTL001' } })).data).toEqual({ trackPageClick: true });
    await server.activity.flush();
    const docs = await collection('page_click_logs').find({}, { projection: { _id: 0 } }).sort({ page: 1 }).toArray();
    expect(docs).toEqual([
      { user_id: '123-45-6789', page: '/hotels', element_id: 'card-HTL001', timestamp: expect.any(Date) },
      { page: '/search', element_id: 'btn-search', timestamp: expect.any(Date) },
    ]);
  });

  it('does not write synchronously: the click is buffered until the flush', async () => {
    await gql(alice, PAGE_CLICK, { input: { page: '/home', elementId: 'logo' } });
    expect(await collection('page_click_logs').countDocuments()).toBe(0);
    expect(server.activity.buffered()).toBe(1);
    await server.activity.flush();
    expect(await collection('page_click_logs').countDocuments()).toBe(1);
  });

  it('writes 40 buffered clicks with one insert command', async () => {
    for (let i = 0; i < 40; i++) await gql(i % 2 ? alice : anonymous, PAGE_CLICK, { input: { page: `/p${i % 4}`, elementId: `e${i}` } });
    const commands = watchCommands(server.mongo.client);
    try {
      await server.activity.flush();
      expect(commands.count('insert', 'page_click_logs')).toBe(1);
    } finally {
      commands.stop();
    }
    expect(await collection('page_click_logs').countDocuments()).toBe(40);
  });

  it('reports every invalid field in one BAD_USER_INPUT and buffers nothing', async () => {
    const response = await gql(anonymous, PAGE_CLICK, { input: { page: ' ', elementId: 'x'.repeat(201) } });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual([
      { path: 'input.page', message: 'must not be empty' },
      { path: 'input.elementId', message: 'must be at most 200 characters' },
    ]);
    expect(server.activity.buffered()).toBe(0);
  });

  it('refuses admins with FORBIDDEN (their clicks would skew the analytics)', async () => {
    expect(codeOf(await gql(superAdmin, PAGE_CLICK, { input: { page: '/admin', elementId: 'x' } }))).toBe('FORBIDDEN');
  });
});

describe('trackListingClick', () => {
  it('logs a signed-in user’s click with the seed fields', async () => {
    expect((await gql(bob, LISTING_CLICK, { input: { listingType: 'Car', listingId: 'CAR002' } })).data).toEqual({ trackListingClick: true });
    await server.activity.flush();
    expect(await collection('listing_click_logs').findOne({}, { projection: { _id: 0 } })).toEqual({ user_id: '234-56-7890', listing_type: 'Car', listing_id: 'CAR002', timestamp: expect.any(Date) });
  });

  it('refuses anonymous visitors with UNAUTHENTICATED: the seed requires user_id on listing clicks', async () => {
    expect(codeOf(await gql(anonymous, LISTING_CLICK, { input: { listingType: 'Car', listingId: 'CAR002' } }))).toBe('UNAUTHENTICATED');
    expect(server.activity.buffered()).toBe(0);
  });

  it('refuses a click on a listing the listings subgraph does not know, and buffers nothing', async () => {
    const response = await gql(alice, LISTING_CLICK, { input: { listingType: 'Hotel', listingId: 'GONE42' } });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual([{ path: 'input.listingId', message: 'no Hotel with this id' }]);
    expect(server.activity.buffered()).toBe(0);
  });

  it('asks the listings subgraph once per listing per request', async () => {
    const calls = listings.calls.length;
    const twice = 'mutation ($input: ListingClickInput!) { a: trackListingClick(input: $input) b: trackListingClick(input: $input) }';
    expect((await gql(bob, twice, { input: { listingType: 'Car', listingId: 'CAR003' } })).data).toEqual({ a: true, b: true });
    expect(listings.calls.slice(calls)).toEqual([['Car:CAR003']]);
    expect(server.activity.buffered()).toBe(2);
  });

  it('rejects a malformed listing id with BAD_USER_INPUT', async () => {
    expect(fieldsOf(await gql(alice, LISTING_CLICK, { input: { listingType: 'Flight', listingId: '$where' } }))).toEqual([{ path: 'input.listingId', message: expect.any(String) }]);
  });
});

describe('appendUserTrace', () => {
  it('stores the events as one trace with cohort, defaults for data and timestamp, anonymous allowed', async () => {
    const at = new Date(Date.now() - 60_000).toISOString();
    const input = { cohortKey: 'spring-sale', events: [{ type: 'search', data: { city: 'Austin', filters: ['wifi', 'pool'] }, timestamp: at }, { type: 'view' }] };
    expect((await gql(anonymous, TRACE, { input })).data).toEqual({ appendUserTrace: true });
    await gql(alice, TRACE, { input: { events: [{ type: 'login' }] } });
    await server.activity.flush();
    const traces = await collection('user_traces').find({}, { projection: { _id: 0 } }).sort({ cohort_key: -1 }).toArray();
    expect(traces).toEqual([
      {
        cohort_key: 'spring-sale',
        events: [
          { type: 'search', data: { city: 'Austin', filters: ['wifi', 'pool'] }, timestamp: new Date(at) },
          { type: 'view', data: {}, timestamp: expect.any(Date) },
        ],
        created_at: expect.any(Date),
        updated_at: expect.any(Date),
      },
      { user_id: '123-45-6789', events: [{ type: 'login', data: {}, timestamp: expect.any(Date) }], created_at: expect.any(Date), updated_at: expect.any(Date) },
    ]);
  });

  it('reports every bad event field by index in one BAD_USER_INPUT', async () => {
    const future = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const response = await gql(alice, TRACE, {
      input: { cohortKey: '', events: [{ type: 'ok' }, { type: '', data: { 'a.b': 1 } }, { type: 'late', timestamp: future, data: { nested: [[1]] } }] },
    });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual([
      { path: 'input.cohortKey', message: 'must not be empty' },
      { path: 'input.events.1.type', message: 'must not be empty' },
      { path: 'input.events.1.data', message: expect.stringContaining('a.b') },
      { path: 'input.events.2.data', message: 'must not contain nested arrays' },
      { path: 'input.events.2.timestamp', message: 'must not be in the future' },
    ]);
    expect(server.activity.buffered()).toBe(0);
  });

  it('rejects an empty trace and data keys starting with $', async () => {
    expect(fieldsOf(await gql(alice, TRACE, { input: { events: [] } }))).toEqual([{ path: 'input.events', message: 'must have 1 to 100 events' }]);
    expect(fieldsOf(await gql(alice, TRACE, { input: { events: [{ type: 'x', data: { $gt: 1 } }] } }))).toEqual([{ path: 'input.events.0.data', message: expect.stringContaining('$gt') }]);
  });

  it('rejects a non-object data value at the scalar', async () => {
    expect(codeOf(await gql(alice, TRACE, { input: { events: [{ type: 'x', data: [1, 2] }] } }))).toBe('BAD_USER_INPUT');
  });
});

describe('activity buffer lifecycle', () => {
  it('writes a full batch without waiting for the timer', async () => {
    const db = await createTestMongo(config, 'reviews_batch');
    const small = await createServer({ config, port: 0, mongoDb: db.name, bookingVerifier: new StubBookings(), listingDirectory: listings, activity: { flushIntervalMs: 3_600_000, maxBatch: 5 } });
    try {
      const track = client(small.url, config);
      for (let i = 0; i < 5; i++) await track(anonymous, PAGE_CLICK, { input: { page: '/p', elementId: `e${i}` } });
      await vi.waitFor(async () => expect(await db.db.collection('page_click_logs').countDocuments()).toBe(5), { timeout: 5000 });
    } finally {
      await small.close();
      await db.drop();
    }
  });

  it('flushes on the interval', async () => {
    const db = await createTestMongo(config, 'reviews_interval');
    const quick = await createServer({ config, port: 0, mongoDb: db.name, bookingVerifier: new StubBookings(), listingDirectory: listings, activity: { flushIntervalMs: 20 } });
    try {
      await client(quick.url, config)(alice, LISTING_CLICK, { input: { listingType: 'Hotel', listingId: 'HTL002' } });
      await vi.waitFor(async () => expect(await db.db.collection('listing_click_logs').countDocuments()).toBe(1), { timeout: 5000 });
    } finally {
      await quick.close();
      await db.drop();
    }
  });

  it('writes everything still buffered when the server closes', async () => {
    const db = await createTestMongo(config, 'reviews_close');
    const closing = await createServer({ config, port: 0, mongoDb: db.name, bookingVerifier: new StubBookings(), listingDirectory: listings, activity: { flushIntervalMs: 3_600_000 } });
    const track = client(closing.url, config);
    await track(anonymous, PAGE_CLICK, { input: { page: '/a', elementId: 'b' } });
    await track(alice, LISTING_CLICK, { input: { listingType: 'Flight', listingId: 'FL001' } });
    await track(alice, TRACE, { input: { cohortKey: 'c', events: [{ type: 'x' }] } });
    expect(await db.db.collection('page_click_logs').countDocuments()).toBe(0);
    await closing.close();
    try {
      expect(await db.db.collection('page_click_logs').countDocuments()).toBe(1);
      expect(await db.db.collection('listing_click_logs').countDocuments()).toBe(1);
      expect(await db.db.collection('user_traces').countDocuments()).toBe(1);
    } finally {
      await db.drop();
    }
  });
});

describe('retention', () => {
  async function seedAges(now: Date): Promise<void> {
    await collection('page_click_logs').insertMany([
      { page: '/old', element_id: 'x', timestamp: daysAgo(91, now) },
      { page: '/recent', element_id: 'x', timestamp: daysAgo(89, now) },
    ]);
    await collection('listing_click_logs').insertMany([
      { user_id: 'u', listing_type: 'Car', listing_id: 'OLD', timestamp: daysAgo(120, now) },
      { user_id: 'u', listing_type: 'Car', listing_id: 'NEW', timestamp: now },
    ]);
    await collection('user_traces').insertMany([
      { cohort_key: 'old', events: [], created_at: daysAgo(90.01, now), updated_at: now },
      { cohort_key: 'new', events: [], created_at: daysAgo(1, now), updated_at: now },
    ]);
  }

  it('falls back to purging on mongo-java-server, which cannot turn the plain index into a TTL index (no collMod)', async () => {
    expect(server.retention.modes()).toEqual({ page_click_logs: 'purge', listing_click_logs: 'purge', user_traces: 'purge' });
    const indexes = await collection('page_click_logs').listIndexes().toArray();
    expect(indexes.some((index) => 'expireAfterSeconds' in index)).toBe(false);
  });

  it('purges documents older than 90 days from every activity collection and keeps younger ones', async () => {
    const now = new Date();
    await seedAges(now);
    expect(await server.retention.purgeNow(now)).toEqual({ page_click_logs: 1, listing_click_logs: 1, user_traces: 1 });
    expect((await collection('page_click_logs').find().toArray()).map((doc) => doc.page)).toEqual(['/recent']);
    expect((await collection('listing_click_logs').find().toArray()).map((doc) => doc.listing_id)).toEqual(['NEW']);
    expect((await collection('user_traces').find().toArray()).map((doc) => doc.cohort_key)).toEqual(['new']);
    expect(await server.retention.purgeNow(now)).toEqual({ page_click_logs: 0, listing_click_logs: 0, user_traces: 0 });
  });

  it('runs the purge periodically with the configured retention', async () => {
    const db = await createTestMongo(config, 'reviews_purge');
    const purging = await createServer({ config, port: 0, mongoDb: db.name, bookingVerifier: new StubBookings(), listingDirectory: listings, retention: { days: 7, purgeIntervalMs: 25 } });
    try {
      await db.db.collection('page_click_logs').insertMany([
        { page: '/week-old', element_id: 'x', timestamp: daysAgo(8) },
        { page: '/today', element_id: 'x', timestamp: new Date() },
      ]);
      await vi.waitFor(async () => expect((await db.db.collection('page_click_logs').find().toArray()).map((doc) => doc.page)).toEqual(['/today']), { timeout: 5000 });
    } finally {
      await purging.close();
      await db.drop();
    }
  });

  it('relies on the TTL index and does not purge where the server accepts expireAfterSeconds', async () => {
    const db = await createTestMongo(config, 'reviews_ttl');
    const created: string[] = [];
    const target = {
      createTtlIndex: async (name: string, field: string, seconds: number) => void created.push(`${name}.${field}:${seconds}`),
      convertToTtl: async () => undefined,
    };
    const withTtl = await createServer({ config, port: 0, mongoDb: db.name, bookingVerifier: new StubBookings(), listingDirectory: listings, retention: { days: 30, target } });
    try {
      expect(created).toEqual(['page_click_logs.timestamp:2592000', 'listing_click_logs.timestamp:2592000', 'user_traces.created_at:2592000']);
      expect(withTtl.retention.modes()).toEqual({ page_click_logs: 'ttl', listing_click_logs: 'ttl', user_traces: 'ttl' });
      await db.db.collection('page_click_logs').insertOne({ page: '/old', element_id: 'x', timestamp: daysAgo(400) });
      expect(await withTtl.retention.purgeNow()).toEqual({});
      expect(await db.db.collection('page_click_logs').countDocuments()).toBe(1);
    } finally {
      await withTtl.close();
      await db.drop();
    }
  });
});
