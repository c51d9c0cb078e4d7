import { describe, expect, it } from 'vitest';
import { luhnValid, validateCreateBooking, validatePayment, type CreateBookingRequest } from '../../src/services/validation.js';

const now = new Date('2026-11-22T12:00:00Z');
const valid: CreateBookingRequest = {
  listingType: 'Hotel',
  listingId: 'HTL001',
  startDate: new Date('2026-12-01T15:00:00Z'),
  endDate: new Date('2026-12-03T11:00:00Z'),
  quantity: 2,
};

describe('createBooking input', () => {
  it('accepts a valid booking', () => {
    expect(validateCreateBooking(valid, now)).toEqual([]);
  });

  it('reports every bad field at once, with its path', () => {
    const errors = validateCreateBooking({ ...valid, listingId: '  ', startDate: new Date('2026-11-01T00:00:00Z'), endDate: new Date('2026-10-01T00:00:00Z'), quantity: 0, userId: 'bob' }, now);
    expect(errors.map((error) => error.path)).toEqual(['input.listingId', 'input.startDate', 'input.endDate', 'input.quantity', 'input.userId']);
  });

  it('rejects an end date equal to the start date', () => {
    expect(validateCreateBooking({ ...valid, endDate: valid.startDate }, now)).toEqual([{ path: 'input.endDate', message: 'must be after the start date' }]);
  });

  it('rejects stays longer than a year', () => {
    expect(validateCreateBooking({ ...valid, endDate: new Date('2028-01-01T00:00:00Z') }, now).map((error) => error.path)).toEqual(['input.endDate']);
  });

  it('lets a car booking take exactly one car', () => {
    expect(validateCreateBooking({ ...valid, listingType: 'Car', quantity: 2 }, now)).toEqual([{ path: 'input.quantity', message: 'a car booking takes exactly 1 car' }]);
    expect(validateCreateBooking({ ...valid, listingType: 'Car', quantity: 1 }, now)).toEqual([]);
  });

  it('rejects quantities above 9 and fractions', () => {
    expect(validateCreateBooking({ ...valid, quantity: 10 }, now).map((error) => error.path)).toEqual(['input.quantity']);
    expect(validateCreateBooking({ ...valid, quantity: 1.5 }, now).map((error) => error.path)).toEqual(['input.quantity']);
  });
});

describe('payment input', () => {
  it('checks card numbers with the Luhn checksum', () => {
    expect(luhnValid('4242424242424242')).toBe(true);
    expect(luhnValid('4000000000000002')).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
  });

  it('accepts a spaced card number and a paypal payment without card', () => {
    expect(validatePayment({ type: 'credit_card', cardNumber: '4242 4242 4242 4242' }, 'key-1')).toEqual([]);
    expect(validatePayment({ type: 'paypal' }, 'key-1')).toEqual([]);
  });

  it('reports a missing card, a bad checksum and a bad idempotency key together', () => {
    expect(validatePayment({ type: 'debit_card' }, 'key with spaces').map((error) => error.path)).toEqual(['idempotencyKey', 'paymentMethod.cardNumber']);
    expect(validatePayment({ type: 'credit_card', cardNumber: '4242424242424241' }, 'k')).toEqual([{ path: 'paymentMethod.cardNumber', message: 'is not a valid card number' }]);
    expect(validatePayment({ type: 'paypal', cardNumber: '4242424242424242' }, '')).toHaveLength(2);
  });
});
