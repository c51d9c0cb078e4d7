import type { BookingStatus, ListingType } from '@kayak/common';
import { formatCents, toCents } from '@kayak/common/money';
import type { BillingModel, TransactionStatus } from './models.js';
import { serialiseInvoice, toBillingModel } from './repositories/billings.js';
import { toBookingModel } from './repositories/bookings.js';
import { appendEvent } from './repositories/outbox.js';
import { createPrisma, type PrismaTx } from './repositories/prisma.js';
import { bookingEventOf } from './events/bookingEvents.js';
import { buildInvoice, quotePrice } from './services/pricing.js';

/**
 * Demo bookings and billings (MySQL) for the seeded users and listings: one of each status and
 * transaction status. Each is inserted once, by booking_id, with its audit trail and one outbox
 * event for its final status, so the listings availability cache learns about it from Kafka.
 * The listings belong to the listings subgraph: the caller (scripts/seed) says what they cost.
 */

const DAY = 24 * 60 * 60 * 1000;
const at = (days: number, hours = 0): Date => {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + days * DAY + hours * 60 * 60 * 1000);
};

interface SeedBooking {
  bookingId: string;
  userId: string;
  type: ListingType;
  listingId: string;
  start?: Date;
  end?: Date;
  quantity: number;
  path: BookingStatus[];
  payment?: { method: string; summary: string; status: TransactionStatus; daysAgo: number };
}

const SEED: SeedBooking[] = [
  { bookingId: 'BKSEED0001', userId: '123-45-6789', type: 'Flight', listingId: 'FL001', quantity: 2, path: ['Pending', 'Confirmed'], payment: { method: 'credit_card', summary: 'credit_card ending 4242', status: 'Success', daysAgo: 3 } },
  { bookingId: 'BKSEED0002', userId: '123-45-6789', type: 'Hotel', listingId: 'HTL001', start: at(14, 15), end: at(17, 11), quantity: 1, path: ['Pending'] },
  { bookingId: 'BKSEED0003', userId: '234-56-7890', type: 'Car', listingId: 'CAR002', start: at(10, 10), end: at(14, 10), quantity: 1, path: ['Pending', 'Confirmed'], payment: { method: 'paypal', summary: 'paypal', status: 'Success', daysAgo: 2 } },
  { bookingId: 'BKSEED0004', userId: '234-56-7890', type: 'Hotel', listingId: 'HTL003', start: at(21, 15), end: at(23, 11), quantity: 2, path: ['Pending', 'Confirmed', 'Cancelled'], payment: { method: 'credit_card', summary: 'credit_card ending 4242', status: 'Refunded', daysAgo: 5 } },
  { bookingId: 'BKSEED0005', userId: '345-67-8901', type: 'Flight', listingId: 'FL005', quantity: 1, path: ['Pending', 'Confirmed'], payment: { method: 'debit_card', summary: 'debit_card ending 5556', status: 'Success', daysAgo: 1 } },
  { bookingId: 'BKSEED0006', userId: '345-67-8901', type: 'Car', listingId: 'CAR001', start: at(12, 9), end: at(15, 9), quantity: 1, path: ['Pending', 'PaymentFailed'], payment: { method: 'credit_card', summary: 'credit_card ending 0002', status: 'Failed', daysAgo: 1 } },
];

/** A demo listing's unit price and, for a flight, its times (from the listings seed). */
export interface ListingFacts {
  price: number;
  start?: Date;
  end?: Date;
}

export type ListingFactsLookup = (type: ListingType, listingId: string) => ListingFacts;

async function insertSeedBooking(tx: PrismaTx, seed: SeedBooking, listingFacts: ListingFactsLookup): Promise<void> {
  const facts = listingFacts(seed.type, seed.listingId);
  const start = seed.start ?? facts.start;
  const end = seed.end ?? facts.end;
  if (!start || !end) throw new Error(`seed: ${seed.bookingId} has no dates`);
  const status = seed.path.at(-1) ?? 'Pending';
  const price = quotePrice(seed.type, toCents(facts.price), seed.quantity, start, end);
  const row = await tx.booking.create({
    data: { bookingId: seed.bookingId, userId: seed.userId, bookingType: seed.type, referenceId: seed.listingId, startDate: start, endDate: end, quantity: seed.quantity, totalPrice: formatCents(price.totalCents), bookingStatus: status, version: seed.path.length },
  });
  const booking = toBookingModel(row);
  await tx.bookingStatusChange.createMany({
    data: seed.path.map((toStatus, index) => ({ bookingId: seed.bookingId, fromStatus: index === 0 ? null : (seed.path[index - 1] ?? null), toStatus, version: index + 1, actorKind: 'System' as const, actorId: 'seed', reason: 'demo data' })),
  });
  let billing: BillingModel | null = null;
  if (seed.payment) {
    const invoice = buildInvoice(booking, seed.payment.summary);
    const number = seed.bookingId.replace('BK', '');
    const billingRow = await tx.billing.create({
      data: {
        billingId: `BILL${number}`,
        userId: seed.userId,
        bookingType: seed.type,
        bookingId: seed.bookingId,
        transactionDate: at(-seed.payment.daysAgo, 12),
        totalAmountPaid: invoice.total,
        paymentMethod: seed.payment.method,
        transactionStatus: seed.payment.status,
        invoiceNumber: `INV${number}`,
        invoiceDetails: serialiseInvoice(invoice),
        idempotencyKey: `seed-${seed.bookingId}`,
      },
    });
    billing = toBillingModel(billingRow);
  }
  // The event of its final status, with the money the rows above say moved.
  const refunded = billing?.transactionStatus === 'Refunded' ? toCents(billing.totalAmountPaid) : 0n;
  await appendEvent(tx, bookingEventOf(booking, new Date(), { paidBy: billing ?? undefined, refundCents: refunded }));
}

/** Inserts the demo bookings that are missing; returns how many bookings the seed defines. */
export async function seedBookings(databaseUrl: string, listingFacts: ListingFactsLookup): Promise<number> {
  const prisma = createPrisma(databaseUrl);
  try {
    const existing = new Set((await prisma.booking.findMany({ where: { bookingId: { in: SEED.map((seed) => seed.bookingId) } }, select: { bookingId: true } })).map((row) => row.bookingId));
    for (const seed of SEED) {
      if (!existing.has(seed.bookingId)) await prisma.$transaction((tx) => insertSeedBooking(tx, seed, listingFacts));
    }
    return SEED.length;
  } finally {
    await prisma.$disconnect();
  }
}
