import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, startSupergraphWithBookingEvents, type AdminViewer, type Supergraph, type UserViewer } from '../abuse/support/supergraph.js';

// The admin revenue reports (reviews subgraph, built from booking events) reconcile with MySQL
// (the bookings subgraph's truth) to the cent. Bookings are created, paid, declined and cancelled
// through the gateway; events travel for real: bookings outbox → Kafka (this file's topics) →
// the reviews analytics consumer (its own group) → analytics_bookings.
const ANALYTICS_ADMIN: AdminViewer = { kind: 'admin', adminId: 'ADM005', role: 'Analytics Admin' };

let sg: Supergraph;

const DAY = 86_400_000;
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
const night = (n: number): string => new Date(today + (30 + n) * DAY + 15 * 3_600_000).toISOString();
// Every event of this file happens today (UTC) or, past midnight, tomorrow.
const range = { from: new Date(today - DAY).toISOString(), to: new Date(today + 2 * DAY).toISOString() };

beforeAll(async () => {
  sg = await startSupergraphWithBookingEvents('analytics', { analytics: true });
});

afterAll(async () => {
  await sg?.close();
});

async function call<T>(viewer: UserViewer | AdminViewer, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await sg.post({ query, variables, viewer });
  expect(response.body?.errors, response.text).toBeUndefined();
  return response.body?.data as T;
}

async function book(viewer: UserViewer, listingType: 'Hotel' | 'Car', listingId: string, from: number, to: number, quantity = 1): Promise<string> {
  const data = await call<{ createBooking: { bookingId: string } }>(
    viewer,
    'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { bookingId } }',
    { input: { listingType, listingId, startDate: night(from), endDate: night(to), quantity } },
  );
  return data.createBooking.bookingId;
}

async function pay(viewer: UserViewer, bookingId: string, paymentMethod: { type: string; cardNumber?: string }): Promise<string> {
  const data = await call<{ payBooking: { booking: { bookingStatus: string } } }>(
    viewer,
    'mutation ($id: ID!, $method: PaymentMethodInput!, $key: String!) { payBooking(bookingId: $id, paymentMethod: $method, idempotencyKey: $key) { booking { bookingStatus } } }',
    { id: bookingId, method: paymentMethod, key: `analytics-${bookingId}` },
  );
  return data.payBooking.booking.bookingStatus;
}

async function cancel(viewer: UserViewer, bookingId: string): Promise<void> {
  await call(viewer, 'mutation ($id: ID!) { cancelBooking(bookingId: $id, reason: "analytics test") { bookingStatus } }', { id: bookingId });
}

