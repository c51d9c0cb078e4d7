import { parseDomainEvent, TRIP_EVENT_TYPES, type Viewer } from '@kayak/common';
import { taxOf } from '@kayak/common/money';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BILLING_ADMIN, BOB, CANCEL_BOOKING, daysFromNow, DECLINED_CARD, GOOD_CARD, PAY_BOOKING, LISTING_ADMIN, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('bk_trips');
});
afterAll(async () => {
  await h?.close();
});

const ITEM_FIELDS = `bookingId bookingType referenceId quantity bookingStatus totalPrice tripId passengers { firstName passengerType }`;
const TRIP_FIELDS = `tripId userId tripStatus totalPrice refundedTotal items { ${ITEM_FIELDS} }
  billing { billingId transactionStatus totalAmountPaid invoiceDetails { subtotal tax total lineItems { description total } } }`;
const CREATE_TRIP = `mutation ($input: CreateTripInput!) { createTrip(input: $input) { ${TRIP_FIELDS} } }`;
const PAY_TRIP = `mutation ($tripId: ID!, $method: PaymentMethodInput!, $key: String!) {
  payTrip(tripId: $tripId, paymentMethod: $method, idempotencyKey: $key) { replayed trip { ${TRIP_FIELDS} } billing { billingId transactionStatus totalAmountPaid } } }`;
const CANCEL_TRIP = `mutation ($tripId: ID!) { cancelTrip(tripId: $tripId) { ${TRIP_FIELDS} } }`;
const CANCEL_ITEM = `mutation ($tripId: ID!, $bookingId: ID!) { cancelTripItem(tripId: $tripId, bookingId: $bookingId) { ${TRIP_FIELDS} } }`;
const TRIP = `query ($tripId: ID!) { trip(tripId: $tripId) { ${TRIP_FIELDS} } }`;

interface ItemData {
  bookingId: string;
  bookingType: string;
  referenceId: string;
  quantity: number;
  bookingStatus: string;
  totalPrice: string;
  tripId: string | null;
  passengers: Array<{ firstName: string; passengerType: string }>;
}
interface TripData {
  tripId: string;
  userId: string;
  tripStatus: string;
  totalPrice: string;
  refundedTotal: string;
  items: ItemData[];
  billing: { billingId: string; transactionStatus: string; totalAmountPaid: string; invoiceDetails: { subtotal: string; tax: string; total: string; lineItems: Array<{ description: string; total: string }> } } | null;
}

const cents = (amount: string): number => Math.round(Number(amount) * 100);
const user = (index: number): Viewer => ({ kind: 'user', userId: `910-00-${String(index).padStart(4, '0')}` });

/** Two connecting flights (A→B, B→C), a hotel at C and a car at C, under names of the test's own. */
function roundTrip(tag: string, seats = 2) {
  const leg1 = { listingType: 'Flight' as const, listingId: `FL-${tag}-1`, startDate: daysFromNow(40, 8), endDate: daysFromNow(40, 10) };
  const leg2 = { listingType: 'Flight' as const, listingId: `FL-${tag}-2`, startDate: daysFromNow(40, 11), endDate: daysFromNow(40, 14) };
  h.catalog.put({ ...leg1, unitPrice: '120.00', capacity: seats, departureAt: new Date(leg1.startDate), arrivalAt: new Date(leg1.endDate) });
  h.catalog.put({ ...leg2, unitPrice: '80.50', capacity: seats, departureAt: new Date(leg2.startDate), arrivalAt: new Date(leg2.endDate) });
  h.catalog.put({ listingType: 'Hotel', listingId: `HTL-${tag}`, unitPrice: '150.00', capacity: 5 });
  h.catalog.put({ listingType: 'Car', listingId: `CAR-${tag}`, unitPrice: '45.00', capacity: 1 });
  return {
    leg1,
    leg2,
    hotel: { listingType: 'Hotel', listingId: `HTL-${tag}`, startDate: daysFromNow(40, 15), endDate: daysFromNow(43, 11), quantity: 1 },
    car: { listingType: 'Car', listingId: `CAR-${tag}`, startDate: daysFromNow(40, 15), endDate: daysFromNow(43, 9), quantity: 1 },
  };
}

