import { conflict, EVENT_TYPES, holdsCapacity, type BookingEventType, type BookingStatus } from '@kayak/common';

/**
 * The booking lifecycle: Pending → Confirmed | PaymentFailed | Cancelled | Expired (the hold ran
 * out, set by the system only); Confirmed → Cancelled.
 */
const NEXT: Record<BookingStatus, readonly BookingStatus[]> = {
  Pending: ['Confirmed', 'PaymentFailed', 'Cancelled', 'Expired'],
  Confirmed: ['Cancelled'],
  // Terminal: a failed payment released its capacity (its event is booking.cancelled), so paying
  // it later could overbook; the user books again instead.
  PaymentFailed: [],
  Cancelled: [],
  // Terminal for the same reason: its capacity may have been booked by someone else since.
  Expired: [],
};

export function canTransition(from: BookingStatus, to: BookingStatus): boolean {
  return NEXT[from].includes(to);
}

export function assertTransition(from: BookingStatus, to: BookingStatus): void {
  if (!canTransition(from, to)) throw conflict(`A ${from} booking cannot become ${to}`);
}

/**
 * The event (topic) announcing that a booking reached `status` (packages/common/src/domain-events.ts):
 * every status that no longer holds capacity (packages/common/src/capacity.ts) is a cancellation.
 */
export function eventTypeFor(status: BookingStatus): BookingEventType {
  if (!holdsCapacity(status)) return EVENT_TYPES.bookingCancelled;
  return status === 'Pending' ? EVENT_TYPES.bookingCreated : EVENT_TYPES.bookingConfirmed;
}
