import type { Viewer } from '@kayak/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, ANALYTICS_ADMIN, ANONYMOUS, BILLING_ADMIN, BOB, daysFromNow, LISTING_ADMIN, startHarness, SUPER_ADMIN, USER_ADMIN, type Harness } from '../support/harness.js';

let h: Harness;

interface Payment {
  day: string;
  type: 'Flight' | 'Hotel' | 'Car';
  amount: string;
  status: 'Success' | 'Failed' | 'Refunded';
}

const payments: Payment[] = [
  { day: '2025-12-31T23:59:59Z', type: 'Flight', amount: '1000.00', status: 'Success' }, // before the range
  { day: '2026-01-15T08:00:00Z', type: 'Flight', amount: '100.10', status: 'Success' },
  { day: '2026-01-15T22:00:00Z', type: 'Hotel', amount: '200.20', status: 'Success' },
  { day: '2026-01-16T10:00:00Z', type: 'Flight', amount: '50.05', status: 'Refunded' },
  { day: '2026-02-01T09:00:00Z', type: 'Car', amount: '0.10', status: 'Success' },
  { day: '2026-02-01T10:00:00Z', type: 'Car', amount: '0.10', status: 'Success' },
  { day: '2026-02-01T11:00:00Z', type: 'Car', amount: '0.10', status: 'Success' },
  { day: '2026-02-02T12:00:00Z', type: 'Hotel', amount: '999.99', status: 'Failed' }, // not revenue
  { day: '2026-03-01T00:00:00Z', type: 'Hotel', amount: '500.00', status: 'Success' }, // `to` is exclusive
];

beforeAll(async () => {
  h = await startHarness('bk_admin');
  const { prisma } = h.server;
  await prisma.booking.createMany({
    data: payments.map((payment, index) => ({
      bookingId: `BKA${index}`,
      userId: index % 2 === 0 ? '123-45-6789' : '234-56-7890',
      bookingType: payment.type,
      referenceId: `${payment.type.toUpperCase()}-${index % 3}`,
      startDate: new Date(daysFromNow(30)),
      endDate: new Date(daysFromNow(31)),
      totalPrice: payment.amount,
      bookingStatus: payment.status === 'Success' ? ('Confirmed' as const) : payment.status === 'Refunded' ? ('Cancelled' as const) : ('PaymentFailed' as const),
      createdAt: new Date(payment.day),
    })),
  });
  await prisma.billing.createMany({
    data: payments.map((payment, index) => ({
      billingId: `BILLA${index}`,
      userId: index % 2 === 0 ? '123-45-6789' : '234-56-7890',
      bookingType: payment.type,
      bookingId: `BKA${index}`,
      transactionDate: new Date(payment.day),
      totalAmountPaid: payment.amount,
      paymentMethod: 'credit_card',
      transactionStatus: payment.status,
      invoiceNumber: `INVA${index}`,
    })),
  });
});
afterAll(async () => {
  await h?.close();
});

