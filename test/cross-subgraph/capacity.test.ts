import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, code, startSupergraphWithBookingEvents, type AdminViewer, type RawResponse, type Supergraph, type UserViewer } from '../abuse/support/supergraph.js';

// One capacity truth across subgraphs: what the listings subgraph says is free (search and the
// Hotel fields, from its availability cache fed by Kafka) is exactly what the bookings subgraph
// lets a client book (its own check under the listing lock, from MySQL). Events travel for real:
// bookings outbox → Kafka (topics of this file) → listings availability consumer.
const LISTING_ADMIN: AdminViewer = { kind: 'admin', adminId: 'ADM002', role: 'Listing Admin' };
const CAROL: UserViewer = { kind: 'user', userId: '345-67-8901' };

let sg: Supergraph;

// Nights 1..4 of a stay far enough ahead that no rule about past dates interferes.
const DAY = 86_400_000;
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
const night = (n: number): string => new Date(today + (40 + n) * DAY).toISOString();
const HOTEL = 'HTLCAPTWO';

beforeAll(async () => {
  sg = await startSupergraphWithBookingEvents('capacity');
  const created = await sg.post({
    query: `mutation ($input: CreateHotelInput!) { createHotel(input: $input) { hotelId numberOfRooms } }`,
    variables: {
      input: {
        hotelId: HOTEL,
        name: 'Two Rooms Inn',
        address: { street: '2 Main St', city: 'Capacityville', state: 'NY', zip: '10001' },
        starRating: 3,
        numberOfRooms: 2,
        defaultRoomType: 'Standard',
        pricePerNight: '100.00',
      },
    },
    viewer: LISTING_ADMIN,
  });
  expect(created.body?.errors, created.text).toBeUndefined();
});

afterAll(async () => {
  await sg?.close();
});

async function book(viewer: UserViewer, from: number, to: number, quantity = 1): Promise<RawResponse> {
  return sg.post({
    query: 'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { bookingId bookingStatus } }',
    variables: { input: { listingType: 'Hotel', listingId: HOTEL, startDate: night(from), endDate: night(to), quantity } },
    viewer,
  });
}