const adult = { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1980-01-01', passengerType: 'ADULT' };

async function counts(): Promise<Record<string, number>> {
  const p = h.server.prisma;
  const [trips, bookings, passengers, billings, outbox, history] = await Promise.all([
    p.trip.count(),
    p.booking.count(),
    p.passenger.count(),
    p.billing.count(),
    p.outboxEvent.count(),
    p.bookingStatusChange.count(),
  ]);
  return { trips, bookings, passengers, billings, outbox, history };
}

async function createTrip(items: unknown[], viewer: Viewer = ALICE) {
  return h.request<{ createTrip: TripData }>(CREATE_TRIP, { input: { items } }, viewer);
}

describe('createTrip and payTrip', () => {
  it('books 2 connecting flights, a hotel and a car as one trip, charges once for retries with one key, and invoices a line per item', async () => {
    const t = roundTrip('OK');
    const created = await createTrip([{ ...t.leg1, quantity: 1, passengers: [adult] }, { ...t.leg2, quantity: 1, passengers: [adult] }, t.hotel, t.car]);
    expect(created.errors).toBeUndefined();
    const trip = created.data?.createTrip;
    expect(trip).toMatchObject({ userId: ALICE.kind === 'user' ? ALICE.userId : '', tripStatus: 'Pending', billing: null });
    expect(trip?.items.map((item) => [item.bookingType, item.bookingStatus, item.tripId])).toEqual([
      ['Flight', 'Pending', trip?.tripId],
      ['Flight', 'Pending', trip?.tripId],
      ['Hotel', 'Pending', trip?.tripId],
      ['Car', 'Pending', trip?.tripId],
    ]);
    expect(trip?.items[0]?.passengers).toEqual([{ firstName: 'Ada', passengerType: 'ADULT' }]);
    // 120 + 80.50 + 3 nights × 150 + 3 days × 45
    expect(trip?.totalPrice).toBe('785.50');

    const charges = h.payments.charges;
    const key = `trip-key-${trip?.tripId}`;
    const [first, second] = await Promise.all([
      h.request<{ payTrip: { replayed: boolean; trip: TripData; billing: { billingId: string; transactionStatus: string } } }>(PAY_TRIP, { tripId: trip?.tripId, method: GOOD_CARD, key }),
      h.request<{ payTrip: { replayed: boolean; trip: TripData; billing: { billingId: string; transactionStatus: string } } }>(PAY_TRIP, { tripId: trip?.tripId, method: GOOD_CARD, key }),
    ]);
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    expect(h.payments.charges - charges).toBe(1);
    expect([first.data?.payTrip.replayed, second.data?.payTrip.replayed].sort()).toEqual([false, true]);
    expect(first.data?.payTrip.billing.billingId).toBe(second.data?.payTrip.billing.billingId);
    const again = await h.request<{ payTrip: { replayed: boolean } }>(PAY_TRIP, { tripId: trip?.tripId, method: GOOD_CARD, key });
    expect(again.data?.payTrip.replayed).toBe(true);
    expect(h.payments.charges - charges).toBe(1);

    const paid = (await h.request<{ trip: TripData }>(TRIP, { tripId: trip?.tripId })).data?.trip;
    expect(paid?.tripStatus).toBe('Confirmed');
    expect(paid?.items.every((item) => item.bookingStatus === 'Confirmed')).toBe(true);
    const invoice = paid?.billing?.invoiceDetails;
    expect(paid?.billing?.transactionStatus).toBe('Success');
    expect(invoice?.lineItems).toHaveLength(4);
    expect(invoice?.lineItems.reduce((sum, line) => sum + cents(line.total), 0)).toBe(cents(invoice?.subtotal ?? '0'));
    expect(cents(invoice?.subtotal ?? '0')).toBe(78550);
    expect(cents(invoice?.subtotal ?? '0') + cents(invoice?.tax ?? '0')).toBe(cents(invoice?.total ?? '0'));
    expect(paid?.billing?.totalAmountPaid).toBe(invoice?.total);
    expect(await h.server.prisma.billing.count({ where: { tripId: trip?.tripId } })).toBe(1);
    // Each item announced its confirmation through the outbox.
    const ids = trip?.items.map((item) => item.bookingId) ?? [];
    expect(await h.server.prisma.outboxEvent.count({ where: { aggregateId: { in: ids }, topic: 'booking.confirmed' } })).toBe(4);
    // The trip's own events, valid under the common contract.
    const tripEvents = await h.server.prisma.outboxEvent.findMany({ where: { aggregateId: trip?.tripId }, orderBy: { id: 'asc' } });
    const parsed = tripEvents.map((row) => parseDomainEvent(JSON.stringify(row.payload), TRIP_EVENT_TYPES));
    expect(parsed.map((event) => [event.type, event.key, event.payload.status, event.payload.revision])).toEqual([
      ['trip.created', `trip:${trip?.tripId}`, 'Pending', 1],
      ['trip.confirmed', `trip:${trip?.tripId}`, 'Confirmed', 2],
    ]);
    expect(parsed[1]?.payload.bookingIds).toEqual(ids);
  });

  it.each([
    ['no seats left on the second leg', (t: ReturnType<typeof roundTrip>) => [t.leg1, { ...t.leg2, quantity: 3 }, t.hotel], 'CONFLICT', 'input.items.1.quantity'],
    ['a hotel stay ending before it starts', (t: ReturnType<typeof roundTrip>) => [t.leg1, t.leg2, { ...t.hotel, endDate: daysFromNow(39) }], 'BAD_USER_INPUT', 'input.items.2.endDate'],
    ['passengers that do not match the seats', (t: ReturnType<typeof roundTrip>) => [t.leg1, { ...t.leg2, quantity: 2, passengers: [adult] }, t.car], 'BAD_USER_INPUT', 'input.items.1.passengers'],
  ])('writes nothing when one item fails: %s', async (_name, items, code, path) => {
    const t = roundTrip(`BAD${code.length}${path.length}`);
    const before = await counts();
    const response = await createTrip(items(t));
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    const fields = (response.errors?.[0]?.extensions?.fields ?? []) as Array<{ path: string }>;
    expect(fields.some((field) => field.path.startsWith(path))).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it('gives the last seat of a connecting flight to exactly one of 12 concurrent trips, with no partial trip', async () => {
    const t = roundTrip('RACE', 1);
    // Everyone wants a different hotel night count but the same last seat on each leg.
    const responses = await Promise.all(Array.from({ length: 12 }, (_, index) => createTrip([t.leg1, t.leg2, { ...t.hotel, quantity: 1 }], user(index))));
    const won = responses.filter((response) => response.data?.createTrip);
    expect(won).toHaveLength(1);
    expect(new Set(responses.filter((response) => response.errors).map((response) => response.errors?.[0]?.extensions?.code))).toEqual(new Set(['CONFLICT']));
    for (const leg of [t.leg1, t.leg2]) {
      expect(await h.server.prisma.booking.aggregate({ where: { referenceId: leg.listingId }, _sum: { quantity: true } })).toMatchObject({ _sum: { quantity: 1 } });
    }
    const winner = won[0]?.data?.createTrip.tripId;
    expect(await h.server.prisma.booking.count({ where: { referenceId: { in: [t.leg1.listingId, t.leg2.listingId, t.hotel.listingId] } } })).toBe(3);
    expect(await h.server.prisma.booking.count({ where: { tripId: winner } })).toBe(3);
    expect(await h.server.prisma.trip.count({ where: { userId: { startsWith: '910-00-' } } })).toBe(1);
  });
});

describe('holds and declines', () => {
  it('expires the items of an unpaid trip together when the hold runs out, and the trip reads Expired', async () => {
    const t = roundTrip('HOLD');
    const trip = (await createTrip([t.leg1, t.hotel, t.car])).data?.createTrip;
    h.clock.advance(16 * 60 * 1000);
    try {
      // Earlier tests' unpaid bookings expire in the same sweep.
      expect((await h.server.sweeper.sweepOnce()).expired).toBeGreaterThanOrEqual(3);
      const read = (await h.request<{ trip: TripData }>(TRIP, { tripId: trip?.tripId })).data?.trip;
      expect(read?.tripStatus).toBe('Expired');
      expect(read?.items.map((item) => item.bookingStatus)).toEqual(['Expired', 'Expired', 'Expired']);
      const late = await h.request(PAY_TRIP, { tripId: trip?.tripId, method: GOOD_CARD, key: `late-${trip?.tripId}` });
      expect(late.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    } finally {
      h.clock.set(new Date());
    }
  });

  it('records a declined trip payment as one Failed billing and every item PaymentFailed', async () => {
    const t = roundTrip('DECL');
    const trip = (await createTrip([t.leg1, t.hotel])).data?.createTrip;
    const response = await h.request<{ payTrip: { trip: TripData; billing: { transactionStatus: string } } }>(PAY_TRIP, { tripId: trip?.tripId, method: DECLINED_CARD, key: `decl-${trip?.tripId}` });
    expect(response.errors).toBeUndefined();
    expect(response.data?.payTrip.billing.transactionStatus).toBe('Failed');
    expect(response.data?.payTrip.trip.tripStatus).toBe('PaymentFailed');
    expect(response.data?.payTrip.trip.items.map((item) => item.bookingStatus)).toEqual(['PaymentFailed', 'PaymentFailed']);
  });

  it('refuses to pay or cancel a trip item on its own', async () => {
    const t = roundTrip('SOLO');
    const item = (await createTrip([t.hotel])).data?.createTrip.items[0];
    expect((await h.request(PAY_BOOKING, { bookingId: item?.bookingId, method: GOOD_CARD, key: `solo-${item?.bookingId}` })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await h.request(CANCEL_BOOKING, { bookingId: item?.bookingId })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});

describe('cancelling', () => {
  it('refunds one cancelled item with its tax, then the rest of the charge when the trip is cancelled', async () => {
    const t = roundTrip('CXL');
    const trip = (await createTrip([t.leg1, t.leg2, t.hotel, t.car])).data?.createTrip;
    const paid = await h.request<{ payTrip: { trip: TripData } }>(PAY_TRIP, { tripId: trip?.tripId, method: GOOD_CARD, key: `cxl-${trip?.tripId}` });
    const total = cents(paid.data?.payTrip.trip.billing?.totalAmountPaid ?? '0');
    const car = trip?.items.find((item) => item.bookingType === 'Car');

    const refundCount = h.payments.refunds;
    const partial = await h.request<{ cancelTripItem: TripData }>(CANCEL_ITEM, { tripId: trip?.tripId, bookingId: car?.bookingId });
    expect(partial.errors).toBeUndefined();
    expect(partial.data?.cancelTripItem.tripStatus).toBe('PartiallyCancelled');
    expect(partial.data?.cancelTripItem.items.find((item) => item.bookingType === 'Car')?.bookingStatus).toBe('Cancelled');
    // 3 days × 45.00 and the tax on it
    expect(BigInt(cents(partial.data?.cancelTripItem.refundedTotal ?? '0'))).toBe(13500n + taxOf(13500n));
    expect(partial.data?.cancelTripItem.billing?.transactionStatus).toBe('Success');

    const all = await h.request<{ cancelTrip: TripData }>(CANCEL_TRIP, { tripId: trip?.tripId });
    expect(all.errors).toBeUndefined();
    expect(all.data?.cancelTrip).toMatchObject({ tripStatus: 'Cancelled', billing: { transactionStatus: 'Refunded' } });
    expect(cents(all.data?.cancelTrip.refundedTotal ?? '0')).toBe(total);
    expect(all.data?.cancelTrip.items.every((item) => item.bookingStatus === 'Cancelled')).toBe(true);
    expect(h.payments.refunds - refundCount).toBe(2);
    const ids = trip?.items.map((item) => item.bookingId) ?? [];
    expect(await h.server.prisma.outboxEvent.count({ where: { aggregateId: { in: ids }, topic: 'booking.cancelled' } })).toBe(4);
    const cancelled = await h.server.prisma.outboxEvent.findMany({ where: { aggregateId: trip?.tripId, topic: 'trip.cancelled' }, orderBy: { id: 'asc' } });
    const refunds = cancelled.map((row) => parseDomainEvent(JSON.stringify(row.payload), ['trip.cancelled'])).map((event) => [event.payload.status, event.payload.refundCents]);
    expect(refunds).toEqual([
      ['PartiallyCancelled', 13500 + Number(taxOf(13500n))],
      ['Cancelled', total - 13500 - Number(taxOf(13500n))],
    ]);
    // The capacity is free again.
    expect((await createTrip([t.car], BOB)).errors).toBeUndefined();
  });
});

describe('privacy and listing', () => {
  it('shows a trip to its owner and to admins who read bookings, NOT_FOUND to anyone else', async () => {
    const t = roundTrip('PRIV');
    const trip = (await createTrip([t.hotel])).data?.createTrip;
    expect((await h.request<{ trip: TripData }>(TRIP, { tripId: trip?.tripId }, BILLING_ADMIN)).data?.trip.tripId).toBe(trip?.tripId);
    for (const viewer of [BOB, LISTING_ADMIN]) {
      const response = await h.request(TRIP, { tripId: trip?.tripId }, viewer);
      expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(response.data).toBeNull();
    }
    expect((await h.request(CANCEL_TRIP, { tripId: trip?.tripId }, BOB)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('reads a user with 1 or 10 trips, their items, passengers and billing in the same number of SQL round trips', async () => {
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { userId trips(first: 20) { totalCount nodes { ${TRIP_FIELDS} } } } } }`;
    const run = async (viewer: Viewer & { kind: 'user' }): Promise<number> => {
      h.queries.length = 0;
      const response = await h.request<{ _entities: Array<{ trips: { totalCount: number } }> }>(query, { reps: [{ __typename: 'User', userId: viewer.userId }] }, viewer);
      expect(response.errors).toBeUndefined();
      return h.queries.filter((sql) => !/^\s*(SELECT 1|-- Implicit)/.test(sql)).length;
    };
    const one: Viewer & { kind: 'user' } = { kind: 'user', userId: '920-00-0001' };
    const ten: Viewer & { kind: 'user' } = { kind: 'user', userId: '920-00-0010' };
    for (let index = 0; index < 10; index += 1) {
      const t = roundTrip(`FLAG${index}`, 20);
      if (index === 0) expect((await createTrip([{ ...t.leg1, passengers: [adult] }, t.hotel], one)).errors).toBeUndefined();
      const created = (await createTrip([{ ...t.leg1, passengers: [{ ...adult, firstName: 'Grace' }] }, { ...t.hotel, startDate: daysFromNow(50, 15), endDate: daysFromNow(51, 11) }], ten)).data?.createTrip;
      if (index % 2 === 0) await h.request(PAY_TRIP, { tripId: created?.tripId, method: GOOD_CARD, key: `flag-${created?.tripId}` }, ten);
    }
    const forOne = await run(one);
    const forTen = await run(ten);
    expect(forTen).toBe(forOne);
    expect(forOne).toBeLessThanOrEqual(6);
  });
});