const REPORT = `query ($input: RevenueReportInput!) { revenueReport(input: $input) { from to totalRevenue totalRefunded totalTransactions rows { period bookingType revenue refunded transactions } } }`;
const range = { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' };

async function report(input: Record<string, unknown>, viewer: Viewer = BILLING_ADMIN) {
  return h.request<{ revenueReport: { totalRevenue: string; totalRefunded: string; totalTransactions: number; rows: Array<Record<string, unknown>> } }>(REPORT, { input }, viewer);
}

describe('revenue reports', () => {
  it('sums successful payments by day with exact decimals; refunds apart; failures and out-of-range dates left out', async () => {
    const response = await report({ ...range, period: 'Day' });
    expect(response.errors).toBeUndefined();
    expect(response.data?.revenueReport).toMatchObject({ totalRevenue: '300.60', totalRefunded: '50.05', totalTransactions: 6 });
    expect(response.data?.revenueReport.rows).toEqual([
      { period: '2026-01-15', bookingType: null, revenue: '300.30', refunded: '0.00', transactions: 2 },
      { period: '2026-01-16', bookingType: null, revenue: '0.00', refunded: '50.05', transactions: 1 },
      { period: '2026-02-01', bookingType: null, revenue: '0.30', refunded: '0.00', transactions: 3 },
    ]);
  });

  it('groups by month and booking type', async () => {
    const response = await report({ ...range, period: 'Month', byBookingType: true }, ANALYTICS_ADMIN);
    expect(response.data?.revenueReport.rows).toEqual([
      { period: '2026-01', bookingType: 'Flight', revenue: '100.10', refunded: '50.05', transactions: 2 },
      { period: '2026-01', bookingType: 'Hotel', revenue: '200.20', refunded: '0.00', transactions: 1 },
      { period: '2026-02', bookingType: 'Car', revenue: '0.30', refunded: '0.00', transactions: 3 },
    ]);
  });

  it('groups by booking type alone', async () => {
    const response = await report({ ...range, byBookingType: true }, SUPER_ADMIN);
    expect(response.data?.revenueReport.rows.map((row) => [row.bookingType, row.revenue])).toEqual([
      ['Car', '0.30'],
      ['Flight', '100.10'],
      ['Hotel', '200.20'],
    ]);
  });

  it('is for Billing and Analytics Admins (and Super Admins) only', async () => {
    expect((await report(range, LISTING_ADMIN)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await report(range, ALICE)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await report(range, ANONYMOUS)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a range that ends before it starts', async () => {
    expect((await report({ from: range.to, to: range.from })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.to' }] });
  });
});

const BOOKINGS = `query ($filter: BookingFilter, $first: Int, $after: String) { bookings(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { bookingId } } }`;
type BookingsPage = { bookings: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Array<{ bookingId: string }> } };

describe('admin bookings(filter)', () => {
  it('filters by user, status, listing and creation date, newest first', async () => {
    const byUser = await h.request<BookingsPage>(BOOKINGS, { filter: { userId: '234-56-7890' } }, USER_ADMIN);
    expect(byUser.data?.bookings.nodes.map((node) => node.bookingId)).toEqual(['BKA7', 'BKA5', 'BKA3', 'BKA1']);
    const failed = await h.request<BookingsPage>(BOOKINGS, { filter: { bookingStatus: 'PaymentFailed' } }, SUPER_ADMIN);
    expect(failed.data?.bookings).toMatchObject({ totalCount: 1, nodes: [{ bookingId: 'BKA7' }] });
    const listing = await h.request<BookingsPage>(BOOKINGS, { filter: { bookingType: 'Car', referenceId: 'CAR-1' } }, SUPER_ADMIN);
    expect(listing.data?.bookings.nodes).toEqual([{ bookingId: 'BKA4' }]);
    const january = await h.request<BookingsPage>(BOOKINGS, { filter: { createdFrom: '2026-01-01T00:00:00Z', createdTo: '2026-02-01T00:00:00Z' } }, SUPER_ADMIN);
    expect(january.data?.bookings.nodes.map((node) => node.bookingId)).toEqual(['BKA3', 'BKA2', 'BKA1']);
  });

  it('pages with cursors and keeps the total', async () => {
    const first = await h.request<BookingsPage>(BOOKINGS, { first: 4 }, BILLING_ADMIN);
    const second = await h.request<BookingsPage>(BOOKINGS, { first: 4, after: first.data?.bookings.pageInfo.endCursor }, BILLING_ADMIN);
    const third = await h.request<BookingsPage>(BOOKINGS, { first: 4, after: second.data?.bookings.pageInfo.endCursor }, BILLING_ADMIN);
    const ids = [first, second, third].flatMap((page) => page.data?.bookings.nodes.map((node) => node.bookingId) ?? []);
    expect(ids).toEqual(['BKA8', 'BKA7', 'BKA6', 'BKA5', 'BKA4', 'BKA3', 'BKA2', 'BKA1', 'BKA0']);
    expect(third.data?.bookings).toMatchObject({ totalCount: 9, pageInfo: { hasNextPage: false } });
  });

  it('is for admins only; a user lists their own with myBookings', async () => {
    expect((await h.request(BOOKINGS, {}, BOB)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const mine = await h.request<{ myBookings: { totalCount: number } }>(`{ myBookings { totalCount } }`, {}, BOB);
    expect(mine.data?.myBookings.totalCount).toBe(4);
    expect((await h.request(`{ myBookings { totalCount } }`, {}, SUPER_ADMIN)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('shows one booking to its user and to the admins who deal with bookings, not to other users', async () => {
    const query = `query ($id: ID!) { booking(bookingId: $id) { bookingId billing { billingId } } }`;
    expect((await h.request(query, { id: 'BKA1' }, BOB)).data).toEqual({ booking: { bookingId: 'BKA1', billing: { billingId: 'BILLA1' } } });
    expect((await h.request(query, { id: 'BKA1' }, BILLING_ADMIN)).errors).toBeUndefined();
    expect((await h.request(query, { id: 'BKA1' }, ALICE)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await h.request(query, { id: 'BK-MISSING' }, ALICE)).data).toEqual({ booking: null });
  });
});

/**
 * Who may read bookings, role by role, as packages/common/src/permissions.ts and docs/auth.md say:
 * `bookings(filter)` (bookings:list) and any user's booking, billing and bookings (bookings:read)
 * are for User, Billing and Analytics Admins (and Super Admins); a Listing Admin gets none of them,
 * so no user id (an SSN) reaches them.
 */
describe('bookings access by role', () => {
  const BOOKING = `query ($id: ID!) { booking(bookingId: $id) { bookingId userId } }`;
  const BILLING = `query ($id: ID!) { billing(billingId: $id) { billingId userId } }`;
  const USER_BOOKINGS = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { bookings { totalCount nodes { bookingId } } } } }`;
  const cases: Array<{ who: string; viewer: Viewer; list: string | null; readOthers: string | null }> = [
    { who: 'anonymous', viewer: ANONYMOUS, list: 'UNAUTHENTICATED', readOthers: 'UNAUTHENTICATED' },
    { who: 'a user (another user)', viewer: ALICE, list: 'FORBIDDEN', readOthers: 'FORBIDDEN' },
    { who: 'a Super Admin', viewer: SUPER_ADMIN, list: null, readOthers: null },
    { who: 'a Listing Admin', viewer: LISTING_ADMIN, list: 'FORBIDDEN', readOthers: 'FORBIDDEN' },
    { who: 'a User Admin', viewer: USER_ADMIN, list: null, readOthers: null },
    { who: 'a Billing Admin', viewer: BILLING_ADMIN, list: null, readOthers: null },
    { who: 'an Analytics Admin', viewer: ANALYTICS_ADMIN, list: null, readOthers: null },
  ];

  for (const { who, viewer, list, readOthers } of cases) {
    it(`bookings(filter) for ${who}: ${list ?? 'every booking'}`, async () => {
      const response = await h.request<BookingsPage>(BOOKINGS, { filter: { userId: '234-56-7890' } }, viewer);
      if (list === null) {
        expect(response.errors).toBeUndefined();
        expect(response.data?.bookings.totalCount).toBe(4);
      } else {
        expect(response.errors?.[0]?.extensions?.code).toBe(list);
        expect(response.data).toBeNull();
        expect(JSON.stringify(response)).not.toContain('234-56-7890');
      }
    });

    it(`Bob's booking, billing and bookings list for ${who}: ${readOthers ?? 'visible'}`, async () => {
      const responses = [
        await h.request(BOOKING, { id: 'BKA1' }, viewer),
        await h.request(BILLING, { id: 'BILLA1' }, viewer),
        await h.request(USER_BOOKINGS, { reps: [{ __typename: 'User', userId: '234-56-7890' }] }, viewer),
      ];
      for (const response of responses) {
        if (readOthers === null) {
          expect(response.errors).toBeUndefined();
        } else {
          expect(response.errors?.[0]?.extensions?.code).toBe(readOthers);
          expect(JSON.stringify(response.data)).not.toContain('BKA1');
        }
      }
    });
  }
});