/** Waits until the listings subgraph's cache holds `count` blocks of the hotel (the events arrived). */
async function cacheHolds(count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const held = await sg.mongo.db.collection('availability_blocks').countDocuments({ reference_id: HOTEL, booking_status: { $in: ['Pending', 'Confirmed'] } });
    if (held === count) return;
    if (Date.now() > deadline) throw new Error(`availability cache holds ${held} blocks of ${HOTEL}, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface ListingsView {
  searchHotels: { nodes: Array<{ hotelId: string }> };
  hotel: { remainingCapacity: number; available: boolean };
}

/** What the listings subgraph says about nights 1–3 (search and the Hotel fields). */
async function listingsView(quantity: number): Promise<{ listed: boolean; remaining: number; available: boolean }> {
  const response = await sg.post({
    query: `query ($from: DateTime!, $to: DateTime!, $q: Int!, $id: ID!) {
      searchHotels(filter: { city: "Capacityville", availability: { startDate: $from, endDate: $to, quantity: $q } }) { nodes { hotelId } }
      hotel(hotelId: $id) { remainingCapacity(startDate: $from, endDate: $to) available(startDate: $from, endDate: $to, quantity: $q) }
    }`,
    variables: { from: night(1), to: night(4), q: quantity, id: HOTEL },
    viewer: CAROL,
  });
  expect(response.body?.errors, response.text).toBeUndefined();
  const data = response.body?.data as unknown as ListingsView;
  return { listed: data.searchHotels.nodes.some((node) => node.hotelId === HOTEL), remaining: data.hotel.remainingCapacity, available: data.hotel.available };
}

describe('a 2-room hotel with one room held on night 1 and another on night 3', () => {
  it('is bookable for nights 1–3 exactly when the listings subgraph lists it as free', async () => {
    expect((await book(ALICE, 1, 2)).body?.errors).toBeUndefined();
    expect((await book(BOB, 3, 4)).body?.errors).toBeUndefined();
    await cacheHolds(2);

    // Busiest night holds 1 of 2 rooms: 1 free for the whole stay, not 2.
    expect(await listingsView(1)).toEqual({ listed: true, remaining: 1, available: true });
    expect(await listingsView(2)).toEqual({ listed: false, remaining: 1, available: false });

    // The bookings subgraph agrees: 2 rooms are refused, 1 room is booked.
    const two = await book(CAROL, 1, 4, 2);
    expect(code(two)).toBe('CONFLICT');
    expect(two.body?.errors?.[0]?.message).toBe('Only 1 of 2 STANDARD rooms left for these dates');
    const one = await book(CAROL, 1, 4, 1);
    expect(one.body?.errors, one.text).toBeUndefined();
    await cacheHolds(3);

    // Nights 1 and 3 are now full: both sides say so.
    expect(await listingsView(1)).toEqual({ listed: false, remaining: 0, available: false });
    const more = await book(CAROL, 1, 4, 1);
    expect(code(more)).toBe('CONFLICT');
    expect(more.body?.errors?.[0]?.message).toBe('Only 0 of 2 STANDARD rooms left for these dates');
    // Night 2 alone still has a room on both sides.
    expect((await book(BOB, 2, 3)).body?.errors).toBeUndefined();
  });
});

describe('a hotel with room types', () => {
  const TYPED = 'HTLCAPTYPES';

  it('counts rooms per type on both sides: the suite booked through the gateway is taken in the listings cache, standard rooms stay free', async () => {
    const created = await sg.post({
      query: `mutation ($input: CreateHotelInput!) { createHotel(input: $input) { hotelId numberOfRooms pricePerNight } }`,
      variables: {
        input: {
          hotelId: TYPED,
          name: 'Typed Rooms Inn',
          address: { street: '3 Main St', city: 'Typeville', state: 'NY', zip: '10001' },
          starRating: 4,
          roomTypes: [
            { code: 'STANDARD', name: 'Standard', maxOccupancy: 2, numberOfRooms: 2, pricePerNight: '100.00' },
            { code: 'SUITE', name: 'Suite', maxOccupancy: 4, numberOfRooms: 1, pricePerNight: '300.00' },
          ],
        },
      },
      viewer: LISTING_ADMIN,
    });
    expect(created.body?.errors, created.text).toBeUndefined();

    const suite = await sg.post({
      query: 'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { bookingId roomType totalPrice } }',
      variables: { input: { listingType: 'Hotel', listingId: TYPED, startDate: night(1), endDate: night(3), roomType: 'SUITE', guests: 3 } },
      viewer: ALICE,
    });
    expect(suite.body?.errors, suite.text).toBeUndefined();
    // The price comes from the listings subgraph's room type: 300.00 × 2 nights.
    expect(suite.body?.data).toMatchObject({ createBooking: { roomType: 'SUITE', totalPrice: '600.00' } });

    const deadline = Date.now() + 30_000;
    while ((await sg.mongo.db.collection('availability_blocks').countDocuments({ reference_id: TYPED, room_type: 'SUITE' })) !== 1) {
      if (Date.now() > deadline) throw new Error('the suite booking never reached the availability cache');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const view = await sg.post({
      query: `query ($from: DateTime!, $to: DateTime!, $id: ID!) {
        family: searchHotels(filter: { city: "Typeville", guests: 3, availability: { startDate: $from, endDate: $to } }) { nodes { hotelId } }
        couple: searchHotels(filter: { city: "Typeville", guests: 2, availability: { startDate: $from, endDate: $to } }) { nodes { hotelId } }
        hotel(hotelId: $id) {
          suite: remainingCapacity(startDate: $from, endDate: $to, roomType: "SUITE")
          standard: remainingCapacity(startDate: $from, endDate: $to, roomType: "STANDARD")
          roomAvailability(startDate: $from, endDate: $to, guests: 2) { roomType { code } roomsLeft available totalPrice }
        }
      }`,
      variables: { from: night(1), to: night(3), id: TYPED },
      viewer: CAROL,
    });
    expect(view.body?.errors, view.text).toBeUndefined();
    expect(view.body?.data).toEqual({
      family: { nodes: [] },
      couple: { nodes: [{ hotelId: TYPED }] },
      hotel: {
        suite: 0,
        standard: 2,
        roomAvailability: [
          { roomType: { code: 'STANDARD' }, roomsLeft: 2, available: true, totalPrice: '200.00' },
          { roomType: { code: 'SUITE' }, roomsLeft: 0, available: false, totalPrice: '600.00' },
        ],
      },
    });

    // The bookings subgraph agrees: no second suite, a standard room is still there.
    const again = await sg.post({
      query: 'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { bookingId } }',
      variables: { input: { listingType: 'Hotel', listingId: TYPED, startDate: night(1), endDate: night(3), roomType: 'SUITE' } },
      viewer: BOB,
    });
    expect(code(again)).toBe('CONFLICT');
    const standard = await sg.post({
      query: 'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { roomType totalPrice } }',
      variables: { input: { listingType: 'Hotel', listingId: TYPED, startDate: night(1), endDate: night(3) } },
      viewer: BOB,
    });
    expect(standard.body?.data, standard.text).toEqual({ createBooking: { roomType: 'STANDARD', totalPrice: '200.00' } });
  });
});
