import { MalformedEventError, type BookingEvent } from '@kayak/common';
import { describe, expect, it } from 'vitest';
import { blockFields } from '../../src/repositories/availabilityBlocks.js';
import { decide, readBookingEvent } from '../../src/services/bookingEvents.js';

const event: BookingEvent = {
  eventId: 'evt-1',
  type: 'booking.confirmed',
  bookingId: 'BK1',
  listingType: 'Hotel',
  listingId: 'HTL001',
  userId: '123-45-6789',
  startDate: '2031-01-01T00:00:00.000Z',
  endDate: '2031-01-03T00:00:00.000Z',
  quantity: 2,
  status: 'Confirmed',
  version: 2,
  occurredAt: '2030-12-01T10:00:00.000Z',
};

describe('decide', () => {
  it('inserts the first event of a booking', () => {
    expect(decide(null, { version: 5 })).toEqual({ action: 'insert' });
  });

  it('replaces the block with a newer version, compare-and-set on the current one', () => {
    expect(decide({ version: 1 }, { version: 2 })).toEqual({ action: 'replace', expectedVersion: 1 });
  });

  it('ignores the same version as a duplicate and an older one as stale', () => {
    expect(decide({ version: 2 }, { version: 2 })).toEqual({ action: 'ignore', outcome: 'duplicate' });
    expect(decide({ version: 3 }, { version: 2 })).toEqual({ action: 'ignore', outcome: 'stale' });
  });
});

describe('readBookingEvent', () => {
  it('accepts a valid event', () => {
    expect(readBookingEvent(JSON.stringify(event))).toEqual(event);
  });

  it('rejects an event ending before it starts as malformed, with the reason', () => {
    const backwards = { ...event, startDate: event.endDate, endDate: event.startDate };
    expect(() => readBookingEvent(JSON.stringify(backwards))).toThrow(new MalformedEventError('endDate: must not be before startDate'));
  });

  it('rejects what the shared schema rejects', () => {
    expect(() => readBookingEvent('{')).toThrow(MalformedEventError);
    expect(() => readBookingEvent(JSON.stringify({ ...event, quantity: 0 }))).toThrow(/quantity/);
  });
});

describe('blockFields', () => {
  it('maps an event to the stored block with dates as Dates', () => {
    const syncedAt = new Date('2031-02-01T00:00:00.000Z');
    expect(blockFields(event, syncedAt)).toEqual({
      listing_type: 'Hotel',
      reference_id: 'HTL001',
      start_date: new Date(event.startDate),
      end_date: new Date(event.endDate),
      booking_id: 'BK1',
      booking_status: 'Confirmed',
      user_id: '123-45-6789',
      quantity: 2,
      version: 2,
      last_event_id: 'evt-1',
      event_occurred_at: new Date(event.occurredAt),
      synced_at: syncedAt,
    });
  });
});
