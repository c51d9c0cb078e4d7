import type { Viewer } from '@kayak/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANCEL_BOOKING, CREATE_BOOKING, daysFromNow, startHarness, type BookingData, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('bk_capacity');
});
afterAll(async () => {
  await h?.close();
});

const user = (index: number): Viewer => ({ kind: 'user', userId: `900-00-${String(index).padStart(4, '0')}` });

async function book(input: Record<string, unknown>, viewer?: Viewer) {
  return h.request<{ createBooking: BookingData }>(CREATE_BOOKING, { input }, viewer);
}

describe('capacity under concurrency', () => {
  it('gives the last 5 seats to exactly 5 of 50 concurrent requests; the others get CONFLICT', async () => {
    h.catalog.put({ listingType: 'Flight', listingId: 'FL-LAST5', unitPrice: '120.00', capacity: 8, departureAt: new Date(daysFromNow(15, 9)), arrivalAt: new Date(daysFromNow(15, 12)) });
    const flight = { listingType: 'Flight', listingId: 'FL-LAST5', startDate: daysFromNow(15, 9), endDate: daysFromNow(15, 12) };
    // 3 of 8 seats are taken first, so 5 remain.
    expect((await book({ ...flight, quantity: 3 })).errors).toBeUndefined();

    const responses = await Promise.all(Array.from({ length: 50 }, (_, index) => book({ ...flight, quantity: 1 }, user(index))));
    const succeeded = responses.filter((response) => response.data?.createBooking);
    const codes = responses.filter((response) => response.errors).map((response) => response.errors?.[0]?.extensions?.code);
    expect(succeeded).toHaveLength(5);
    expect(codes).toHaveLength(45);
    expect(new Set(codes)).toEqual(new Set(['CONFLICT']));

    const rows = await h.server.prisma.booking.aggregate({ where: { referenceId: 'FL-LAST5' }, _sum: { quantity: true }, _count: true });
    expect(rows).toMatchObject({ _sum: { quantity: 8 }, _count: 6 });
    // Every booking has its creation in the audit trail and its event in the outbox, nothing more.
    expect(await h.server.prisma.outboxEvent.count({ where: { aggregateId: { in: succeeded.map((response) => response.data?.createBooking.bookingId ?? '') } } })).toBe(5);
  });

  it('frees capacity when a booking is cancelled', async () => {
    h.catalog.put({ listingType: 'Flight', listingId: 'FL-ONE', unitPrice: '99.00', capacity: 1, departureAt: new Date(daysFromNow(16, 9)), arrivalAt: new Date(daysFromNow(16, 10)) });
    const flight = { listingType: 'Flight', listingId: 'FL-ONE', startDate: daysFromNow(16, 9), endDate: daysFromNow(16, 10), quantity: 1 };
    const first = await book(flight);
    expect((await book(flight)).errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT', fields: [{ path: 'input.quantity', message: 'must be at most 0' }] } });
    await h.request(CANCEL_BOOKING, { bookingId: first.data?.createBooking.bookingId });
    expect((await book(flight)).data?.createBooking.bookingStatus).toBe('Pending');
  });

  it('counts hotel rooms per overlapping stay only', async () => {
    h.catalog.put({ listingType: 'Hotel', listingId: 'HTL-2ROOMS', unitPrice: '150.00', capacity: 2 });
    const stay = (from: number, to: number, quantity: number) => ({ listingType: 'Hotel', listingId: 'HTL-2ROOMS', startDate: daysFromNow(from, 15), endDate: daysFromNow(to, 11), quantity });
    expect((await book(stay(10, 13, 2))).errors).toBeUndefined();
    // Overlaps on the 12th: no room left.
    expect((await book(stay(12, 14, 1))).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // Checks in the day the others check out: free.
    expect((await book(stay(13, 15, 2))).errors).toBeUndefined();
  });

  it('counts hotel rooms per night: a room held on night 1 and another on night 3 leave one room for nights 1–3', async () => {
    h.catalog.put({ listingType: 'Hotel', listingId: 'HTL-PEAK', unitPrice: '150.00', capacity: 2 });
    const stay = (from: number, to: number, quantity = 1) => ({ listingType: 'Hotel', listingId: 'HTL-PEAK', startDate: daysFromNow(from), endDate: daysFromNow(to), quantity });
    expect((await book(stay(30, 31))).errors).toBeUndefined();
    expect((await book(stay(32, 33), user(3))).errors).toBeUndefined();
    expect((await book(stay(30, 33, 2), user(4))).errors?.[0]).toMatchObject({ message: 'Only 1 of 2 STANDARD rooms left for these dates', extensions: { code: 'CONFLICT' } });
    expect((await book(stay(30, 33), user(4))).errors).toBeUndefined();
    expect((await book(stay(30, 33), user(5))).errors?.[0]).toMatchObject({ message: 'Only 0 of 2 STANDARD rooms left for these dates', extensions: { code: 'CONFLICT' } });
  });

  it('rents a car to one booking at a time and refuses a car that is not available', async () => {
    h.catalog.put({ listingType: 'Car', listingId: 'CAR-1', unitPrice: '45.00', capacity: 1 });
    const rent = (from: number, to: number) => ({ listingType: 'Car', listingId: 'CAR-1', startDate: daysFromNow(from, 9), endDate: daysFromNow(to, 9), quantity: 1 });
    const responses = await Promise.all([book(rent(20, 22)), book(rent(21, 23), user(1)), book(rent(19, 24), user(2))]);
    expect(responses.filter((response) => response.data?.createBooking)).toHaveLength(1);

    h.catalog.put({ listingType: 'Car', listingId: 'CAR-SHOP', unitPrice: '45.00', capacity: 1, available: false });
    expect((await book({ ...rent(20, 22), listingId: 'CAR-SHOP' })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
