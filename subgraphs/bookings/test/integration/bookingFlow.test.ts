import { listingKey, TOPICS } from '@kayak/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectEvents, type EventCollector } from '../support/kafka.js';
import {
  CANCEL_BOOKING,
  CREATE_BOOKING,
  daysFromNow,
  GOOD_CARD,
  PAY_BOOKING,
  startHarness,
  testTopics,
  type BookingData,
  type Harness,
} from '../support/harness.js';

const topics = testTopics('bk_flow');
let h: Harness;
let events: EventCollector;

beforeAll(async () => {
  h = await startHarness('bk_flow', { outbox: { enabled: true, topics, pollIntervalMs: 200 } });
  events = await collectEvents(h.config.KAFKA_BROKERS, Object.values(topics));
  h.catalog.put({ listingType: 'Hotel', listingId: 'HTL001', unitPrice: '199.99', capacity: 3 });
  h.catalog.put({ listingType: 'Flight', listingId: 'FL001', unitPrice: '299.99', capacity: 150, departureAt: new Date(daysFromNow(20, 8)), arrivalAt: new Date(daysFromNow(20, 14)) });
  h.catalog.put({ listingType: 'Car', listingId: 'CAR001', unitPrice: '39.50', capacity: 1 });
});
afterAll(async () => {
  await events?.stop();
  await h?.close();
});

interface PaymentData {
  payBooking: {
    replayed: boolean;
    booking: BookingData;
    billing: { billingId: string; totalAmountPaid: string; transactionStatus: string; invoiceNumber: string; paymentMethod: string; invoiceDetails: Record<string, unknown> };
  };
}

async function createBooking(input: Record<string, unknown>): Promise<BookingData> {
  const response = await h.request<{ createBooking: BookingData }>(CREATE_BOOKING, { input });
  expect(response.errors).toBeUndefined();
  if (!response.data) throw new Error('no data');
  return response.data.createBooking;
}

