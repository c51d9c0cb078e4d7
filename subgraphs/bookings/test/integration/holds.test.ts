import { BOOKING_EVENT_TYPES, parseDomainEvent, TOPICS } from '@kayak/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server.js';
import {
  BOB,
  CREATE_BOOKING,
  daysFromNow,
  GOOD_CARD,
  PAY_BOOKING,
  createInMemoryUsers,
  startHarness,
  type BookingData,
  type Harness,
} from '../support/harness.js';

// Holds expire after BOOKING_HOLD_MINUTES (15 by default). The server's clock is the harness's,
// so these tests move time instead of waiting for it.
const MINUTE = 60_000;
const HOLD = 15 * MINUTE;
let h: Harness;

beforeAll(async () => {
  h = await startHarness('bk_holds');
  h.catalog.put({ listingType: 'Hotel', listingId: 'HTL-HOLD', unitPrice: '100.00', capacity: 1 });
  h.catalog.put({ listingType: 'Hotel', listingId: 'HTL-MANY', unitPrice: '80.00', capacity: 100 });
});
afterAll(async () => {
  await h?.close();
});

async function book(listingId: string, from: number): Promise<BookingData> {
  const response = await h.request<{ createBooking: BookingData }>(CREATE_BOOKING, {
    input: { listingType: 'Hotel', listingId, startDate: daysFromNow(from, 15), endDate: daysFromNow(from + 1, 11), quantity: 1 },
  });
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.createBooking;
}

const row = (bookingId: string) => h.server.prisma.booking.findUniqueOrThrow({ where: { bookingId } });
const eventsOf = (bookingId: string) => h.server.prisma.outboxEvent.findMany({ where: { aggregateId: bookingId }, orderBy: { id: 'asc' } });

