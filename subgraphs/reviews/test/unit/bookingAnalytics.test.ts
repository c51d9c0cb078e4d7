import { domainEvent } from '@kayak/common';
import { describe, expect, it } from 'vitest';
import { bookingFactOf } from '../../src/events/analyticsConsumer.js';
import { factOfRow } from '../../src/repositories/bookingHistory.js';
import { checkRange, daysOf, mergeMoney, netOf, present, rateOf } from '../../src/services/bookingAnalytics.js';

const at = (iso: string): Date => new Date(iso);

describe('ranges and days', () => {
  it('lists every UTC day a range touches, partial days included, the end excluded', () => {
    expect(daysOf({ from: at('2026-03-01T00:00:00Z'), to: at('2026-03-03T00:00:00Z') })).toEqual(['2026-03-01', '2026-03-02']);
    expect(daysOf({ from: at('2026-03-01T22:00:00Z'), to: at('2026-03-02T00:00:01Z') })).toEqual(['2026-03-01', '2026-03-02']);
    expect(daysOf({ from: at('2025-03-01T00:00:00Z'), to: at('2026-03-02T00:00:00Z') })).toHaveLength(366);
  });

  it('rejects an empty, backwards or over-long range at `to`', () => {
    const from = at('2026-03-01T00:00:00Z');
    expect(checkRange({ from, to: from })).toEqual([{ path: 'to', message: 'must be after from' }]);
    expect(checkRange({ from, to: at('2027-03-03T00:00:00Z') })).toEqual([{ path: 'to', message: 'must be at most 366 days after from' }]);
    expect(checkRange({ from, to: at('2027-03-02T00:00:00Z') })).toEqual([]);
  });

  it('rounds rates to four decimals and has none without a whole', () => {
    expect(rateOf(2, 9)).toBe(0.2222);
    expect(rateOf(1, 0)).toBeNull();
  });
});

describe('money', () => {
  it('merges payments and refunds per group and formats exact cents, negative nets included', () => {
    const groups = mergeMoney([{ key: 'a', count: 2, cents: 10_001 }], [{ key: 'a', count: 1, cents: 20_000 }, { key: 'b', count: 1, cents: 5 }], (key) => key);
    const a = groups.get('a')?.figures;
    expect(a && netOf(a)).toBe(-9_999n);
    expect(a && present(a)).toMatchObject({ paidBookings: 2, refundedBookings: 1 });
    const shown = a ? present(a) : null;
    expect([shown?.gross.toFixed(2), shown?.refunds.toFixed(2), shown?.net.toFixed(2)]).toEqual(['100.01', '200.00', '-99.99']);
    const big = present({ paidBookings: 1, refundedBookings: 0, grossCents: 12_345_678_905n, refundCents: 0n });
    expect(big.gross.toFixed(2)).toBe('123456789.05');
  });
});

describe('facts', () => {
  const snapshot = { bookingId: 'BK1', listingType: 'Hotel', listingId: 'HTL1', userId: 'u', startDate: '2026-04-01T00:00:00.000Z', endDate: '2026-04-02T00:00:00.000Z', quantity: 1, totalCents: 10_800 } as const;

  it('takes the payment from the invoice of booking.confirmed and the refund from booking.cancelled', () => {
    const confirmed = domainEvent('booking.confirmed', 'Hotel:HTL1', { ...snapshot, status: 'Confirmed', revision: 2, invoice: { billingId: 'BL1', invoiceNumber: 'I1', amountPaidCents: 10_800, paymentMethod: 'paypal', paidAt: '2026-03-01T10:00:00.000Z' } }, { id: 'e2', occurredAt: at('2026-03-01T10:00:01Z') });
    expect(bookingFactOf(confirmed)).toMatchObject({ eventId: 'e2', revision: 2, status: 'Confirmed', paid: { at: at('2026-03-01T10:00:00Z'), cents: 10_800 } });
    const cancelled = domainEvent('booking.cancelled', 'Hotel:HTL1', { ...snapshot, status: 'Cancelled', revision: 3, refundCents: 10_800 }, { id: 'e3', occurredAt: at('2026-03-02T09:00:00Z') });
    expect(bookingFactOf(cancelled)).toMatchObject({ revision: 3, cancelled: { at: at('2026-03-02T09:00:00Z'), refundCents: 10_800 } });
    expect(bookingFactOf(cancelled)?.paid).toBeUndefined();
  });

  it('reads a MySQL row: a refunded payment of a never-confirmed booking is no revenue', () => {
    const row = { booking_id: 'BK1', user_id: 'u', booking_type: 'Car', reference_id: 'CAR1', total_price: '50.00', version: 2, created_at: at('2026-03-01T08:00:00Z'), paid_at: at('2026-03-01T08:05:00Z') };
    const compensated = factOfRow({ ...row, booking_status: 'Pending', confirmed_at: null, ended_at: null, paid_amount: '54.00', refunded_amount: '54.00' });
    expect(compensated).toMatchObject({ status: 'Pending', totalCents: 5_000 });
    expect(compensated?.paid).toBeUndefined();
    const refunded = factOfRow({ ...row, booking_status: 'Cancelled', version: 3, confirmed_at: at('2026-03-01T08:05:00Z'), ended_at: at('2026-03-02T08:00:00Z'), paid_amount: '54.00', refunded_amount: '54.00' });
    expect(refunded).toMatchObject({ eventId: null, revision: 3, paid: { cents: 5_400 }, cancelled: { at: at('2026-03-02T08:00:00Z'), refundCents: 5_400 } });
    expect(factOfRow({ ...row, booking_status: 'Unknown', confirmed_at: null, ended_at: null, paid_amount: null, refunded_amount: null })).toBeNull();
  });
});
