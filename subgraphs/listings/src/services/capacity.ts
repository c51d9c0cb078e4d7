import { FieldErrors, type DateRange } from '@kayak/common';

/**
 * Request checks of the availability arguments. The capacity model itself (what holds, how holds
 * add up per listing type) is packages/common/src/capacity.ts, shared with the bookings subgraph.
 */

export const MAX_QUANTITY = 1000;

/** startDate before endDate, quantity 1..MAX_QUANTITY; paths are relative to `prefix`. */
export function checkRange(errors: FieldErrors, prefix: string, start: Date, end: Date, quantity?: number): void {
  if (end.getTime() <= start.getTime()) errors.add(`${prefix}endDate`, 'must be after startDate');
  if (quantity !== undefined && (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY)) {
    errors.add(`${prefix}quantity`, `must be an integer from 1 to ${MAX_QUANTITY}`);
  }
}

/** Throws BAD_USER_INPUT for an invalid range (field arguments such as `available(...)`). */
export function assertRange(start: Date, end: Date, quantity?: number): void {
  const errors = new FieldErrors();
  checkRange(errors, '', start, end, quantity);
  errors.throwIfAny('Invalid date range');
}

/** A flight is available for a range when it departs within it (inclusive) with enough seats left. */
export function flightDepartsWithin(departure: Date, range: DateRange): boolean {
  return departure.getTime() >= range.start.getTime() && departure.getTime() <= range.end.getTime();
}
