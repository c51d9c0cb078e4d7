import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, code, startSupergraph, type AdminViewer, type Supergraph } from './abuse/support/supergraph.js';

// Issue 13 item 5 through the real gateway and subgraphs: deleting a listing that a booking
// references retires it. The trip keeps resolving it (marked retired), search leaves it out,
// and booking or paying for it is refused with CONFLICT. A listing that really is gone (erased
// before deletes became retirements) is an error at the listing's path, never a silent null.
const LISTING_ADMIN: AdminViewer = { kind: 'admin', adminId: 'ADM002', role: 'Listing Admin' };
let sg: Supergraph;
let hotelId: string;
let otherHotelId: string;
let city: string;

const CREATE = 'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { bookingId bookingStatus } }';
const PAY = 'mutation ($id: ID!, $key: String!) { payBooking(bookingId: $id, paymentMethod: { type: paypal }, idempotencyKey: $key) { booking { bookingStatus } } }';
const TRIPS = `{ me { ... on User { bookings { nodes { bookingId bookingStatus listing { ... on Hotel { hotelId name retired retiredAt } } } } } } }`;

const stay = (days: number) => {
  const start = new Date(Date.now() + days * 86_400_000);
  return { startDate: start.toISOString(), endDate: new Date(start.getTime() + 2 * 86_400_000).toISOString() };
};

async function book(listingId: string, days: number) {
  return sg.post({ query: CREATE, variables: { input: { listingType: 'Hotel', listingId, ...stay(days), quantity: 1 } }, viewer: ALICE });
}

async function searchIds(): Promise<string[]> {
  const response = await sg.post({ query: 'query ($city: String) { searchHotels(filter: { city: $city }, first: 50) { nodes { hotelId } totalCount } }', variables: { city } });
  const result = response.body?.data?.searchHotels as { nodes: Array<{ hotelId: string }>; totalCount: number };
  expect(result.totalCount).toBe(result.nodes.length);
  return result.nodes.map((node) => node.hotelId);
}

beforeAll(async () => {
  sg = await startSupergraph({ prefix: 'retired_listings' });
  const hotels = await sg.mongo.db.collection<{ hotel_id: string; address: { city: string } }>('hotels').find({}).sort({ hotel_id: 1 }).limit(2).toArray();
  hotelId = hotels[0]?.hotel_id ?? '';
  otherHotelId = hotels[1]?.hotel_id ?? '';
  city = hotels[0]?.address.city ?? '';
}, 180_000);

afterAll(async () => {
  await sg?.close();
});

describe('deleting a listing that a Pending booking references', () => {
  let bookingId: string;

  it('retires it instead of erasing it', async () => {
    const created = await book(hotelId, 30);
    bookingId = (created.body?.data?.createBooking as { bookingId: string }).bookingId;
    expect(await searchIds()).toContain(hotelId);

    const deleted = await sg.post({ query: 'mutation ($id: ID!) { deleteHotel(hotelId: $id) }', variables: { id: hotelId }, viewer: LISTING_ADMIN });
    expect(deleted.body).toEqual({ data: { deleteHotel: hotelId } });
    const stored = await sg.mongo.db.collection('hotels').findOne({ hotel_id: hotelId });
    expect(stored?.retired_at).toBeInstanceOf(Date);
    // Deleting it again finds no (offered) listing, as before.
    const again = await sg.post({ query: 'mutation ($id: ID!) { deleteHotel(hotelId: $id) }', variables: { id: hotelId }, viewer: LISTING_ADMIN });
    expect(code(again)).toBe('NOT_FOUND');
  });

  it('leaves search, and can no longer be edited', async () => {
    expect(await searchIds()).not.toContain(hotelId);
    const edited = await sg.post({ query: 'mutation ($id: ID!) { updateHotel(hotelId: $id, input: { name: "Renamed" }) { hotelId } }', variables: { id: hotelId }, viewer: LISTING_ADMIN });
    expect(code(edited)).toBe('CONFLICT');
  });

  it('refuses paying for the pending booking with CONFLICT, and changes nothing', async () => {
    const before = await sg.counts();
    const paid = await sg.post({ query: PAY, variables: { id: bookingId, key: `retired-${bookingId}` }, viewer: ALICE });
    expect(code(paid)).toBe('CONFLICT');
    expect(paid.body?.errors?.[0]?.message).toBe(`Hotel ${hotelId} has been retired and can no longer be booked or paid for`);
    expect(await sg.counts()).toEqual(before);
    const [row] = await sg.sql<{ booking_status: string }>('SELECT booking_status FROM bookings WHERE booking_id = ?', [bookingId]);
    expect(row?.booking_status).toBe('Pending');
  });

  it('refuses a new booking with CONFLICT on input.listingId', async () => {
    const before = await sg.counts();
    const refused = await book(hotelId, 40);
    expect(code(refused)).toBe('CONFLICT');
    expect(refused.body?.errors?.[0]?.extensions?.fields).toEqual([{ path: 'input.listingId', message: `Hotel ${hotelId} is retired` }]);
    expect(await sg.counts()).toEqual(before);
  });

  it('still shows the trip, with the listing marked retired', async () => {
    const trips = await sg.post({ query: TRIPS, viewer: ALICE });
    expect(trips.body?.errors).toBeUndefined();
    const nodes = ((trips.body?.data?.me as { bookings: { nodes: Array<{ bookingId: string; listing: { hotelId: string; retired: boolean; retiredAt: string | null } }> } }).bookings).nodes;
    expect(nodes).toEqual([expect.objectContaining({ bookingId, bookingStatus: 'Pending', listing: expect.objectContaining({ hotelId, retired: true, retiredAt: expect.any(String) }) })]);
  });
});

describe('a booking whose listing is gone altogether', () => {
  it('answers with an error at the listing’s path instead of silently nulling the trips', async () => {
    const created = await book(otherHotelId, 50);
    expect(created.body?.errors).toBeUndefined();
    // Erased outside the API (or before deletes retired): what an unresolvable entity looks like.
    await sg.mongo.db.collection('hotels').deleteOne({ hotel_id: otherHotelId });
    const trips = await sg.post({ query: TRIPS, viewer: ALICE });
    expect(trips.body?.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          message: `Hotel ${otherHotelId} not found`,
          path: ['me', 'bookings', 'nodes', expect.any(Number), 'listing'],
          extensions: expect.objectContaining({ code: 'NOT_FOUND' }),
        }),
      ]),
    );
  });
});
