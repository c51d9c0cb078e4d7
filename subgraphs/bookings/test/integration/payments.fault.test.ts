import mariadb, { type Connection } from 'mariadb';
import { connectionOptions } from '@kayak/common/migrate';
import { TOPICS } from '@kayak/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSimulatedPaymentProvider, type ChargeRequest, type ChargeResult, type PaymentProvider } from '../../src/services/paymentProvider.js';
import { CREATE_BOOKING, daysFromNow, GOOD_CARD, PAY_BOOKING, startHarness, type BookingData, type Harness } from '../support/harness.js';

/**
 * A charge never outlives its record. The payment is recorded (billing Pending) before the
 * provider is asked; if the database then refuses the write that settles it, the charge is
 * refunded and the billing says so. The failure is real MySQL refusing the write: the provider
 * seam below, right after the provider answered, adds a CHECK constraint to this test's own
 * database that forbids successful billings (nothing else of MySQL is mocked).
 */
const simulated = createSimulatedPaymentProvider();
let afterAnswer: (() => Promise<void>) | null = null;
let loseAnswer = false;
const provider: PaymentProvider = {
  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const result = await simulated.charge(request);
    if (afterAnswer) await afterAnswer();
    // The provider charged, but its answer never reached us (timeout, dropped connection).
    if (loseAnswer) throw new Error('payment provider: connection reset after the request was sent');
    return result;
  },
  refund: (reference, amountCents) => simulated.refund(reference, amountCents),
  lookup: (idempotencyKey) => simulated.lookup(idempotencyKey),
};

let h: Harness;
let admin: Connection;

beforeAll(async () => {
  h = await startHarness('bk_payfault', { paymentProvider: provider });
  h.catalog.put({ listingType: 'Hotel', listingId: 'HTL-FAULT', unitPrice: '200.00', capacity: 100 });
  admin = await mariadb.createConnection({ ...connectionOptions(h.mysql.url), database: h.mysql.name });
});
afterEach(async () => {
  afterAnswer = null;
  loseAnswer = false;
  await admin.query('ALTER TABLE billings DROP CONSTRAINT IF EXISTS chk_fault_no_success');
});
afterAll(async () => {
  await admin?.end();
  await h?.close();
});

async function book(from: number): Promise<BookingData> {
  const response = await h.request<{ createBooking: BookingData }>(CREATE_BOOKING, {
    input: { listingType: 'Hotel', listingId: 'HTL-FAULT', startDate: daysFromNow(from, 15), endDate: daysFromNow(from + 1, 11), quantity: 1 },
  });
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.createBooking;
}

interface PaymentData {
  payBooking: { replayed: boolean; booking: BookingData; billing: { transactionStatus: string; totalAmountPaid: string } };
}
const pay = (bookingId: string, key: string) => h.request<PaymentData>(PAY_BOOKING, { bookingId, method: GOOD_CARD, key });

/** Every charge the provider kept (charged, not refunded; no card is declined here) has a Success billing, and no other. */
async function expectNoChargeWithoutRecord(): Promise<void> {
  expect(await h.server.prisma.billing.count({ where: { transactionStatus: 'Success' } })).toBe(simulated.charges - simulated.refunds);
}

describe('the database refuses the write after the provider charged', () => {
  it('refunds the charge, records the billing as Refunded and leaves the booking payable', async () => {
    const booking = await book(20);
    afterAnswer = async () => {
      await admin.query("ALTER TABLE billings ADD CONSTRAINT chk_fault_no_success CHECK (transaction_status <> 'Success')");
    };
    const before = { charges: simulated.charges, refunds: simulated.refunds };
    const response = await pay(booking.bookingId, 'fault-refused');

    expect(response.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(response.errors?.[0]?.message).toMatch(/refunded/i);
    expect(JSON.stringify(response.errors)).not.toMatch(/CONSTRAINT|chk_fault|stack/i);
    expect(simulated.charges - before.charges).toBe(1);
    expect(simulated.refunds - before.refunds).toBe(1);
    const billings = await h.server.prisma.billing.findMany({ where: { bookingId: booking.bookingId } });
    expect(billings.map((billing) => [billing.transactionStatus, billing.totalAmountPaid.toFixed(2), billing.idempotencyKey])).toEqual([['Refunded', '216.00', 'fault-refused']]);
    expect(await h.server.prisma.booking.findUniqueOrThrow({ where: { bookingId: booking.bookingId } })).toMatchObject({ bookingStatus: 'Pending', version: 1 });
    expect((await h.server.prisma.outboxEvent.findMany({ where: { aggregateId: booking.bookingId } })).map((event) => event.topic)).toEqual([TOPICS.bookingCreated]);
    await expectNoChargeWithoutRecord();

    // The same key replays that outcome; once the database accepts writes again a new key pays.
    const replay = await pay(booking.bookingId, 'fault-refused');
    expect(replay.data?.payBooking).toMatchObject({ replayed: true, billing: { transactionStatus: 'Refunded' }, booking: { bookingStatus: 'Pending' } });
    afterAnswer = null;
    await admin.query('ALTER TABLE billings DROP CONSTRAINT chk_fault_no_success');
    const again = await pay(booking.bookingId, 'fault-refused-retry');
    expect(again.data?.payBooking).toMatchObject({ replayed: false, booking: { bookingStatus: 'Confirmed', version: 2 }, billing: { transactionStatus: 'Success', totalAmountPaid: '216.00' } });
    await expectNoChargeWithoutRecord();
  });
});

describe('the provider’s answer is lost after it charged', () => {
  it('keeps the attempt recorded (billing Pending); a retry with the same key settles it without charging again', async () => {
    const booking = await book(22);
    loseAnswer = true;
    const charges = simulated.charges;
    const response = await pay(booking.bookingId, 'fault-lost');
    expect(response.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(simulated.charges - charges).toBe(1);
    expect(await h.server.prisma.billing.findMany({ where: { bookingId: booking.bookingId }, select: { transactionStatus: true, totalAmountPaid: true } })).toEqual([
      { transactionStatus: 'Pending', totalAmountPaid: expect.objectContaining({}) },
    ]);

    loseAnswer = false;
    const retry = await pay(booking.bookingId, 'fault-lost');
    expect(retry.data?.payBooking).toMatchObject({ booking: { bookingStatus: 'Confirmed', version: 2 }, billing: { transactionStatus: 'Success' } });
    expect(simulated.charges - charges).toBe(1);
    await expectNoChargeWithoutRecord();
  });

  it('settles an abandoned attempt from the sweeper: the provider is asked by idempotency key', async () => {
    const start = h.clock.now();
    const booking = await book(24);
    loseAnswer = true;
    expect((await pay(booking.bookingId, 'fault-abandoned')).errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    loseAnswer = false;

    // Nobody retries. Past the hold, the sweeper finds the stale attempt: the provider did charge
    // it, in time, so the booking is confirmed rather than expired.
    h.clock.set(new Date(start.getTime() + 30 * 60_000));
    const result = await h.server.sweeper.sweepOnce();
    expect(result).toMatchObject({ expired: 0, settled: 1 });
    expect(await h.server.prisma.booking.findUniqueOrThrow({ where: { bookingId: booking.bookingId } })).toMatchObject({ bookingStatus: 'Confirmed', version: 2 });
    expect(await h.server.prisma.billing.findFirstOrThrow({ where: { bookingId: booking.bookingId } })).toMatchObject({ transactionStatus: 'Success', idempotencyKey: 'fault-abandoned' });
    await expectNoChargeWithoutRecord();
    h.clock.set(new Date());
  });
});
