import { describe, expect, it } from 'vitest';
import type { BookingModel } from '../../src/models.js';
import { billableDays, buildInvoice, quotePrice } from '../../src/services/pricing.js';

const at = (iso: string): Date => new Date(iso);

describe('pricing', () => {
  it('counts started days as whole days, at least one', () => {
    expect(billableDays(at('2026-12-01T15:00:00Z'), at('2026-12-04T11:00:00Z'))).toBe(3);
    expect(billableDays(at('2026-12-01T00:00:00Z'), at('2026-12-03T00:00:00Z'))).toBe(2);
    expect(billableDays(at('2026-12-01T00:00:00Z'), at('2026-12-01T02:00:00Z'))).toBe(1);
  });

  it('prices a flight as ticket price × seats', () => {
    expect(quotePrice('Flight', 29_999n, 3, at('2026-12-01T08:00:00Z'), at('2026-12-01T14:00:00Z'))).toEqual({ units: 3, unitPriceCents: 29_999n, totalCents: 89_997n });
  });

  it('prices a hotel as nightly price × nights × rooms', () => {
    expect(quotePrice('Hotel', 19_999n, 2, at('2026-12-01T15:00:00Z'), at('2026-12-04T11:00:00Z')).totalCents).toBe(119_994n);
  });

  it('prices a car as daily price × days whatever the quantity', () => {
    expect(quotePrice('Car', 3_950n, 1, at('2026-12-01T10:00:00Z'), at('2026-12-06T09:00:00Z')).totalCents).toBe(19_750n);
  });

  const booking = (overrides: Partial<BookingModel>): BookingModel => ({
    id: 1,
    bookingId: 'BK1',
    userId: '123-45-6789',
    bookingType: 'Hotel',
    listingId: 'HTL001',
    startDate: at('2026-12-01T15:00:00Z'),
    endDate: at('2026-12-04T11:00:00Z'),
    quantity: 2,
    bookingStatus: 'Pending',
    totalPrice: '1199.94',
    version: 1,
    holdExpiresAt: null,
    createdAt: null,
    updatedAt: null,
    ...overrides,
  });

  it('builds an invoice with one line item, 8 % tax rounded half up and an exact total', () => {
    expect(buildInvoice(booking({}), 'credit_card ending 4242')).toEqual({
      lineItems: [{ description: 'Hotel HTL001: 3 night(s) × 2 room(s)', quantity: 6, unitPrice: '199.99', total: '1199.94' }],
      subtotal: '1199.94',
      taxRate: '0.08',
      tax: '96.00',
      total: '1295.94',
      currency: 'USD',
      paymentSummary: 'credit_card ending 4242',
    });
  });

  it('falls back to a single unit when the total does not divide by the units', () => {
    const invoice = buildInvoice(booking({ bookingType: 'Flight', listingId: 'FL001', quantity: 3, totalPrice: '100.00' }), null);
    expect(invoice.lineItems).toEqual([{ description: 'Flight FL001: 3 seat(s)', quantity: 1, unitPrice: '100.00', total: '100.00' }]);
    expect(invoice.total).toBe('108.00');
  });
});
