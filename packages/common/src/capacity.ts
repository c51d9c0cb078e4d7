import type { BookingStatus, ListingType } from './events.js';

/**
 * The one capacity model of the platform, shared by the listings subgraph (availability cache,
 * search filter, `remainingCapacity` / `available`) and the bookings subgraph (the check
 * `createBooking` makes under the listing lock). Both must agree, or search lists what booking
 * refuses (or booking accepts what search hides).
 *
 * - Flight: a seat is held for the whole flight, so every hold counts, whatever its dates.
 * - Hotel: rooms are counted per night; what is left for a stay is the capacity minus the busiest
 *   night (instant) of the stay. A room held on night 1 and another on night 3 leave one room free
 *   for nights 1–3.
 * - Car: one vehicle (capacity 1, 0 while out of service), so any overlapping hold takes it for the
 *   whole window.
 *
 * Ranges are half-open [start, end): a checkout and a check-in on the same day do not overlap.
 */

/** Statuses that hold capacity: Pending (the customer is paying) and Confirmed. */
export const HOLDING_STATUSES: readonly BookingStatus[] = ['Pending', 'Confirmed'];

export const holdsCapacity = (status: BookingStatus): boolean => HOLDING_STATUSES.includes(status);

/** A booking's claim on a listing over [start, end). */
export interface Hold {
  start: Date;
  end: Date;
  quantity: number;
  /**
   * Hotels: the room type (its code) the hold takes rooms of; null or absent for flights, cars and
   * hotel bookings made before room types existed (those count as the hotel's default type).
   */
  roomType?: string | null;
}

/**
 * The holds that take rooms of one room type of a hotel (docs/hotels.md): rooms are counted per
 * type, and a hold without a type (made before room types existed) takes rooms of the default type.
 */
export function holdsOfRoomType(holds: readonly Hold[], roomType: string, defaultRoomType: string): Hold[] {
  return holds.filter((hold) => (hold.roomType ?? defaultRoomType) === roomType);
}

/** A date range [start, end). */
export interface DateRange {
  start: Date;
  end: Date;
}

/** Every unit held, whatever the dates (a flight's seats). */
export function totalHeld(holds: readonly Hold[]): number {
  return holds.reduce((sum, hold) => sum + hold.quantity, 0);
}

/** The most units held at any one instant of `range` (of all time when omitted). */
export function peakHeld(holds: readonly Hold[], range?: DateRange): number {
  const changes: Array<{ at: number; delta: number }> = [];
  for (const hold of holds) {
    const start = range ? Math.max(hold.start.getTime(), range.start.getTime()) : hold.start.getTime();
    const end = range ? Math.min(hold.end.getTime(), range.end.getTime()) : hold.end.getTime();
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

/** Units of the listing that `holds` take away from a request for `range` (see the model above). */
export function heldDuring(listingType: ListingType, holds: readonly Hold[], range?: DateRange): number {
  return listingType === 'Flight' ? totalHeld(holds) : peakHeld(holds, range);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Nights of a stay or days of a rental [start, end): started days count as whole ones, at least 1 (what a booking bills). */
export function billableDays(startDate: Date, endDate: Date): number {
  return Math.max(1, Math.ceil((endDate.getTime() - startDate.getTime()) / DAY_MS));
}

export const remaining = (capacity: number, held: number): number => Math.max(0, capacity - held);

/** Units still free for `range`: capacity minus what the holds take (never negative). */
export function unitsLeft(listingType: ListingType, capacity: number, holds: readonly Hold[], range?: DateRange): number {
  return remaining(capacity, heldDuring(listingType, holds, range));
}

/**
 * Car statuses that take a car out of service whatever its bookings. `Booked` is not one of them:
 * which dates a car is booked for comes from its holds, not from this single flag.
 */
export const CAR_OUT_OF_SERVICE: readonly string[] = ['Maintenance', 'Unavailable'];

/** A car is one vehicle, or none while out of service. */
export function carCapacity(availabilityStatus: string): number {
  return CAR_OUT_OF_SERVICE.includes(availabilityStatus) ? 0 : 1;
}
