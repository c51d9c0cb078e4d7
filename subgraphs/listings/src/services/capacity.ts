import type { BookingStatus } from '@kayak/common';
import type { CarAvailabilityStatus } from '../models.js';
import { FieldErrors } from './validation.js';

/**
 * Availability arithmetic over the availability cache, shared by the entity fields and the search
 * filter so both always agree. Pending bookings hold capacity (the customer is paying);
 * Cancelled and PaymentFailed ones release it.
 */
export const HOLDING_STATUSES: readonly BookingStatus[] = ['Pending', 'Confirmed'];

export const holdsCapacity = (status: BookingStatus): boolean => HOLDING_STATUSES.includes(status);

/** A booking's claim on a listing over [start, end). */
export interface Hold {
  start: Date;
  end: Date;
  quantity: number;
}

/** A date range [start, end) as asked by a client. */
export interface DateRange {
  start: Date;
  end: Date;
}

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

/** Everything held on a flight: a seat is taken for the whole flight, whatever the block's dates. */
export function totalHeld(holds: readonly Hold[]): number {
  return holds.reduce((sum, hold) => sum + hold.quantity, 0);
}

/**
 * The most units held at any one instant of [range.start, range.end): a room booked for the first
 * nights and another for the last nights of a stay are the same room twice, not two rooms.
 * Ranges are half-open, so a checkout and a check-in on the same day do not overlap.
 */
export function peakHeld(holds: readonly Hold[], range: DateRange): number {
  const changes: Array<{ at: number; delta: number }> = [];
  for (const hold of holds) {
    const start = Math.max(hold.start.getTime(), range.start.getTime());
    const end = Math.min(hold.end.getTime(), range.end.getTime());
    if (start >= end) continue;
    changes.push({ at: start, delta: hold.quantity }, { at: end, delta: -hold.quantity });
  }
  // Releases before claims at the same instant (half-open ranges).
  changes.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let peak = 0;
  for (const change of changes) {
    current += change.delta;
    peak = Math.max(peak, current);
  }
  return peak;
}

export const remaining = (capacity: number, held: number): number => Math.max(0, capacity - held);

/**
 * Statuses that take a car out of service whatever its bookings. `Booked` is not one of them: which
 * dates a car is booked for comes from the availability cache, not from this single flag.
 */
export const CAR_OUT_OF_SERVICE: readonly CarAvailabilityStatus[] = ['Maintenance', 'Unavailable'];

/** A car is one vehicle, or none while out of service. */
export function carCapacity(status: CarAvailabilityStatus): number {
  return CAR_OUT_OF_SERVICE.includes(status) ? 0 : 1;
}

/** A flight is available for a range when it departs within it (inclusive) with enough seats left. */
export function flightDepartsWithin(departure: Date, range: DateRange): boolean {
  return departure.getTime() >= range.start.getTime() && departure.getTime() <= range.end.getTime();
}
