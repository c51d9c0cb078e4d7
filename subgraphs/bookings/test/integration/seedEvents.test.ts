import { BOOKING_EVENT_TYPES, parseDomainEvent } from '@kayak/common';
import { toCents } from '@kayak/common/money';
import { createTestMySql, testConfig, type TestMySql } from '@kayak/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma } from '../../src/repositories/prisma.js';
import { seedBookings } from '../../src/seed.js';

// The demo bookings leave one outbox event each for their final status, in the common envelope,
// with the money their billing rows say moved.
let mysql: TestMySql;

beforeAll(async () => {
  mysql = await createTestMySql(testConfig(), 'bk_seed_events');
  const flight = { price: 100, start: new Date(Date.now() + 20 * 86_400_000), end: new Date(Date.now() + 20 * 86_400_000 + 6 * 3_600_000) };
  await seedBookings(mysql.url, (type) => (type === 'Flight' ? flight : { price: 100 }));
});
afterAll(async () => {
  await mysql?.drop();
});

describe('seeded booking events', () => {
  it('writes valid envelopes: the invoice on confirmed, the refund on a refunded cancellation, 0 otherwise', async () => {
    const prisma = createPrisma(mysql.url);
    try {
      const rows = await prisma.outboxEvent.findMany({ orderBy: { id: 'asc' } });
      const events = new Map(rows.map((row) => [row.aggregateId, parseDomainEvent(JSON.stringify(row.payload), BOOKING_EVENT_TYPES)]));
      expect(rows.map((row) => row.topic)).toEqual(['booking.confirmed', 'booking.created', 'booking.confirmed', 'booking.cancelled', 'booking.confirmed', 'booking.cancelled']);
      expect(rows.every((row) => row.messageKey === parseDomainEvent(JSON.stringify(row.payload)).key)).toBe(true);
      const billing = await prisma.billing.findUniqueOrThrow({ where: { billingId: 'BILLSEED0001' } });
      const paidCents = Number(toCents(billing.totalAmountPaid));
      expect(events.get('BKSEED0001')?.payload).toMatchObject({ status: 'Confirmed', revision: 2, invoice: { billingId: 'BILLSEED0001', invoiceNumber: 'INVSEED0001', amountPaidCents: paidCents, paymentMethod: 'credit_card' } });
      const refunded = await prisma.billing.findUniqueOrThrow({ where: { billingId: 'BILLSEED0004' } });
      expect(events.get('BKSEED0004')?.payload).toMatchObject({ status: 'Cancelled', revision: 3, refundCents: Number(toCents(refunded.totalAmountPaid)) });
      expect(events.get('BKSEED0006')?.payload).toMatchObject({ status: 'PaymentFailed', revision: 2, refundCents: 0 });
      expect(events.get('BKSEED0002')?.payload).toMatchObject({ status: 'Pending', revision: 1 });
    } finally {
      await prisma.$disconnect();
    }
  });
});
