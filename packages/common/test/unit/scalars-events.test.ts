import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BOOKING_EVENT_TYPES, parseDomainEvent } from '../../src/domain-events.js';
import { MalformedEventError } from '../../src/events.js';
import { bookingEventMessage } from '../../src/testing.js';
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
  const valid = bookingEventMessage('booking.created', {
    id: 'e1',
    bookingId: 'BK1',
    listingType: 'Flight',
    listingId: 'FL001',
    startDate: '2026-12-01T00:00:00.000Z',
    endDate: '2026-12-02T00:00:00.000Z',
    quantity: 2,
    totalCents: 59_998,
    occurredAt: '2026-11-21T00:00:00.000Z',
  });
  const parse = (value: Buffer | null) => parseDomainEvent(value, BOOKING_EVENT_TYPES);
  const withPayload = (payload: Record<string, unknown>) => Buffer.from(JSON.stringify({ ...valid, payload: { ...valid.payload, ...payload } }));

  it('parses a valid envelope, keyed by its listing, the booking version as the revision', () => {
    expect(valid).toMatchObject({ id: 'e1', type: 'booking.created', version: 1, key: 'Flight:FL001', occurredAt: '2026-11-21T00:00:00.000Z', payload: { status: 'Pending', revision: 1, totalCents: 59_998 } });
    expect(parse(Buffer.from(JSON.stringify(valid)))).toEqual(valid);
  });

  it('builds confirmed with the invoice and cancelled with the refund, both validated', () => {
    expect(bookingEventMessage('booking.confirmed', { bookingId: 'BK2', totalCents: 1_000 }).payload).toMatchObject({ status: 'Confirmed', revision: 2, invoice: { billingId: 'BILL-BK2', amountPaidCents: 1_000 } });
    expect(bookingEventMessage('booking.cancelled', { status: 'PaymentFailed', revision: 2 }).payload).toMatchObject({ status: 'PaymentFailed', refundCents: 0 });
    expect(() => bookingEventMessage('booking.cancelled', { refundCents: -1 })).toThrow(/payload\.refundCents/);
  });

  it('names what is wrong with a poison message', () => {
    expect(() => parse(Buffer.from('{not json'))).toThrow(MalformedEventError);
    expect(() => parse(withPayload({ quantity: 0, listingType: 'Boat' }))).toThrow(/quantity[\s\S]*listingType|listingType[\s\S]*quantity/);
    expect(() => parse(null)).toThrow(/empty/);
  });

  it('refuses a booking id that is not a business key (consumers use it as a field name)', () => {
    for (const bookingId of ['BK.1', '$where', '', 'x'.repeat(65)]) {
      expect(() => parse(withPayload({ bookingId }))).toThrow(/payload\.bookingId/);
    }
  });
});
