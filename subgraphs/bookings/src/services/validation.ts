import { MAX_ROOM_OCCUPANCY, normaliseRoomTypeCode, ROOM_TYPE_CODE, ROOM_TYPE_CODE_RULE, type FieldError, type ListingType } from '@kayak/common';
import { formatCents, MAX_PRE_TAX_CENTS, moneyBoundError } from '@kayak/common/money';
import type { PassengerRequest } from './passengers.js';
import { DAY_MS } from './pricing.js';

export interface CreateBookingRequest {
  listingType: ListingType;
  listingId: string;
  startDate: Date;
  endDate: Date;
  quantity: number;
  userId?: string | null;
  /** Flights only; absent: a booking without passengers (docs/passengers.md). */
  passengers?: readonly PassengerRequest[] | null;
  /** Hotels only: a room type code; absent: the hotel's default room type (docs/hotels.md). */
  roomType?: string | null;
  /** Hotels only: guests staying, checked against the room type's occupancy once the hotel is read. */
  guests?: number | null;
}

/** A requested room type code as stored (trimmed, upper case); null when none was asked for. */
export function roomTypeCode(roomType: string | null | undefined): string | null {
  if (roomType === null || roomType === undefined) return null;
  return normaliseRoomTypeCode(roomType);
}

export const MAX_QUANTITY = 9;
export const MAX_BOOKING_DAYS = 365;
const USER_ID = /^\d{3}-\d{2}-\d{4}$/;
const MAX_KEY_LENGTH = 255;

/** MySQL DATETIME(0) keeps whole seconds; dropping the milliseconds up front keeps prices and rows consistent. */
export function toWholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/** Every problem of a createBooking input at once (paths as in the mutation: `input.endDate`). */
export function validateCreateBooking(input: CreateBookingRequest, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  const listingId = input.listingId.trim();
  if (listingId.length === 0 || listingId.length > MAX_KEY_LENGTH) errors.push({ path: 'input.listingId', message: `must be 1–${MAX_KEY_LENGTH} characters` });

  const start = toWholeSeconds(input.startDate).getTime();
  const end = toWholeSeconds(input.endDate).getTime();
  if (start < toWholeSeconds(now).getTime()) errors.push({ path: 'input.startDate', message: 'must not be in the past' });
  if (end <= start) errors.push({ path: 'input.endDate', message: 'must be after the start date' });
  else if (end - start > MAX_BOOKING_DAYS * DAY_MS) errors.push({ path: 'input.endDate', message: `must be at most ${MAX_BOOKING_DAYS} days after the start date` });

  if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > MAX_QUANTITY) {
    errors.push({ path: 'input.quantity', message: `must be between 1 and ${MAX_QUANTITY}` });
  } else if (input.listingType === 'Car' && input.quantity !== 1) {
    errors.push({ path: 'input.quantity', message: 'a car booking takes exactly 1 car' });
  }

  const roomType = roomTypeCode(input.roomType);
  if (roomType !== null) {
    if (input.listingType !== 'Hotel') errors.push({ path: 'input.roomType', message: 'only hotel bookings have a room type' });
    else if (!ROOM_TYPE_CODE.test(roomType)) errors.push({ path: 'input.roomType', message: ROOM_TYPE_CODE_RULE });
  }
  if (input.guests !== null && input.guests !== undefined) {
    if (input.listingType !== 'Hotel') errors.push({ path: 'input.guests', message: 'only hotel bookings have guests' });
    else if (!Number.isInteger(input.guests) || input.guests < 1 || input.guests > MAX_QUANTITY * MAX_ROOM_OCCUPANCY) {
      errors.push({ path: 'input.guests', message: `must be between 1 and ${MAX_QUANTITY * MAX_ROOM_OCCUPANCY}` });
    } else if (Number.isInteger(input.quantity) && input.guests < input.quantity) {
      errors.push({ path: 'input.guests', message: 'must be at least one guest per room' });
    }
  }

  if (input.userId !== null && input.userId !== undefined && !USER_ID.test(input.userId)) {
    errors.push({ path: 'input.userId', message: 'must have the format ###-##-####' });
  }
  return errors;
}

/**
 * A flight booking's dates are the flight's: the client sends the departure and arrival it was
 * shown, and a booking whose dates differ (a stale or made-up schedule) is refused rather than
 * silently moved, so the client never holds a booking for dates it did not ask for.
 */
export function flightDateErrors(flight: { departureAt: Date | null; arrivalAt: Date | null }, startDate: Date, endDate: Date): FieldError[] {
  const errors: FieldError[] = [];
  const same = (a: Date, b: Date): boolean => toWholeSeconds(a).getTime() === toWholeSeconds(b).getTime();
  if (flight.departureAt && !same(flight.departureAt, startDate)) errors.push({ path: 'input.startDate', message: `must be the flight's departure, ${toWholeSeconds(flight.departureAt).toISOString()}` });
  if (flight.arrivalAt && !same(flight.arrivalAt, endDate)) errors.push({ path: 'input.endDate', message: `must be the flight's arrival, ${toWholeSeconds(flight.arrivalAt).toISOString()}` });
  return errors;
}

/**
 * The money bound (packages/common/src/money.ts) applied to a new booking, on the fields that make
 * its total: the listing when one unit is already too much, else seats / rooms × nights / days.
 */
export function bookingTotalErrors(listingType: ListingType, unitPriceCents: bigint, totalCents: bigint): FieldError[] {
  if (unitPriceCents > MAX_PRE_TAX_CENTS) {
    return [{ path: 'input.listingId', message: `its price is above ${formatCents(MAX_PRE_TAX_CENTS)}, the most one booking can be billed before tax` }];
  }
  const paths = listingType === 'Flight' ? ['input.quantity'] : listingType === 'Hotel' ? ['input.quantity', 'input.endDate'] : ['input.endDate'];
  return paths.flatMap((path) => {
    const error = moneyBoundError(path, totalCents);
    return error ? [{ path, message: `the booking's total ${error.message}` }] : [];
  });
}

export type PaymentMethodType = 'credit_card' | 'debit_card' | 'paypal';

export interface PaymentRequest {
  type: PaymentMethodType;
  cardNumber?: string | null;
}

/** Luhn checksum of a digit string (what card numbers carry). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Card digits without spaces or dashes, or null when absent. */
export function normaliseCardNumber(cardNumber: string | null | undefined): string | null {
  if (cardNumber === null || cardNumber === undefined) return null;
  return cardNumber.replace(/[\s-]/g, '');
}

export function validatePayment(method: PaymentRequest, idempotencyKey: string): FieldError[] {
  const errors: FieldError[] = [];
  const key = idempotencyKey.trim();
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    errors.push({ path: 'idempotencyKey', message: `must be 1–${MAX_KEY_LENGTH} printable ASCII characters without spaces` });
  }
  const card = normaliseCardNumber(method.cardNumber);
  if (method.type === 'paypal') {
    if (card !== null) errors.push({ path: 'paymentMethod.cardNumber', message: 'must be empty for paypal' });
  } else if (card === null || !/^\d{13,19}$/.test(card)) {
    errors.push({ path: 'paymentMethod.cardNumber', message: 'must be 13–19 digits' });
  } else if (!luhnValid(card)) {
    errors.push({ path: 'paymentMethod.cardNumber', message: 'is not a valid card number' });
  }
  return errors;
}
