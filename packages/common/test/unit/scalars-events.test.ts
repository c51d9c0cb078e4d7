import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MalformedEventError, parseBookingEvent } from '../../src/events.js';
import { DateTimeScalar, DecimalScalar } from '../../src/scalars.js';

describe('Decimal scalar', () => {
  it('serialises numbers, strings and decimal objects with two fraction digits', () => {
    expect(DecimalScalar.serialize(299.9)).toBe('299.90');
    expect(DecimalScalar.serialize('12')).toBe('12.00');
    expect(DecimalScalar.serialize({ toFixed: (digits: number) => (0.1 + 0.2).toFixed(digits) })).toBe('0.30');
  });

  it('accepts at most two decimals as input and rejects floats beyond that', () => {
    expect(DecimalScalar.parseValue('10.5')).toBe('10.50');
    expect(DecimalScalar.parseLiteral({ kind: Kind.STRING, value: '1.25' })).toBe('1.25');
    expect(() => DecimalScalar.parseValue('1.234')).toThrow(/at most 2 decimals/);
    expect(() => DecimalScalar.parseValue('abc')).toThrow(/Decimal/);
  });
});

describe('DateTime scalar', () => {
  it('serialises dates as ISO strings and rejects garbage input', () => {
    expect(DateTimeScalar.serialize(new Date('2026-12-01T10:00:00Z'))).toBe('2026-12-01T10:00:00.000Z');
    expect((DateTimeScalar.parseValue('2026-12-01T10:00:00Z') as Date).toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(() => DateTimeScalar.parseValue('next tuesday')).toThrow(/ISO-8601/);
  });
});

describe('booking events', () => {
  const valid = {
    eventId: 'e1',
    type: 'booking.created',
    bookingId: 'BK1',
    listingType: 'Flight',
    listingId: 'FL001',
    userId: '123-45-6789',
    startDate: '2026-12-01T00:00:00.000Z',
    endDate: '2026-12-02T00:00:00.000Z',
    quantity: 2,
    status: 'Pending',
    version: 1,
    occurredAt: '2026-11-21T00:00:00.000Z',
  };

  it('parses a valid event', () => {
    expect(parseBookingEvent(Buffer.from(JSON.stringify(valid)))).toEqual(valid);
  });

  it('names what is wrong with a poison message', () => {
    expect(() => parseBookingEvent(Buffer.from('{not json'))).toThrow(MalformedEventError);
    expect(() => parseBookingEvent(Buffer.from(JSON.stringify({ ...valid, quantity: 0, listingType: 'Boat' })))).toThrow(/quantity[\s\S]*listingType|listingType[\s\S]*quantity/);
    expect(() => parseBookingEvent(null)).toThrow(/empty/);
  });

  it('refuses a booking id that is not a business key (consumers use it as a field name)', () => {
    for (const bookingId of ['BK.1', '$where', '', 'x'.repeat(65)]) {
      expect(() => parseBookingEvent(Buffer.from(JSON.stringify({ ...valid, bookingId })))).toThrow(/bookingId/);
    }
  });
});
