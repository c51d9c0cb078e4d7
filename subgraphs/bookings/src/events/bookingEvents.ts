import { randomUUID } from 'node:crypto';
import type { BookingEvent } from '@kayak/common';
import type { BookingModel } from '../models.js';
import { eventTypeFor } from '../services/transitions.js';

/** The event announcing the booking's current status (contract: packages/common/src/events.ts). */
export function bookingEventOf(booking: BookingModel, occurredAt: Date): BookingEvent {
  return {
    eventId: randomUUID(),
    type: eventTypeFor(booking.bookingStatus),
    bookingId: booking.bookingId,
    listingType: booking.bookingType,
    listingId: booking.listingId,
    userId: booking.userId,
    startDate: booking.startDate.toISOString(),
    endDate: booking.endDate.toISOString(),
    quantity: booking.quantity,
    status: booking.bookingStatus,
    version: booking.version,
    occurredAt: occurredAt.toISOString(),
  };
}
