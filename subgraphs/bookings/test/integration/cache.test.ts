import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CANCEL_BOOKING, CREATE_BOOKING, daysFromNow, GOOD_CARD, PAY_BOOKING, startHarness, type BookingData, type Harness } from '../support/harness.js';

const BOOKING_QUERY = `query ($id: ID!) { booking(bookingId: $id) { bookingId bookingStatus totalPrice startDate billing { billingId transactionStatus } } }`;

async function createAndPay(h: Harness, key: string): Promise<{ bookingId: string; billingId: string }> {
  const created = await h.request<{ createBooking: BookingData }>(CREATE_BOOKING, {
    input: { listingType: 'Hotel', listingId: 'HTL-C', startDate: daysFromNow(6, 15), endDate: daysFromNow(8, 11), quantity: 1 },
  });
  const bookingId = created.data?.createBooking.bookingId ?? '';
  const paid = await h.request<{ payBooking: { billing: { billingId: string } } }>(PAY_BOOKING, { bookingId, method: GOOD_CARD, key });
  return { bookingId, billingId: paid.data?.payBooking.billing.billingId ?? '' };
}

describe('Redis cache of bookings and billings', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('bk_cache');
    h.catalog.put({ listingType: 'Hotel', listingId: 'HTL-C', unitPrice: '80.25', capacity: 50 });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.queries.length = 0;
  });

  it('serves a repeated booking read from Redis without SQL, with the 60 s / 1 h TTLs', async () => {
    const { bookingId, billingId } = await createAndPay(h, 'cache-1');
    h.queries.length = 0;
    const first = await h.request(BOOKING_QUERY, { id: bookingId });
    expect(first.errors).toBeUndefined();
    expect(h.queries).toHaveLength(2); // the booking, then its latest billing
    h.queries.length = 0;
    const second = await h.request(BOOKING_QUERY, { id: bookingId });
    expect(second.data).toEqual(first.data);
    expect(h.queries).toHaveLength(0);

    const bookingTtl = await h.server.redis.ttl(`${h.cachePrefix}:booking:${bookingId}`);
    const billingTtl = await h.server.redis.ttl(`${h.cachePrefix}:billing:${billingId}`);
    expect(bookingTtl).toBeGreaterThan(0);
    expect(bookingTtl).toBeLessThanOrEqual(60);
    expect(billingTtl).toBeGreaterThan(60);
    expect(billingTtl).toBeLessThanOrEqual(3600);
  });

  it('invalidates on writes: a cancelled booking and its refunded billing read fresh at once', async () => {
    const { bookingId } = await createAndPay(h, 'cache-2');
    await h.request(BOOKING_QUERY, { id: bookingId }); // now cached as Confirmed / Success
    await h.request(CANCEL_BOOKING, { bookingId });
    const after = await h.request<{ booking: { bookingStatus: string; billing: { transactionStatus: string } } }>(BOOKING_QUERY, { id: bookingId });
    expect(after.data?.booking).toMatchObject({ bookingStatus: 'Cancelled', billing: { transactionStatus: 'Refunded' } });
  });

  it('serves the billing query from the 1 h cache too', async () => {
    const { billingId } = await createAndPay(h, 'cache-3');
    const query = `query ($id: ID!) { billing(billingId: $id) { billingId totalAmountPaid invoiceDetails { total } } }`;
    const first = await h.request(query, { id: billingId });
    h.queries.length = 0;
    const second = await h.request(query, { id: billingId });
    expect(second.data).toEqual(first.data);
    expect(h.queries).toHaveLength(0);
  });

  it('never serves one user’s cached booking to another user', async () => {
    const { bookingId } = await createAndPay(h, 'cache-4');
    await h.request(BOOKING_QUERY, { id: bookingId });
    const bob = await h.request(BOOKING_QUERY, { id: bookingId }, { kind: 'user', userId: '234-56-7890' });
    expect(bob.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(bob.data?.booking ?? null).toBeNull();
  });
});

describe('when Redis is down', () => {
  let h: Harness;
  beforeAll(async () => {
    // Nothing listens on port 1: every cache call fails and must fall back to MySQL.
    h = await startHarness('bk_noredis', { configOverrides: { REDIS_URL: 'redis://127.0.0.1:1' } });
    h.catalog.put({ listingType: 'Hotel', listingId: 'HTL-C', unitPrice: '80.25', capacity: 50 });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('still creates, pays, reads and cancels, reading from MySQL every time', async () => {
    const { bookingId } = await createAndPay(h, 'no-redis');
    for (let read = 0; read < 2; read += 1) {
      h.queries.length = 0;
      const response = await h.request<{ booking: { bookingStatus: string } }>(BOOKING_QUERY, { id: bookingId });
      expect(response.errors).toBeUndefined();
      expect(response.data?.booking.bookingStatus).toBe('Confirmed');
      expect(h.queries.length).toBeGreaterThan(0);
    }
    const cancelled = await h.request<{ cancelBooking: { bookingStatus: string } }>(CANCEL_BOOKING, { bookingId });
    expect(cancelled.data?.cancelBooking.bookingStatus).toBe('Cancelled');
  });
});
