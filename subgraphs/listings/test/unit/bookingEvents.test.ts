import { MalformedEventError } from '@kayak/common';
import { bookingEventMessage } from '@kayak/common/testing';
import { describe, expect, it } from 'vitest';
import { blockFields } from '../../src/repositories/availabilityBlocks.js';
import { decide, readBookingEvent } from '../../src/services/bookingEvents.js';

const event = bookingEventMessage('booking.confirmed', {
  id: 'evt-1',
  bookingId: 'BK1',
  listingType: 'Hotel',
  listingId: 'HTL001',
  startDate: '2031-01-01T00:00:00.000Z',
  endDate: '2031-01-03T00:00:00.000Z',
  quantity: 2,
  revision: 2,
  occurredAt: '2030-12-01T10:00:00.000Z',
});

describe('decide', () => {
  it('inserts the first event of a booking', () => {
    expect(decide(null, 5)).toEqual({ action: 'insert' });
  });

  it('replaces the block with a newer revision, compare-and-set on the current one', () => {
    expect(decide({ version: 1 }, 2)).toEqual({ action: 'replace', expectedVersion: 1 });
  });

  it('ignores the same revision as a duplicate and an older one as stale', () => {
    expect(decide({ version: 2 }, 2)).toEqual({ action: 'ignore', outcome: 'duplicate' });
    expect(decide({ version: 3 }, 2)).toEqual({ action: 'ignore', outcome: 'stale' });
  });
});

describe('readBookingEvent', () => {
  it('accepts a valid booking envelope', () => {
    expect(readBookingEvent(JSON.stringify(event))).toEqual(event);
  });

  it('rejects an event ending before it starts as malformed, with the reason', () => {
    const backwards = { ...event, payload: { ...event.payload, startDate: event.payload.endDate, endDate: event.payload.startDate } };
    expect(() => readBookingEvent(JSON.stringify(backwards))).toThrow(new MalformedEventError('payload.endDate: must not be before startDate'));
  });

  it('rejects what the shared schema rejects, and events of other types', () => {
    expect(() => readBookingEvent('{')).toThrow(MalformedEventError);
    expect(() => readBookingEvent(JSON.stringify({ ...event, payload: { ...event.payload, quantity: 0 } }))).toThrow(/payload\.quantity/);
    expect(() => readBookingEvent(JSON.stringify({ ...event, payload: { ...event.payload, invoice: undefined } }))).toThrow(/payload\.invoice/);
    expect(() => readBookingEvent(JSON.stringify({ ...event, type: 'review.created' }))).toThrow('type: review.created is not consumed here');
  });
});

describe('blockFields', () => {
  it('maps an event to the stored block with dates as Dates, the revision as its version', () => {
    const syncedAt = new Date('2031-02-01T00:00:00.000Z');
    expect(blockFields(event, syncedAt)).toEqual({
      listing_type: 'Hotel',
      reference_id: 'HTL001',
      start_date: new Date(event.payload.startDate),
      end_date: new Date(event.payload.endDate),
      booking_id: 'BK1',
      booking_status: 'Confirmed',
      user_id: '123-45-6789',
      quantity: 2,
      room_type: null,
      version: 2,
      last_event_id: 'evt-1',
      event_occurred_at: new Date('2030-12-01T10:00:00.000Z'),
      synced_at: syncedAt,
    });
  });

  it('keeps the room type of a hotel booking event (older events without one read as null: the default type)', () => {
    const suite = bookingEventMessage('booking.created', { listingType: 'Hotel', listingId: 'HTL001', roomType: 'SUITE' });
    expect(readBookingEvent(JSON.stringify(suite)).payload.roomType).toBe('SUITE');
    expect(blockFields(suite, new Date()).room_type).toBe('SUITE');
  });
});
