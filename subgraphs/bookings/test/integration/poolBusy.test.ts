import { graphqlRequest } from '@kayak/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server.js';
import { ALICE, CREATE_BOOKING, daysFromNow, startHarness, type Harness } from '../support/harness.js';

// A bookings database that cannot hand out a connection in time (pool of one, 20 ms to get it,
// 40 bookings at once) answers SERVICE_UNAVAILABLE — retry later — never INTERNAL_SERVER_ERROR,
// and only the bookings that got a connection are written.
let h: Harness;
let busy: Awaited<ReturnType<typeof createServer>>;

beforeAll(async () => {
  h = await startHarness('poolbusy');
  h.catalog.put({ listingType: 'Hotel', listingId: 'HTLBUSY', unitPrice: '100.00', capacity: 100 });
  busy = await createServer({
    config: h.config,
    port: 0,
    databaseUrl: `${h.mysql.url}?connectionLimit=1&acquireTimeout=20`,
    listingCatalog: h.catalog,
    userDirectory: { exists: async (userIds) => userIds.map(() => true) },
    cachePrefix: `${h.cachePrefix}:busy`,
    paymentProvider: h.payments,
    outbox: { enabled: false },
    holds: { enabled: false },
  });
});

afterAll(async () => {
  await busy?.close();
  await h?.close();
});

describe('an exhausted MySQL pool', () => {
  it('answers SERVICE_UNAVAILABLE for the requests that got no connection, and writes only the others', async () => {
    const input = { listingType: 'Hotel', listingId: 'HTLBUSY', startDate: daysFromNow(30), endDate: daysFromNow(31), quantity: 1 };
    const responses = await Promise.all(
      Array.from({ length: 40 }, () => graphqlRequest<{ createBooking: { bookingId: string } }>(busy.url, CREATE_BOOKING, { variables: { input }, viewer: ALICE, gatewaySecret: h.config.GATEWAY_SECRET })),
    );
    const codes = responses.map((response) => response.errors?.[0]?.extensions?.code ?? 'ok');
    expect(codes.filter((code) => code !== 'ok' && code !== 'SERVICE_UNAVAILABLE')).toEqual([]);
    expect(codes).toContain('SERVICE_UNAVAILABLE');
    const written = codes.filter((code) => code === 'ok').length;
    const rows = await h.request('query { myBookings(first: 100) { totalCount } }', {}, ALICE);
    expect(rows.data).toEqual({ myBookings: { totalCount: written } });
  });
});
