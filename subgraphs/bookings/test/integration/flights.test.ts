import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANCEL_BOOKING, CREATE_BOOKING, GOOD_CARD, PAY_BOOKING, startHarness, type BookingData, type Harness } from '../support/harness.js';

// A flight booking's dates are the flight's (departure → arrival, from the listings subgraph);
// paying and cancelling look at the flight's real departure, not at the booking's own dates.
const SECOND = 1_000;
const DAY = 24 * 60 * 60 * SECOND;
let h: Harness;

beforeAll(async () => {
  h = await startHarness('bk_flights');
});
afterAll(async () => {
  await h?.close();
});

/** A flight leaving `inMs` after the harness clock's now (whole seconds, as MySQL stores them). */
function flight(listingId: string, inMs: number): { departure: Date; arrival: Date } {
  const departure = new Date(Math.floor((h.clock.now().getTime() + inMs) / SECOND) * SECOND);
  const arrival = new Date(departure.getTime() + 3 * 60 * 60 * SECOND);
  h.catalog.put({ listingType: 'Flight', listingId, unitPrice: '150.00', capacity: 10, departureAt: departure, arrivalAt: arrival });
  return { departure, arrival };
}

const create = (listingId: string, startDate: Date, endDate: Date) =>
  h.request<{ createBooking: BookingData }>(CREATE_BOOKING, { input: { listingType: 'Flight', listingId, startDate: startDate.toISOString(), endDate: endDate.toISOString(), quantity: 1 } });

describe('flight bookings take the flight’s dates', () => {
  it('refuses dates that are not the flight’s departure and arrival, naming both fields, and writes nothing', async () => {
    const { departure } = flight('FL-DATES', 75 * SECOND);
    const later = new Date(departure.getTime() + 200 * DAY);
    const response = await create('FL-DATES', later, new Date(later.getTime() + DAY));
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        { path: 'input.startDate', message: `must be the flight's departure, ${departure.toISOString()}` },
        { path: 'input.endDate', message: expect.stringContaining("must be the flight's arrival") },
      ],
    });
    expect(await h.server.prisma.booking.count({ where: { referenceId: 'FL-DATES' } })).toBe(0);
  });

  it('books with the flight’s departure and arrival', async () => {
    const { departure, arrival } = flight('FL-EXACT', 10 * DAY);
    const response = await create('FL-EXACT', departure, arrival);
    expect(response.errors).toBeUndefined();
    expect(response.data?.createBooking).toMatchObject({ startDate: departure.toISOString(), endDate: arrival.toISOString(), bookingStatus: 'Pending' });
  });
});

describe('rules that use the real departure', () => {
  it('refuses to cancel (and refund) a paid flight booking after the flight departed, even when the booking’s own dates are later', async () => {
    const { departure, arrival } = flight('FL-GONE-CANCEL', 75 * SECOND);
    const created = await create('FL-GONE-CANCEL', departure, arrival);
    const bookingId = created.data?.createBooking.bookingId ?? '';
    expect((await h.request(PAY_BOOKING, { bookingId, method: GOOD_CARD, key: 'flight-cancel-late' })).errors).toBeUndefined();
    // As bookings made before this rule existed: the row carries dates 200 days after the flight.
    await h.server.prisma.booking.update({ where: { bookingId }, data: { startDate: new Date(departure.getTime() + 200 * DAY), endDate: new Date(departure.getTime() + 201 * DAY) } });
    const refunds = h.payments.refunds;

    h.clock.set(new Date(departure.getTime() + 80 * SECOND));
    const response = await h.request(CANCEL_BOOKING, { bookingId });
    expect(response.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(response.errors?.[0]?.message).toMatch(/departed/);
    expect(h.payments.refunds).toBe(refunds);
    expect(await h.server.prisma.booking.findUniqueOrThrow({ where: { bookingId } })).toMatchObject({ bookingStatus: 'Confirmed', version: 2 });
    h.clock.set(new Date());
  });

  it('refuses to pay for a flight that departed after it was booked (CONFLICT, nothing charged)', async () => {
    const { departure, arrival } = flight('FL-GONE-PAY', 75 * SECOND);
    const created = await create('FL-GONE-PAY', departure, arrival);
    const bookingId = created.data?.createBooking.bookingId ?? '';
    const charges = h.payments.charges;
    h.clock.set(new Date(departure.getTime() + SECOND));
    const response = await h.request(PAY_BOOKING, { bookingId, method: GOOD_CARD, key: 'flight-pay-late' });
    expect(response.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(h.payments.charges).toBe(charges);
    h.clock.set(new Date());
  });

  it('follows a rescheduled flight: cancelling before the new, earlier departure is still allowed', async () => {
    const { departure, arrival } = flight('FL-MOVED', 2 * DAY);
    const created = await create('FL-MOVED', departure, arrival);
    const bookingId = created.data?.createBooking.bookingId ?? '';
    // The airline moves the flight to 1 hour from now; cancelling 30 minutes from now is allowed, 2 hours from now not.
    const moved = new Date(h.clock.now().getTime() + 60 * 60 * SECOND);
    h.catalog.put({ listingType: 'Flight', listingId: 'FL-MOVED', unitPrice: '150.00', capacity: 10, departureAt: moved, arrivalAt: new Date(moved.getTime() + 3 * 60 * 60 * SECOND) });
    h.clock.set(new Date(moved.getTime() + 60 * 60 * SECOND));
    expect((await h.request(CANCEL_BOOKING, { bookingId })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    h.clock.set(new Date(moved.getTime() - 30 * 60 * SECOND));
    const response = await h.request<{ cancelBooking: BookingData }>(CANCEL_BOOKING, { bookingId });
    expect(response.errors).toBeUndefined();
    expect(response.data?.cancelBooking.bookingStatus).toBe('Cancelled');
    h.clock.set(new Date());
  });
});