describe('unpaid holds expire', () => {
  it('keeps a hold until BOOKING_HOLD_MINUTES have passed, then expires it, releases capacity and announces it through the outbox', async () => {
    const start = h.clock.now();
    const held = await book('HTL-HOLD', 40);
    // The single room is held: a second booking of the same night is refused.
    const refused = await h.request(CREATE_BOOKING, { input: { listingType: 'Hotel', listingId: 'HTL-HOLD', startDate: daysFromNow(40, 15), endDate: daysFromNow(41, 11) } }, BOB);
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    h.clock.set(new Date(start.getTime() + HOLD - 1_000));
    expect(await h.server.sweeper.sweepOnce()).toMatchObject({ expired: 0 });
    expect(await row(held.bookingId)).toMatchObject({ bookingStatus: 'Pending', version: 1 });

    h.clock.set(new Date(start.getTime() + HOLD + 1_000));
    expect(await h.server.sweeper.sweepOnce()).toMatchObject({ expired: 1 });
    expect(await row(held.bookingId)).toMatchObject({ bookingStatus: 'Expired', version: 2 });
    expect(await h.server.prisma.bookingStatusChange.findUniqueOrThrow({ where: { bookingId_version: { bookingId: held.bookingId, version: 2 } } })).toMatchObject({
      fromStatus: 'Pending',
      toStatus: 'Expired',
      actorKind: 'System',
      actorId: null,
      reason: 'hold expired',
    });
    const events = await eventsOf(held.bookingId);
    expect(events.map((event) => [event.topic, parseDomainEvent(JSON.stringify(event.payload), BOOKING_EVENT_TYPES).payload])).toEqual([
      [TOPICS.bookingCreated, expect.objectContaining({ status: 'Pending', revision: 1 })],
      [TOPICS.bookingCancelled, expect.objectContaining({ status: 'Expired', revision: 2, refundCents: 0 })],
    ]);

    // The room is free again, and the expired booking reads as Expired (no stale cache).
    const again = await h.request<{ createBooking: BookingData }>(CREATE_BOOKING, { input: { listingType: 'Hotel', listingId: 'HTL-HOLD', startDate: daysFromNow(40, 15), endDate: daysFromNow(41, 11) } }, BOB);
    expect(again.errors).toBeUndefined();
    const read = await h.request<{ booking: BookingData }>(`query ($id: ID!) { booking(bookingId: $id) { bookingStatus version } }`, { id: held.bookingId });
    expect(read.data?.booking).toEqual({ bookingStatus: 'Expired', version: 2 });

    // A second sweep finds nothing more to do.
    expect(await h.server.sweeper.sweepOnce()).toMatchObject({ expired: 0 });
    expect(await eventsOf(held.bookingId)).toHaveLength(2);
  });

  it('accepts a payment at the last moment of the hold; the sweeper then leaves the booking alone', async () => {
    const start = h.clock.now();
    const booking = await book('HTL-MANY', 50);
    h.clock.set(new Date(start.getTime() + HOLD - 1_000));
    const paid = await h.request<{ payBooking: { booking: BookingData } }>(PAY_BOOKING, { bookingId: booking.bookingId, method: GOOD_CARD, key: 'hold-last-moment' });
    expect(paid.errors).toBeUndefined();
    expect(paid.data?.payBooking.booking).toMatchObject({ bookingStatus: 'Confirmed', version: 2 });

    h.clock.set(new Date(start.getTime() + HOLD + MINUTE));
    await h.server.sweeper.sweepOnce();
    expect(await row(booking.bookingId)).toMatchObject({ bookingStatus: 'Confirmed', version: 2 });
  });

  it('refuses a payment once the hold has expired, before charging anything (CONFLICT)', async () => {
    const start = h.clock.now();
    const booking = await book('HTL-MANY', 51);
    const charges = h.payments.charges;
    h.clock.set(new Date(start.getTime() + HOLD));
    const late = await h.request(PAY_BOOKING, { bookingId: booking.bookingId, method: GOOD_CARD, key: 'hold-too-late' });
    expect(late.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(late.errors?.[0]?.message).toMatch(/hold .*expired/i);
    expect(h.payments.charges).toBe(charges);
    expect(await h.server.prisma.billing.count({ where: { bookingId: booking.bookingId } })).toBe(0);
  });

  it('serialises a payment and the sweeper on the booking row: a payment started in time completes, nothing expires it meanwhile', async () => {
    const start = h.clock.now();
    const booking = await book('HTL-MANY', 52);
    h.clock.set(new Date(start.getTime() + HOLD - 1_000));
    // The provider answers only after the sweeper ran with the clock past the deadline.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let charging: () => void = () => undefined;
    const charged = new Promise<void>((resolve) => {
      charging = resolve;
    });
    const realCharge = h.payments.charge.bind(h.payments);
    h.payments.charge = async (request) => {
      charging();
      await gate;
      return realCharge(request);
    };
    try {
      const payment = h.request<{ payBooking: { booking: BookingData } }>(PAY_BOOKING, { bookingId: booking.bookingId, method: GOOD_CARD, key: 'hold-race' });
      await charged;
      h.clock.set(new Date(start.getTime() + HOLD + MINUTE));
      await h.server.sweeper.sweepOnce();
      expect(await row(booking.bookingId)).toMatchObject({ bookingStatus: 'Pending', version: 1 });
      release();
      const paid = await payment;
      expect(paid.errors).toBeUndefined();
      expect(paid.data?.payBooking.booking).toMatchObject({ bookingStatus: 'Confirmed', version: 2 });
    } finally {
      h.payments.charge = realCharge;
      release();
    }
    await h.server.sweeper.sweepOnce();
    expect(await row(booking.bookingId)).toMatchObject({ bookingStatus: 'Confirmed', version: 2 });
    expect((await eventsOf(booking.bookingId)).map((event) => event.topic)).toEqual([TOPICS.bookingCreated, TOPICS.bookingConfirmed]);
  });
});

describe('several bookings instances', () => {
  it('expires each booking exactly once, with one event each, when two sweepers race', async () => {
    const second = await createServer({
      config: h.config,
      port: 0,
      databaseUrl: h.mysql.url,
      listingCatalog: h.catalog,
      userDirectory: createInMemoryUsers(['123-45-6789']),
      cachePrefix: h.cachePrefix,
      paymentProvider: h.payments,
      now: h.clock.now,
      outbox: { enabled: false },
      holds: { enabled: false },
    });
    try {
      const start = h.clock.now();
      const bookings = [];
      for (let index = 0; index < 24; index += 1) bookings.push(await book('HTL-MANY', 60 + index));
      h.clock.set(new Date(start.getTime() + HOLD + MINUTE));

      const results = await Promise.all([h.server.sweeper.sweepOnce(), second.sweeper.sweepOnce(), h.server.sweeper.sweepOnce(), second.sweeper.sweepOnce()]);
      expect(results.reduce((sum, result) => sum + result.expired, 0)).toBe(24);

      const ids = bookings.map((booking) => booking.bookingId);
      expect(await h.server.prisma.booking.count({ where: { bookingId: { in: ids }, bookingStatus: 'Expired', version: 2 } })).toBe(24);
      expect(await h.server.prisma.bookingStatusChange.count({ where: { bookingId: { in: ids }, toStatus: 'Expired' } })).toBe(24);
      const expiredEvents = await h.server.prisma.outboxEvent.findMany({ where: { aggregateId: { in: ids }, topic: TOPICS.bookingCancelled } });
      expect(expiredEvents).toHaveLength(24);
      expect(new Set(expiredEvents.map((event) => event.aggregateId)).size).toBe(24);
    } finally {
      await second.close();
    }
  });
});