describe('create → pay → cancel', () => {
  let hotel: BookingData;
  let billingId: string;

  it('creates a Pending hotel booking priced nightly price × nights × rooms', async () => {
    hotel = await createBooking({ listingType: 'Hotel', listingId: 'HTL001', startDate: daysFromNow(10, 15), endDate: daysFromNow(13, 11), quantity: 2 });
    expect(hotel).toMatchObject({ userId: '123-45-6789', bookingType: 'Hotel', referenceId: 'HTL001', quantity: 2, bookingStatus: 'Pending', totalPrice: '1199.94', version: 1 });
    expect(hotel.bookingId).toMatch(/^BK\d{13}[0-9A-F]{8}$/);
    expect(hotel.startDate).toBe(daysFromNow(10, 15));
  });

  it('pays it in one transaction: a Success billing with an exact invoice, the booking Confirmed', async () => {
    const response = await h.request<PaymentData>(PAY_BOOKING, { bookingId: hotel.bookingId, method: GOOD_CARD, key: 'flow-pay-1' });
    expect(response.errors).toBeUndefined();
    const result = response.data?.payBooking;
    expect(result?.replayed).toBe(false);
    expect(result?.booking).toMatchObject({ bookingStatus: 'Confirmed', version: 2 });
    expect(result?.billing).toMatchObject({ totalAmountPaid: '1295.94', transactionStatus: 'Success', paymentMethod: 'credit_card' });
    expect(result?.billing.billingId).toMatch(/^BILL\d{13}[0-9A-F]{8}$/);
    expect(result?.billing.invoiceNumber).toMatch(/^INV\d{13}[0-9A-F]{8}$/);
    expect(result?.billing.invoiceDetails).toEqual({
      subtotal: '1199.94',
      taxRate: '0.08',
      tax: '96.00',
      total: '1295.94',
      currency: 'USD',
      paymentSummary: 'credit_card ending 4242',
      lineItems: [{ description: 'Hotel HTL001 (STANDARD): 3 night(s) × 2 room(s)', quantity: 6, unitPrice: '199.99', total: '1199.94' }],
    });
    billingId = result?.billing.billingId ?? '';

    const row = await h.server.prisma.billing.findUniqueOrThrow({ where: { billingId } });
    expect(row.totalAmountPaid.toFixed(2)).toBe('1295.94');
    expect(row.invoiceDetails).toMatchObject({ subtotal: '1199.94', tax: '96.00', total: '1295.94', line_items: [{ unit_price: '199.99', quantity: 6 }] });
    expect(JSON.stringify(row.invoiceDetails)).not.toContain('4242424242424242');
  });

  it('cancels it: Cancelled, the paid billing Refunded, the refund sent to the provider', async () => {
    const response = await h.request<{ cancelBooking: BookingData & { billing: { billingId: string; transactionStatus: string } } }>(CANCEL_BOOKING, { bookingId: hotel.bookingId, reason: 'plans changed' });
    expect(response.errors).toBeUndefined();
    expect(response.data?.cancelBooking).toMatchObject({ bookingStatus: 'Cancelled', version: 3, billing: { billingId, transactionStatus: 'Refunded' } });
    expect(h.payments).toMatchObject({ charges: 1, refunds: 1 });
  });

  it('keeps an audit trail of who changed the status, when, from and to', async () => {
    const response = await h.request<{ booking: { statusHistory: Array<Record<string, unknown>> } }>(
      `query ($id: ID!) { booking(bookingId: $id) { statusHistory { fromStatus toStatus version actorKind actorId reason changedAt } } }`,
      { id: hotel.bookingId },
    );
    const history = response.data?.booking.statusHistory ?? [];
    expect(history.map(({ fromStatus, toStatus, version, actorKind, actorId }) => ({ fromStatus, toStatus, version, actorKind, actorId }))).toEqual([
      { fromStatus: null, toStatus: 'Pending', version: 1, actorKind: 'User', actorId: '123-45-6789' },
      { fromStatus: 'Pending', toStatus: 'Confirmed', version: 2, actorKind: 'User', actorId: '123-45-6789' },
      { fromStatus: 'Confirmed', toStatus: 'Cancelled', version: 3, actorKind: 'User', actorId: '123-45-6789' },
    ]);
    expect(history[2]?.reason).toBe('plans changed');
    expect(new Date(String(history[0]?.changedAt)).getTime()).toBeLessThanOrEqual(new Date(String(history[2]?.changedAt)).getTime());
  });

  it('refuses to cancel twice or to pay a cancelled booking (CONFLICT), changing nothing', async () => {
    const again = await h.request(CANCEL_BOOKING, { bookingId: hotel.bookingId });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const pay = await h.request(PAY_BOOKING, { bookingId: hotel.bookingId, method: GOOD_CARD, key: 'flow-pay-2' });
    expect(pay.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await h.server.prisma.bookingStatusChange.count({ where: { bookingId: hotel.bookingId } })).toBe(3);
    expect(await h.server.prisma.billing.count()).toBe(1);
  });

  it('publishes booking.created, booking.confirmed and booking.cancelled keyed by listing, revisions 1, 2, 3', async () => {
    const received = (await events.waitFor(3)).filter((message) => message.event.payload.bookingId === hotel.bookingId);
    expect(received.map((message) => [message.topic, message.key, message.event.type, message.event.key, message.event.payload.status, message.event.payload.revision])).toEqual([
      [topics[TOPICS.bookingCreated], listingKey('Hotel', 'HTL001'), 'booking.created', 'Hotel:HTL001', 'Pending', 1],
      [topics[TOPICS.bookingConfirmed], 'Hotel:HTL001', 'booking.confirmed', 'Hotel:HTL001', 'Confirmed', 2],
      [topics[TOPICS.bookingCancelled], 'Hotel:HTL001', 'booking.cancelled', 'Hotel:HTL001', 'Cancelled', 3],
    ]);
    expect(new Set(received.map((message) => message.event.id)).size).toBe(3);
    expect(received[0]?.event).toMatchObject({ version: 1, payload: { listingType: 'Hotel', listingId: 'HTL001', userId: '123-45-6789', quantity: 2, startDate: hotel.startDate, endDate: hotel.endDate, totalCents: 119_994 } });
    // The confirmation carries the invoice of the billing that paid it; the cancellation what it refunded.
    expect(received[1]?.event.payload).toMatchObject({ totalCents: 119_994, invoice: { billingId, invoiceNumber: expect.stringMatching(/^INV/), amountPaidCents: 129_594, paymentMethod: 'credit_card' } });
    expect(received[2]?.event.payload).toMatchObject({ status: 'Cancelled', refundCents: 129_594 });
    expect(await h.server.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
  });
});

describe('prices', () => {
  it('prices a flight as ticket price × seats, exactly', async () => {
    const flight = await createBooking({ listingType: 'Flight', listingId: 'FL001', startDate: daysFromNow(20, 8), endDate: daysFromNow(20, 14), quantity: 3 });
    expect(flight.totalPrice).toBe('899.97');
    const paid = await h.request<PaymentData>(PAY_BOOKING, { bookingId: flight.bookingId, method: { type: 'paypal' }, key: 'flow-flight' });
    // 899.97 × 8 % = 71.9976 → 72.00
    expect(paid.data?.payBooking.billing).toMatchObject({ totalAmountPaid: '971.97', paymentMethod: 'paypal' });
  });

  it('prices a car as daily price × days, exactly', async () => {
    const car = await createBooking({ listingType: 'Car', listingId: 'CAR001', startDate: daysFromNow(30, 10), endDate: daysFromNow(37, 9), quantity: 1 });
    expect(car.totalPrice).toBe('276.50');
    const stored = await h.server.prisma.booking.findUniqueOrThrow({ where: { bookingId: car.bookingId } });
    expect(stored.totalPrice.toFixed(2)).toBe('276.50');
  });

  it('refuses a flight that has already departed', async () => {
    h.catalog.put({ listingType: 'Flight', listingId: 'FL-GONE', unitPrice: '100.00', capacity: 10, departureAt: new Date(Date.now() - 60_000) });
    const response = await h.request(CREATE_BOOKING, { input: { listingType: 'Flight', listingId: 'FL-GONE', startDate: daysFromNow(1), endDate: daysFromNow(2), quantity: 1 } });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.listingId', message: 'this flight has already departed' }] });
  });
});

describe('references to other subgraphs', () => {
  it('resolves Booking.listing to the listings subgraph entity and Booking.user to the users one', async () => {
    const booking = await createBooking({ listingType: 'Flight', listingId: 'FL001', startDate: daysFromNow(20, 8), endDate: daysFromNow(20, 14), quantity: 1 });
    const response = await h.request<{ _entities: Array<Record<string, unknown>> }>(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Booking { bookingId listing { __typename ... on Flight { flightId } } user { userId } } } }`,
      { reps: [{ __typename: 'Booking', bookingId: booking.bookingId }] },
    );
    expect(response.data?._entities).toEqual([{ bookingId: booking.bookingId, listing: { __typename: 'Flight', flightId: 'FL001' }, user: { userId: '123-45-6789' } }]);
  });
});
