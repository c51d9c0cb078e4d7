import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_BOOKING, daysFromNow, GOOD_CARD, PAY_BOOKING, startHarness, type BookingData, type Harness } from '../support/harness.js';

// Every amount a booking stores or charges, tax included, fits DECIMAL(10,2) (max 99,999,999.99):
// the bound is packages/common/src/money.ts (MAX_PRE_TAX_CENTS = 92,592,592.58 before 8 % tax).
let h: Harness;

beforeAll(async () => {
  h = await startHarness('bk_money');
  h.catalog.put({ listingType: 'Car', listingId: 'CAR-MAX', unitPrice: '99999999.99', capacity: 1 });
  h.catalog.put({ listingType: 'Car', listingId: 'CAR-BOUND', unitPrice: '92592592.58', capacity: 1 });
  h.catalog.put({ listingType: 'Hotel', listingId: 'HTL-LUX', unitPrice: '30000000.00', capacity: 9 });
});
afterAll(async () => {
  await h?.close();
});

const bookCar = (listingId: string, days = 1) =>
  h.request<{ createBooking: BookingData }>(CREATE_BOOKING, { input: { listingType: 'Car', listingId, startDate: daysFromNow(30, 10), endDate: daysFromNow(30 + days, 10), quantity: 1 } });

describe('money bounds', () => {
  it('refuses a booking whose total with tax would not fit a billing (the $99,999,999.99 listing), naming the field', async () => {
    const charges = h.payments.charges;
    const response = await bookCar('CAR-MAX');
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.listingId', message: expect.stringContaining('92592592.58') }] });
    expect(await h.server.prisma.booking.count()).toBe(0);
    expect(h.payments.charges).toBe(charges);
  });

  it('refuses rooms × nights that together exceed the bound, on both fields that make the total', async () => {
    const response = await h.request(CREATE_BOOKING, { input: { listingType: 'Hotel', listingId: 'HTL-LUX', startDate: daysFromNow(30, 15), endDate: daysFromNow(32, 11), quantity: 2 } });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.quantity' }, { path: 'input.endDate' }] });
  });

  it('books and bills the largest amount that fits: 92,592,592.58 + 8 % tax = 99,999,999.99', async () => {
    const booked = await bookCar('CAR-BOUND');
    expect(booked.errors).toBeUndefined();
    const bookingId = booked.data?.createBooking.bookingId ?? '';
    const paid = await h.request<{ payBooking: { billing: { totalAmountPaid: string; transactionStatus: string } } }>(PAY_BOOKING, { bookingId, method: GOOD_CARD, key: 'money-bound' });
    expect(paid.errors).toBeUndefined();
    expect(paid.data?.payBooking.billing).toEqual(expect.objectContaining({ totalAmountPaid: '99999999.99', transactionStatus: 'Success' }));
  });

  it('refuses to pay a stored booking whose total with tax would not fit, before charging anything (imported or older rows)', async () => {
    await h.server.prisma.booking.create({
      data: { bookingId: 'BK-LEGACY-MAX', userId: '123-45-6789', bookingType: 'Car', referenceId: 'CAR-MAX', startDate: new Date(daysFromNow(40, 10)), endDate: new Date(daysFromNow(41, 10)), totalPrice: '99999999.99', holdExpiresAt: new Date(Date.now() + 60 * 60 * 1000) },
    });
    const charges = h.payments.charges;
    const response = await h.request(PAY_BOOKING, { bookingId: 'BK-LEGACY-MAX', method: GOOD_CARD, key: 'money-legacy' });
    expect(response.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(response.errors?.[0]?.message).toMatch(/99999999\.99/);
    expect(h.payments.charges).toBe(charges);
    expect(await h.server.prisma.billing.count({ where: { bookingId: 'BK-LEGACY-MAX' } })).toBe(0);
    expect(await h.server.prisma.booking.findUniqueOrThrow({ where: { bookingId: 'BK-LEGACY-MAX' } })).toMatchObject({ bookingStatus: 'Pending', version: 1 });
  });
});
