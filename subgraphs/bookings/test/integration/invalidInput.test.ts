import type { Viewer } from '@kayak/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, BOB, CANCEL_BOOKING, CREATE_BOOKING, daysFromNow, GOOD_CARD, PAY_BOOKING, startHarness, SUPER_ADMIN, USER_ADMIN, type BookingData, type Harness } from '../support/harness.js';

let h: Harness;
let pending: BookingData;

beforeAll(async () => {
  h = await startHarness('bk_invalid');
  h.catalog.put({ listingType: 'Hotel', listingId: 'HTL-V', unitPrice: '100.00', capacity: 1 });
  const response = await h.request<{ createBooking: BookingData }>(CREATE_BOOKING, {
    input: { listingType: 'Hotel', listingId: 'HTL-V', startDate: daysFromNow(3, 15), endDate: daysFromNow(4, 11), quantity: 1 },
  });
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  pending = response.data.createBooking;
});
afterAll(async () => {
  await h?.close();
});

interface Counts {
  bookings: number;
  billings: number;
  history: number;
  outbox: number;
  versions: number;
}

/** Row counts of every table the mutations write, and the sum of booking versions. */
async function snapshot(): Promise<Counts> {
  const { prisma } = h.server;
  return {
    bookings: await prisma.booking.count(),
    billings: await prisma.billing.count(),
    history: await prisma.bookingStatusChange.count(),
    outbox: await prisma.outboxEvent.count(),
    versions: (await prisma.booking.aggregate({ _sum: { version: true } }))._sum.version ?? 0,
  };
}

async function expectNothingWritten(run: () => Promise<{ errors?: Array<{ extensions?: Record<string, unknown> }> }>, code: string): Promise<Record<string, unknown> | undefined> {
  const before = await snapshot();
  const response = await run();
  expect(response.errors?.[0]?.extensions?.code).toBe(code);
  expect(await snapshot()).toEqual(before);
  return response.errors?.[0]?.extensions;
}

const create = (input: Record<string, unknown>, viewer?: Viewer) => () => h.request(CREATE_BOOKING, { input }, viewer);
const valid = { listingType: 'Hotel', listingId: 'HTL-V', startDate: daysFromNow(20, 15), endDate: daysFromNow(22, 11), quantity: 1 };

describe('invalid inputs write nothing', () => {
  it('reports every invalid createBooking field in one BAD_USER_INPUT', async () => {
    const extensions = await expectNothingWritten(create({ ...valid, listingId: ' ', startDate: daysFromNow(-2), endDate: daysFromNow(-3), quantity: 0 }), 'BAD_USER_INPUT');
    expect(extensions?.fields).toEqual([
      { path: 'input.listingId', message: 'must be 1–255 characters' },
      { path: 'input.startDate', message: 'must not be in the past' },
      { path: 'input.endDate', message: 'must be after the start date' },
      { path: 'input.quantity', message: 'must be between 1 and 9' },
    ]);
  });

  it('rejects an end date before the start date', async () => {
    const extensions = await expectNothingWritten(create({ ...valid, endDate: daysFromNow(19) }), 'BAD_USER_INPUT');
    expect(extensions?.fields).toEqual([{ path: 'input.endDate', message: 'must be after the start date' }]);
  });

  it('rejects a listing the listings subgraph does not know', async () => {
    const extensions = await expectNothingWritten(create({ ...valid, listingId: 'HTL-NOPE' }), 'BAD_USER_INPUT');
    expect(extensions?.fields).toEqual([{ path: 'input.listingId', message: 'no Hotel with this id' }]);
  });

  it('rejects a malformed DateTime before any resolver runs', async () => {
    await expectNothingWritten(create({ ...valid, startDate: 'tomorrow' }), 'BAD_USER_INPUT');
  });

  it('answers CONFLICT when the listing is full', async () => {
    await expectNothingWritten(create({ ...valid, startDate: daysFromNow(3, 15), endDate: daysFromNow(4, 11) }), 'CONFLICT');
  });

  it('requires a signed-in viewer', async () => {
    await expectNothingWritten(create(valid, ANONYMOUS), 'UNAUTHENTICATED');
  });

  it('forbids a user to book for somebody else', async () => {
    await expectNothingWritten(create({ ...valid, userId: '345-67-8901' }, BOB), 'FORBIDDEN');
  });

  it('requires an admin to name an existing user', async () => {
    expect((await expectNothingWritten(create(valid, SUPER_ADMIN), 'BAD_USER_INPUT'))?.fields).toEqual([{ path: 'input.userId', message: 'is required when an admin books' }]);
    expect((await expectNothingWritten(create({ ...valid, userId: '999-99-9999' }, USER_ADMIN), 'BAD_USER_INPUT'))?.fields).toEqual([{ path: 'input.userId', message: 'no user with this id' }]);
  });

  it('rejects an invalid card number and idempotency key together', async () => {
    const extensions = await expectNothingWritten(() => h.request(PAY_BOOKING, { bookingId: pending.bookingId, method: { type: 'credit_card', cardNumber: '1234' }, key: '' }), 'BAD_USER_INPUT');
    expect(extensions?.fields).toEqual([
      { path: 'idempotencyKey', message: 'must be 1–255 printable ASCII characters without spaces' },
      { path: 'paymentMethod.cardNumber', message: 'must be 13–19 digits' },
    ]);
  });

  it('forbids cancelling somebody else’s booking', async () => {
    await expectNothingWritten(() => h.request(CANCEL_BOOKING, { bookingId: pending.bookingId }, BOB), 'FORBIDDEN');
  });

  it('accepts a valid booking afterwards (the checks above did not just fail everything)', async () => {
    const before = await snapshot();
    const response = await h.request(CREATE_BOOKING, { input: { ...valid, userId: '345-67-8901' } }, USER_ADMIN);
    expect(response.errors).toBeUndefined();
    expect(await snapshot()).toEqual({ ...before, bookings: before.bookings + 1, history: before.history + 1, outbox: before.outbox + 1, versions: before.versions + 1 });
  });
});

describe('paying', () => {
  it('succeeds for the pending booking (the fixture is sound)', async () => {
    const response = await h.request(PAY_BOOKING, { bookingId: pending.bookingId, method: GOOD_CARD, key: 'valid-key' });
    expect(response.errors).toBeUndefined();
  });
});
