import { parseDomainEvent, BOOKING_EVENT_TYPES, type Viewer } from '@kayak/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_BOOKING, daysFromNow, startHarness, type Harness } from '../support/harness.js';

// Hotel room types in bookings (docs/hotels.md): capacity and price per room type, under the
// hotel's one listing lock; validation of roomType and guests; trips; events.
let h: Harness;
beforeAll(async () => {
  h = await startHarness('bk_rooms');
});
afterAll(async () => {
  await h?.close();
});

const user = (index: number): Viewer => ({ kind: 'user', userId: `920-00-${String(index).padStart(4, '0')}` });
const CREATE = `mutation ($input: CreateBookingInput!) { createBooking(input: $input) { bookingId roomType quantity totalPrice bookingStatus } }`;
const CREATE_TRIP = `mutation ($input: CreateTripInput!) { createTrip(input: $input) { tripId items { roomType totalPrice } } }`;

interface Booked {
  bookingId: string;
  roomType: string | null;
  quantity: number;
  totalPrice: string;
  bookingStatus: string;
}

/** A hotel with 4 standard rooms (the default, 2 guests, 100.00), 2 deluxe (3 guests, 180.00) and 1 suite (4 guests, 350.00). */
function hotel(id: string): void {
  h.catalog.put({
    listingType: 'Hotel',
    listingId: id,
    unitPrice: '100.00',
    capacity: 7,
    roomTypes: [
      { code: 'STANDARD', name: 'Standard', maxOccupancy: 2, numberOfRooms: 4, pricePerNight: '100.00', isDefault: true },
      { code: 'DELUXE', name: 'Deluxe', maxOccupancy: 3, numberOfRooms: 2, pricePerNight: '180.00', isDefault: false },
      { code: 'SUITE', name: 'Suite', maxOccupancy: 4, numberOfRooms: 1, pricePerNight: '350.00', isDefault: false },
    ],
  });
}

const stay = (id: string, fields: Record<string, unknown> = {}) => ({ listingType: 'Hotel', listingId: id, startDate: daysFromNow(20), endDate: daysFromNow(23), quantity: 1, ...fields });

async function book(input: Record<string, unknown>, viewer?: Viewer) {
  return h.request<{ createBooking: Booked }>(CREATE, { input }, viewer);
}

