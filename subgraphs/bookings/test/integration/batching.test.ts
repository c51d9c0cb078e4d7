import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, daysFromNow, startHarness, SUPER_ADMIN, type Harness } from '../support/harness.js';

let h: Harness;
const USERS = Array.from({ length: 50 }, (_, index) => `800-00-${String(index).padStart(4, '0')}`);

beforeAll(async () => {
  h = await startHarness('bk_batch');
  const { prisma } = h.server;
  // Two bookings per user (the second Confirmed and paid); the first user has a few more for paging.
  await prisma.booking.createMany({
    data: USERS.flatMap((userId, index) => [
      { bookingId: `BKB${index}A`, userId, bookingType: 'Hotel' as const, referenceId: 'HTL001', startDate: new Date(daysFromNow(10)), endDate: new Date(daysFromNow(12)), totalPrice: '200.00' },
      { bookingId: `BKB${index}B`, userId, bookingType: 'Flight' as const, referenceId: `FL${index % 3}`, startDate: new Date(daysFromNow(11)), endDate: new Date(daysFromNow(11, 5)), totalPrice: '99.99', bookingStatus: 'Confirmed' as const, version: 2 },
    ]),
  });
  await prisma.booking.createMany({
    data: [1, 2, 3].map((n) => ({ bookingId: `BKB0X${n}`, userId: USERS[0] ?? '', bookingType: 'Car' as const, referenceId: 'CAR001', startDate: new Date(daysFromNow(20 + n)), endDate: new Date(daysFromNow(21 + n)), totalPrice: '39.00' })),
  });
  await prisma.billing.createMany({
    data: USERS.map((userId, index) => ({
      billingId: `BILLB${index}`,
      userId,
      bookingType: 'Flight',
      bookingId: `BKB${index}B`,
      totalAmountPaid: '107.99',
      paymentMethod: 'credit_card',
      transactionStatus: 'Success' as const,
      invoiceNumber: `INVB${index}`,
      invoiceDetails: { line_items: [{ description: 'Flight', quantity: 1, unit_price: 99.99, total: 99.99 }], subtotal: 99.99, tax: 8, total: 107.99 },
    })),
  });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.queries.length = 0;
});

const userReps = USERS.map((userId) => ({ __typename: 'User', userId }));
const dataQueries = (): string[] => h.queries.filter((sql) => !/^\s*(SELECT 1|-- Implicit)/.test(sql));

describe('User.bookings and User.billings are batched across users', () => {
  it('loads the bookings of 50 users with ONE SQL query', async () => {
    const response = await h.request<{ _entities: Array<{ userId: string; bookings: { totalCount: number; nodes: Array<{ bookingId: string }> } }> }>(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { userId bookings(first: 10) { totalCount nodes { bookingId } } } } }`,
      { reps: userReps },
      SUPER_ADMIN,
    );
    expect(response.errors).toBeUndefined();
    const entities = response.data?._entities ?? [];
    expect(entities).toHaveLength(50);
    expect(entities[1]).toEqual({ userId: USERS[1], bookings: { totalCount: 2, nodes: [{ bookingId: 'BKB1B' }, { bookingId: 'BKB1A' }] } });
    expect(entities[0]?.bookings.totalCount).toBe(5);
    expect(dataQueries()).toHaveLength(1);
    expect(dataQueries()[0]).toMatch(/PARTITION BY/);
  });

  it('loads the billings of 50 users with ONE SQL query, amounts as exact decimals', async () => {
    const response = await h.request<{ _entities: Array<{ billings: { totalCount: number; nodes: Array<{ totalAmountPaid: string; invoiceDetails: { subtotal: string; tax: string } }> } }> }>(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { billings { totalCount nodes { totalAmountPaid invoiceDetails { subtotal tax } } } } } }`,
      { reps: userReps },
      SUPER_ADMIN,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities[7]?.billings).toEqual({ totalCount: 1, nodes: [{ totalAmountPaid: '107.99', invoiceDetails: { subtotal: '99.99', tax: '8.00' } }] });
    expect(dataQueries()).toHaveLength(1);
  });

  it('answers hasConfirmedBooking for 50 users with ONE SQL query', async () => {
    const response = await h.request<{ _entities: Array<{ flight: boolean; hotel: boolean }> }>(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { flight: hasConfirmedBooking(listingType: Flight, listingId: "FL1") hotel: hasConfirmedBooking(listingType: Hotel, listingId: "HTL001") } } }`,
      { reps: userReps },
      SUPER_ADMIN,
    );
    expect(response.errors).toBeUndefined();
    const answers = response.data?._entities ?? [];
    expect(answers.filter((answer) => answer.flight).length).toBe(USERS.filter((_, index) => index % 3 === 1).length);
    expect(answers.every((answer) => !answer.hotel)).toBe(true);
    expect(dataQueries()).toHaveLength(1);
  });

  it('runs one query per distinct argument set, not per user', async () => {
    const response = await h.request(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { pending: bookings(status: Pending) { totalCount } confirmed: bookings(status: Confirmed) { totalCount } } } }`,
      { reps: userReps },
      SUPER_ADMIN,
    );
    expect(response.errors).toBeUndefined();
    expect(dataQueries()).toHaveLength(2);
  });
});

describe('paging and visibility', () => {
  it('pages through a user’s bookings newest first with opaque cursors', async () => {
    const page = async (after: string | null) =>
      (
        await h.request<{ _entities: Array<{ bookings: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Array<{ bookingId: string }> } }> }>(
          `query ($reps: [_Any!]!, $after: String) { _entities(representations: $reps) { ... on User { bookings(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { bookingId } } } } }`,
          { reps: [{ __typename: 'User', userId: USERS[0] }], after },
          SUPER_ADMIN,
        )
      ).data?._entities[0]?.bookings;
    const first = await page(null);
    const second = await page(first?.pageInfo.endCursor ?? null);
    const third = await page(second?.pageInfo.endCursor ?? null);
    expect([first, second, third].map((p) => p?.nodes.map((node) => node.bookingId))).toEqual([['BKB0X3', 'BKB0X2'], ['BKB0X1', 'BKB0B'], ['BKB0A']]);
    expect([first, second, third].map((p) => [p?.totalCount, p?.pageInfo.hasNextPage])).toEqual([[5, true], [5, true], [5, false]]);
    const beyond = await page(third?.pageInfo.endCursor ?? null);
    expect(beyond).toEqual({ totalCount: 5, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] });
  });

  it('rejects a cursor that was not issued by the list', async () => {
    const response = await h.request(`{ myBookings(after: "bm90LWEtY3Vyc29y") { totalCount } }`);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
  });

  it('shows a user’s bookings to themself and admins only', async () => {
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { userId bookings { totalCount } hasConfirmedBooking(listingType: Flight, listingId: "FL0") } } }`;
    const own = await h.request<{ _entities: Array<Record<string, unknown>> }>(query, { reps: [{ __typename: 'User', userId: '123-45-6789' }] }, ALICE);
    expect(own.errors).toBeUndefined();
    expect(own.data?._entities[0]).toEqual({ userId: '123-45-6789', bookings: { totalCount: 0 }, hasConfirmedBooking: false });

    const other = await h.request<{ _entities: Array<Record<string, unknown> | null> }>(query, { reps: [{ __typename: 'User', userId: USERS[0] }] }, BOB);
    expect(other.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    // hasConfirmedBooking is non-null, so its error nulls the whole entity: nothing leaks.
    expect(other.data?._entities).toEqual([null]);
  });
});
