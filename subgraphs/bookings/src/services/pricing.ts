import { billableDays, type ListingType } from '@kayak/common';
import type { BookingModel, InvoiceModel } from '../models.js';
import { formatCents, formatRate, TAX_RATE_BASIS_POINTS, taxOf, toCents } from '@kayak/common/money';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const CURRENCY = 'USD';

/** Nights of a stay or days of a rental (shared with the listings subgraph's room prices). */
export { billableDays };

/** How many unit prices a booking costs: seats; nights × rooms; rental days. */
export function billableUnits(listingType: ListingType, quantity: number, startDate: Date, endDate: Date): number {
  if (listingType === 'Flight') return quantity;
  if (listingType === 'Hotel') return billableDays(startDate, endDate) * quantity;
  return billableDays(startDate, endDate);
}

export interface PriceQuote {
  units: number;
  unitPriceCents: bigint;
  totalCents: bigint;
}

export function quotePrice(listingType: ListingType, unitPriceCents: bigint, quantity: number, startDate: Date, endDate: Date): PriceQuote {
  const units = billableUnits(listingType, quantity, startDate, endDate);
  return { units, unitPriceCents, totalCents: unitPriceCents * BigInt(units) };
}

function describe(booking: BookingModel): string {
  if (booking.bookingType === 'Flight') return `Flight ${booking.listingId}: ${booking.quantity} seat(s)`;
  const days = billableDays(booking.startDate, booking.endDate);
  if (booking.bookingType === 'Hotel') return `Hotel ${booking.listingId}${booking.roomType ? ` (${booking.roomType})` : ''}: ${days} night(s) × ${booking.quantity} room(s)`;
  return `Car ${booking.listingId}: ${days} day(s)`;
}

/**
 * The invoice of a booking: one line item (units × unit price, the unit price recovered from the
 * booking's total; a total that does not divide evenly, e.g. in imported data, becomes one unit),
 * tax rounded half up to the cent, total = subtotal + tax.
 */
export function buildInvoice(booking: BookingModel, paymentSummary: string | null): InvoiceModel {
  const subtotal = toCents(booking.totalPrice);
  const units = BigInt(billableUnits(booking.bookingType, booking.quantity, booking.startDate, booking.endDate));
  const even = units > 0n && subtotal % units === 0n;
  const quantity = even ? units : 1n;
  const tax = taxOf(subtotal);
  return {
    lineItems: [{ description: describe(booking), quantity: Number(quantity), unitPrice: formatCents(subtotal / quantity), total: formatCents(subtotal) }],
    subtotal: formatCents(subtotal),
    taxRate: formatRate(TAX_RATE_BASIS_POINTS),
    tax: formatCents(tax),
    total: formatCents(subtotal + tax),
    currency: CURRENCY,
    paymentSummary,
  };
}

/**
 * A trip's one invoice: each booking's line (as its own invoice would show it), tax on the sum.
 * The lines add up to the subtotal; subtotal + tax = total, the one amount charged.
 */
export function buildTripInvoice(bookings: readonly BookingModel[], paymentSummary: string | null): InvoiceModel {
  const lineItems = bookings.flatMap((booking) => buildInvoice(booking, null).lineItems);
  const subtotal = bookings.reduce((sum, booking) => sum + toCents(booking.totalPrice), 0n);
  const tax = taxOf(subtotal);
  return {
    lineItems,
    subtotal: formatCents(subtotal),
    taxRate: formatRate(TAX_RATE_BASIS_POINTS),
    tax: formatCents(tax),
    total: formatCents(subtotal + tax),
    currency: CURRENCY,
    paymentSummary,
  };
}

/** What cancelling one paid item of a trip refunds: its price plus the tax on it. */
export function itemRefundCents(booking: Pick<BookingModel, 'totalPrice'>): bigint {
  const subtotal = toCents(booking.totalPrice);
  return subtotal + taxOf(subtotal);
}