describe('booking a room type', () => {
  it('prices the room type (nightly price × nights × rooms), defaults to the default type, and keeps the code', async () => {
    hotel('HTL-RT1');
    const suite = await book(stay('HTL-RT1', { roomType: 'suite', guests: 3 }));
    expect(suite.errors).toBeUndefined();
    expect(suite.data?.createBooking).toMatchObject({ roomType: 'SUITE', quantity: 1, totalPrice: '1050.00', bookingStatus: 'Pending' });
    const standard = await book(stay('HTL-RT1', { quantity: 2 }));
    expect(standard.data?.createBooking).toMatchObject({ roomType: 'STANDARD', totalPrice: '600.00' });
    const row = await h.server.prisma.booking.findUnique({ where: { bookingId: suite.data?.createBooking.bookingId ?? '' } });
    expect(row?.roomType).toBe('SUITE');
    // The event announcing it carries the room type for the availability cache.
    const event = await h.server.prisma.outboxEvent.findFirst({ where: { aggregateId: suite.data?.createBooking.bookingId ?? '' } });
    const parsed = parseDomainEvent(JSON.stringify(event?.payload ?? null), BOOKING_EVENT_TYPES);
    expect(parsed.payload.roomType).toBe('SUITE');
  });

  it('refuses an unknown room type, too many guests, and room types or guests on flights and cars (BAD_USER_INPUT, nothing written)', async () => {
    hotel('HTL-RT2');
    h.catalog.put({ listingType: 'Car', listingId: 'CAR-RT2', unitPrice: '40.00', capacity: 1 });
    const before = await h.server.prisma.booking.count();
    const unknown = await book(stay('HTL-RT2', { roomType: 'PENTHOUSE' }));
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.roomType', message: 'no room type PENTHOUSE at this hotel (it has STANDARD, DELUXE, SUITE)' }] });
    const crowded = await book(stay('HTL-RT2', { roomType: 'DELUXE', quantity: 2, guests: 7 }));
    expect(crowded.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.guests', message: '2 Deluxe room(s) sleep at most 6' }] });
    const fewer = await book(stay('HTL-RT2', { quantity: 2, guests: 1 }));
    expect(fewer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.guests', message: 'must be at least one guest per room' }] });
    const car = await book({ listingType: 'Car', listingId: 'CAR-RT2', startDate: daysFromNow(20), endDate: daysFromNow(22), roomType: 'SUITE', guests: 2 });
    expect(car.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        { path: 'input.roomType', message: 'only hotel bookings have a room type' },
        { path: 'input.guests', message: 'only hotel bookings have guests' },
      ],
    });
    expect(await h.server.prisma.booking.count()).toBe(before);
  });

  it('gives the last suite to exactly one of 20 concurrent requests while standard rooms of the same hotel stay bookable', async () => {
    hotel('HTL-RACE');
    const suites = Array.from({ length: 20 }, (_, index) => book(stay('HTL-RACE', { roomType: 'SUITE' }), user(index)));
    // Standard rooms booked at the same time, under the same hotel lock: all 4 get theirs.
    const standards = Array.from({ length: 4 }, (_, index) => book(stay('HTL-RACE', { roomType: 'STANDARD' }), user(100 + index)));
    const [suiteResponses, standardResponses] = await Promise.all([Promise.all(suites), Promise.all(standards)]);
    const won = suiteResponses.filter((response) => response.data?.createBooking);
    expect(won).toHaveLength(1);
    const refusals = suiteResponses.filter((response) => response.errors).map((response) => response.errors?.[0]);
    expect(refusals).toHaveLength(19);
    for (const refusal of refusals) expect(refusal).toMatchObject({ message: 'Only 0 of 1 SUITE rooms left for these dates', extensions: { code: 'CONFLICT' } });
    expect(standardResponses.every((response) => response.data?.createBooking.roomType === 'STANDARD')).toBe(true);

    const rows = await h.server.prisma.booking.groupBy({ by: ['roomType'], where: { referenceId: 'HTL-RACE' }, _sum: { quantity: true } });
    expect(Object.fromEntries(rows.map((row) => [row.roomType, row._sum.quantity]))).toEqual({ SUITE: 1, STANDARD: 4 });
    // The deluxe rooms were never touched: still bookable, while the standard ones are now full.
    expect((await book(stay('HTL-RACE', { roomType: 'DELUXE', quantity: 2 }))).errors).toBeUndefined();
    expect((await book(stay('HTL-RACE'))).errors?.[0]).toMatchObject({ message: 'Only 0 of 4 STANDARD rooms left for these dates' });
  });

  it('counts a booking made before room types (no room type) against the default type', async () => {
    hotel('HTL-OLD');
    await h.server.prisma.booking.create({
      data: { bookingId: 'BK-OLD-ROOMS', userId: '920-00-0999', bookingType: 'Hotel', referenceId: 'HTL-OLD', startDate: new Date(daysFromNow(20)), endDate: new Date(daysFromNow(23)), totalPrice: '300.00', quantity: 4, bookingStatus: 'Confirmed' },
    });
    expect((await book(stay('HTL-OLD'))).errors?.[0]).toMatchObject({ message: 'Only 0 of 4 STANDARD rooms left for these dates' });
    expect((await book(stay('HTL-OLD', { roomType: 'SUITE' }))).errors).toBeUndefined();
  });

  it('books room types in trips, per item (path input.items.N.roomType), counting the items against each other', async () => {
    hotel('HTL-TRIP');
    const trip = await h.request<{ createTrip: { items: Array<{ roomType: string | null; totalPrice: string }> } }>(CREATE_TRIP, {
      input: { items: [stay('HTL-TRIP', { roomType: 'SUITE' }), stay('HTL-TRIP', { roomType: 'DELUXE', quantity: 2, guests: 5 })] },
    });
    expect(trip.errors).toBeUndefined();
    expect(trip.data?.createTrip.items).toEqual([
      { roomType: 'SUITE', totalPrice: '1050.00' },
      { roomType: 'DELUXE', totalPrice: '1080.00' },
    ]);
    const second = await h.request(CREATE_TRIP, { input: { items: [stay('HTL-TRIP', { roomType: 'SUITE' }), stay('HTL-TRIP', { roomType: 'SUITE' })] } }, user(7));
    expect(second.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT', fields: [{ path: 'input.items.0.quantity', message: 'must be at most 0' }] } });
    h.catalog.put({ listingType: 'Car', listingId: 'CAR-TRIP', unitPrice: '40.00', capacity: 1 });
    const car = await h.request(CREATE_TRIP, { input: { items: [stay('HTL-TRIP', { roomType: 'DELUXE', startDate: daysFromNow(30), endDate: daysFromNow(31) }), { listingType: 'Car', listingId: 'CAR-TRIP', startDate: daysFromNow(30), endDate: daysFromNow(31), roomType: 'SUITE' }] } });
    expect(car.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.items.1.roomType', message: 'only hotel bookings have a room type' }] });
  });

  it('books a hotel without a room type with the operation clients sent before room types', async () => {
    hotel('HTL-PLAIN');
    const response = await h.request<{ createBooking: { bookingId: string; totalPrice: string } }>(CREATE_BOOKING, { input: stay('HTL-PLAIN') });
    expect(response.errors).toBeUndefined();
    expect(response.data?.createBooking.totalPrice).toBe('300.00');
  });
});
