import type { Viewer } from '@kayak/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BOB,
  BILLING_ADMIN,
  CREATE_BOOKING,
  daysFromNow,
  DECLINED_CARD,
  GOOD_CARD,
  LISTING_ADMIN,
  PAY_BOOKING,
  startHarness,
  type BookingData,
  type Harness,
} from '../support/harness.js';

let h: Harness;
let booking: BookingData;

beforeAll(async () => {
  h = await startHarness('bk_pay');
  h.catalog.put({ listingType: 'Hotel', listingId: 'HTL-PAY', unitPrice: '249.95', capacity: 100 });
});
afterAll(async () => {
  await h?.close();
});

beforeEach(async () => {
  const response = await h.request<{ createBooking: BookingData }>(CREATE_BOOKING, {
    input: { listingType: 'Hotel', listingId: 'HTL-PAY', startDate: daysFromNow(5, 15), endDate: daysFromNow(7, 11), quantity: 1 },
  });
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  booking = response.data.createBooking;
});

interface PaymentData {
  payBooking: { replayed: boolean; booking: BookingData; billing: { billingId: string; transactionStatus: string; totalAmountPaid: string } };
}

const pay = (key: string, method = GOOD_CARD, bookingId = booking.bookingId, viewer?: Viewer) =>
  h.request<PaymentData>(PAY_BOOKING, { bookingId, method, key }, viewer);

describe('idempotent payment', () => {
  it('returns the first result for a retried key and never charges twice', async () => {
    const chargesBefore = h.payments.charges;
    const first = await pay('idem-1');
    const second = await pay('idem-1');
    expect(first.data?.payBooking).toMatchObject({ replayed: false, booking: { bookingStatus: 'Confirmed', version: 2 } });
    expect(second.data?.payBooking).toMatchObject({ replayed: true, booking: { bookingStatus: 'Confirmed', version: 2 } });
    expect(second.data?.payBooking.billing).toEqual(first.data?.payBooking.billing);
    expect(h.payments.charges - chargesBefore).toBe(1);
    expect(await h.server.prisma.billing.count({ where: { bookingId: booking.bookingId } })).toBe(1);
    expect(await h.server.prisma.bookingStatusChange.count({ where: { bookingId: booking.bookingId } })).toBe(2);
  });

  it('charges once when ten identical requests arrive at the same time', async () => {
    const chargesBefore = h.payments.charges;
    const responses = await Promise.all(Array.from({ length: 10 }, () => pay('idem-concurrent')));
    expect(responses.every((response) => response.data?.payBooking.booking.bookingStatus === 'Confirmed')).toBe(true);
    expect(responses.filter((response) => response.data?.payBooking.replayed === false)).toHaveLength(1);
    expect(new Set(responses.map((response) => response.data?.payBooking.billing.billingId)).size).toBe(1);
    expect(h.payments.charges - chargesBefore).toBe(1);
    expect(await h.server.prisma.billing.count({ where: { bookingId: booking.bookingId } })).toBe(1);
    expect(await h.server.prisma.outboxEvent.count({ where: { aggregateId: booking.bookingId } })).toBe(2);
  });

  it('refuses a key already used for another booking (CONFLICT), writing nothing', async () => {
    await pay('idem-shared');
    const other = await h.request<{ createBooking: BookingData }>(CREATE_BOOKING, {
      input: { listingType: 'Hotel', listingId: 'HTL-PAY', startDate: daysFromNow(8, 15), endDate: daysFromNow(9, 11), quantity: 1 },
    });
    const otherId = other.data?.createBooking.bookingId ?? '';
    const response = await pay('idem-shared', GOOD_CARD, otherId);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', fields: [{ path: 'idempotencyKey' }] });
    expect(await h.server.prisma.booking.findUniqueOrThrow({ where: { bookingId: otherId } })).toMatchObject({ bookingStatus: 'Pending', version: 1 });
    expect(await h.server.prisma.billing.count({ where: { bookingId: otherId } })).toBe(0);
  });

  it('refuses to pay a Confirmed booking again with a new key (CONFLICT)', async () => {
    await pay('idem-a');
    const response = await pay('idem-b');
    expect(response.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await h.server.prisma.billing.count({ where: { bookingId: booking.bookingId } })).toBe(1);
  });
});

describe('declined payment', () => {
  it('marks the booking PaymentFailed and records a Failed billing, and the failure replays too', async () => {
    const response = await pay('declined-1', DECLINED_CARD);
    expect(response.errors).toBeUndefined();
    expect(response.data?.payBooking).toMatchObject({ replayed: false, booking: { bookingStatus: 'PaymentFailed', version: 2 }, billing: { transactionStatus: 'Failed', totalAmountPaid: '539.89' } });
    const history = await h.server.prisma.bookingStatusChange.findMany({ where: { bookingId: booking.bookingId }, orderBy: { version: 'asc' } });
    expect(history.at(-1)).toMatchObject({ fromStatus: 'Pending', toStatus: 'PaymentFailed', reason: 'payment declined: card declined' });
    const event = await h.server.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: booking.bookingId }, orderBy: { id: 'desc' } });
    expect(event).toMatchObject({ topic: 'booking.cancelled', payload: { type: 'booking.cancelled', payload: { status: 'PaymentFailed', revision: 2, refundCents: 0 } } });

    expect((await pay('declined-1', DECLINED_CARD)).data?.payBooking).toMatchObject({ replayed: true, booking: { bookingStatus: 'PaymentFailed' } });
    // A failed booking released its capacity; paying it later would overbook, so it is terminal.
    expect((await pay('declined-2', GOOD_CARD)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});

describe('who may pay', () => {
  it('forbids paying another user’s booking', async () => {
    const response = await pay('bob-pays', GOOD_CARD, booking.bookingId, BOB);
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await h.server.prisma.billing.count({ where: { bookingId: booking.bookingId } })).toBe(0);
  });

  it('lets a Billing Admin pay for the user, recorded as an admin change, but not a Listing Admin', async () => {
    expect((await pay('listing-admin', GOOD_CARD, booking.bookingId, LISTING_ADMIN)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await pay('billing-admin', GOOD_CARD, booking.bookingId, BILLING_ADMIN)).data?.payBooking.booking.bookingStatus).toBe('Confirmed');
    const change = await h.server.prisma.bookingStatusChange.findFirstOrThrow({ where: { bookingId: booking.bookingId, toStatus: 'Confirmed' } });
    expect(change).toMatchObject({ actorKind: 'Admin', actorId: 'ADM003' });
  });

  it('answers NOT_FOUND for an unknown booking', async () => {
    expect((await pay('unknown', GOOD_CARD, 'BK0')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
