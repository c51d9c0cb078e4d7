import { holdsCapacity } from '@kayak/common';
import { bookingEventMessage } from '@kayak/common/testing';
import { describe, expect, it } from 'vitest';
import { blockFields } from '../../src/repositories/availabilityBlocks.js';
import { readBookingEvent } from '../../src/services/bookingEvents.js';

// The bookings sweeper expires unpaid holds with a booking.cancelled event whose status is Expired
// (packages/common/src/domain-events.ts). The availability consumer needs no code of its own for it:
// the event parses, the block takes the status, and an Expired block holds no capacity.
const expired = bookingEventMessage('booking.cancelled', {
  id: 'evt-expired',
  bookingId: 'BK-EXP',
  listingType: 'Flight',
  listingId: 'FL001',
  startDate: '2031-01-01T08:00:00.000Z',
  endDate: '2031-01-01T14:00:00.000Z',
  quantity: 3,
  status: 'Expired',
  revision: 2,
  refundCents: 0,
  occurredAt: '2030-12-01T10:15:00.000Z',
});

describe('an expired hold reaching the availability cache', () => {
  it('is a valid booking event (not dead-lettered) whose block no longer holds capacity', () => {
    const event = readBookingEvent(JSON.stringify(expired));
    expect(event).toEqual(expired);
    expect(event.key).toBe('Flight:FL001');
    const block = blockFields(event, new Date('2030-12-01T10:15:01.000Z'));
    expect(block).toMatchObject({ booking_id: 'BK-EXP', booking_status: 'Expired', version: 2 });
    expect(holdsCapacity(block.booking_status)).toBe(false);
    expect(holdsCapacity('Pending')).toBe(true);
  });
});