/** Waits until the read model holds every MySQL booking at its current version. */
async function caughtUp(): Promise<void> {
  const rows = await sg.sql<{ booking_id: string; version: number }>('SELECT booking_id, version FROM bookings');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const docs = await sg.mongo.db.collection('analytics_bookings').find({}, { projection: { revision: 1 } }).toArray();
    const revisions = new Map(docs.map((doc) => [String(doc._id), Number(doc.revision)]));
    const behind = rows.filter((row) => revisions.get(row.booking_id) !== row.version).map((row) => row.booking_id);
    if (behind.length === 0) return;
    if (Date.now() > deadline) {
      const health = await sg.reviews?.analyticsConsumer.health();
      throw new Error(`analytics_bookings is behind MySQL for ${behind.join(', ')} (consumer: ${health?.processed} processed, ${health?.deadLettered} dead-lettered)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const cents = (amount: string | null | undefined): bigint => {
  const [whole = '0', fraction = ''] = (amount ?? '0').split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
};

interface Figures {
  paidBookings: number;
  refundedBookings: number;
  gross: string;
  refunds: string;
  net: string;
}
const FIGURES = 'paidBookings refundedBookings gross refunds net';

/** MySQL's truth: payments that stand for a confirmed booking, and what was refunded of them. */
async function mysqlFigures(bookingType?: string): Promise<Figures> {
  const [row] = await sg.sql<{ paid: bigint; refunded: bigint; gross: string | null; refunds: string | null; net: string | null }>(
    `SELECT COUNT(*) AS paid,
            SUM(p.transaction_status = 'Refunded') AS refunded,
            SUM(p.total_amount_paid) AS gross,
            SUM(CASE WHEN p.transaction_status = 'Refunded' THEN p.total_amount_paid ELSE 0 END) AS refunds,
            SUM(CASE WHEN p.transaction_status = 'Success' THEN p.total_amount_paid ELSE 0 END) AS net
       FROM billings p JOIN bookings b ON b.booking_id = p.booking_id
      WHERE p.transaction_status IN ('Success', 'Refunded')
        AND EXISTS (SELECT 1 FROM booking_status_history h WHERE h.booking_id = p.booking_id AND h.to_status = 'Confirmed')
        ${bookingType ? 'AND b.booking_type = ?' : ''}`,
    bookingType ? [bookingType] : [],
  );
  const format = (value: bigint): string => `${value / 100n}.${(value % 100n).toString().padStart(2, '0')}`;
  return {
    paidBookings: Number(row?.paid ?? 0),
    refundedBookings: Number(row?.refunded ?? 0),
    gross: format(cents(row?.gross)),
    refunds: format(cents(row?.refunds)),
    net: format(cents(row?.net)),
  };
}

describe('analytics reconciles with MySQL', () => {
  beforeAll(async () => {
    expect(await pay(ALICE, await book(ALICE, 'Hotel', 'HTL001', 1, 3), { type: 'paypal' })).toBe('Confirmed');
    const refunded = await book(ALICE, 'Hotel', 'HTL002', 2, 4, 2);
    expect(await pay(ALICE, refunded, { type: 'credit_card', cardNumber: '4242 4242 4242 4242' })).toBe('Confirmed');
    await cancel(ALICE, refunded);
    expect(await pay(BOB, await book(BOB, 'Car', 'CAR001', 5, 7), { type: 'credit_card', cardNumber: '4000 0000 0000 0002' })).toBe('PaymentFailed');
    await book(BOB, 'Hotel', 'HTL003', 1, 2);
    expect(await pay(BOB, await book(BOB, 'Car', 'CAR002', 3, 5), { type: 'debit_card', cardNumber: '5555 5555 5555 4444' })).toBe('Confirmed');
    await cancel(ALICE, await book(ALICE, 'Hotel', 'HTL001', 6, 8));
    await caughtUp();
  }, 120_000);

  it('has the same gross, refunds and net as the billings, to the cent, in total and per day', async () => {
    const data = await call<{ revenueByDay: { days: Array<{ createdBookings: number; revenue: Figures }>; totals: Figures } }>(
      ANALYTICS_ADMIN,
      `query ($from: DateTime!, $to: DateTime!) { revenueByDay(from: $from, to: $to) { days { createdBookings revenue { ${FIGURES} } } totals { ${FIGURES} } } }`,
      range,
    );
    const expected = await mysqlFigures();
    expect(expected).toMatchObject({ paidBookings: 3, refundedBookings: 1 });
    expect(data.revenueByDay.totals).toEqual(expected);
    const sumOfDays = data.revenueByDay.days.reduce((sum, day) => sum + cents(day.revenue.net), 0n);
    expect(sumOfDays).toBe(cents(expected.net));
    const [bookings] = await sg.sql<{ n: bigint }>('SELECT COUNT(*) AS n FROM bookings');
    expect(data.revenueByDay.days.reduce((sum, day) => sum + day.createdBookings, 0)).toBe(Number(bookings?.n));
  });

  it('agrees with the bookings subgraph\'s own revenue report', async () => {
    const data = await call<{ revenueReport: { totalRevenue: string; totalRefunded: string }; revenueByDay: { totals: Figures } }>(
      ANALYTICS_ADMIN,
      `query ($from: DateTime!, $to: DateTime!) { revenueReport(input: { from: $from, to: $to }) { totalRevenue totalRefunded } revenueByDay(from: $from, to: $to) { totals { ${FIGURES} } } }`,
      range,
    );
    expect(data.revenueByDay.totals.net).toBe(data.revenueReport.totalRevenue);
    expect(data.revenueByDay.totals.refunds).toBe(data.revenueReport.totalRefunded);
  });

  it('splits the same totals per listing type', async () => {
    const data = await call<{ revenueByListingType: Array<{ listingType: string; revenue: Figures }> }>(
      ANALYTICS_ADMIN,
      `query ($from: DateTime!, $to: DateTime!) { revenueByListingType(from: $from, to: $to) { listingType revenue { ${FIGURES} } } }`,
      range,
    );
    for (const row of data.revenueByListingType) expect(row.revenue, row.listingType).toEqual(await mysqlFigures(row.listingType));
  });

  it('counts every booking and how it ended like MySQL does', async () => {
    const data = await call<{ cancellationRate: { bookings: number; cancelled: number; paymentFailed: number; confirmed: number } }>(
      ANALYTICS_ADMIN,
      'query ($from: DateTime!, $to: DateTime!) { cancellationRate(from: $from, to: $to) { bookings cancelled paymentFailed confirmed } }',
      range,
    );
    const rows = await sg.sql<{ booking_status: string; n: bigint }>('SELECT booking_status, COUNT(*) AS n FROM bookings GROUP BY booking_status');
    const count = (status: string): number => Number(rows.find((row) => row.booking_status === status)?.n ?? 0);
    expect(data.cancellationRate).toEqual({ bookings: rows.reduce((sum, row) => sum + Number(row.n), 0), cancelled: count('Cancelled'), paymentFailed: count('PaymentFailed'), confirmed: count('Confirmed') });
    expect(data.cancellationRate).toMatchObject({ bookings: 6, cancelled: 2, paymentFailed: 1, confirmed: 2 });
  });
});
