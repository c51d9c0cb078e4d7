import { ROOM_TYPE_CODE_RULE, watchCommands } from '@kayak/common';
import { createTestMongo, testConfig, type TestMongo } from '@kayak/common/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HotelRoomTypeDocument } from '../../src/repositories/documents.js';
import { createServer } from '../../src/server.js';
import { at, blockDoc, caller, codeOf, fieldsOf, hotelDoc, insertListings, listingAdmin, type GraphQLCaller } from './fixtures.js';

// Hotel room types (docs/hotels.md): the legacy read rule, availability per type, the room-type
// search and its Mongo reads, and admin validation.
const config = testConfig();
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let call: GraphQLCaller;
let commands: ReturnType<typeof watchCommands>;

const type = (code: string, name: string, maxOccupancy: number, rooms: number, price: number): HotelRoomTypeDocument => ({
  code,
  name,
  max_occupancy: maxOccupancy,
  number_of_rooms: rooms,
  price_per_night: price,
});

beforeAll(async () => {
  mongo = await createTestMongo(config, 'listings_rooms');
  server = await createServer({ config, port: 0, mongoDb: mongo.name });
  call = caller(server.url, config);
  commands = watchCommands(server.mongo.client);
  await insertListings(mongo.db, {
    hotels: [
      // Default "Standard": 5 + 3 + 1 rooms, the default's price.
      hotelDoc('HR1', { number_of_rooms: 9, default_room_type: 'Standard', price_per_night: 150, room_types: [type('STANDARD', 'Standard', 2, 5, 150), type('DELUXE', 'Deluxe', 3, 3, 220), type('SUITE', 'Suite', 4, 1, 400)] }),
      // Stored before room types existed.
      hotelDoc('HR2', { number_of_rooms: 10, default_room_type: 'Queen Room', price_per_night: 180 }),
      // The default is not the first type.
      hotelDoc('HR3', { number_of_rooms: 12, default_room_type: 'Standard', price_per_night: 120, room_types: [type('FAMILY', 'Family', 6, 2, 300), type('STANDARD', 'Standard', 2, 10, 120)] }),
      hotelDoc('HR4', { address: { street: '1 Elm', city: 'Boston', state: 'MA', zip: '02108' }, room_types: [type('SUITE', 'Suite', 4, 3, 100)], default_room_type: 'Suite', price_per_night: 100, number_of_rooms: 3 }),
    ],
    blocks: [
      // The only suite of HR1, nights 1–2.
      blockDoc('Hotel', 'HR1', { quantity: 1, start_date: at(1), end_date: at(3), room_type: 'SUITE' }),
      // A booking made before room types: takes rooms of HR1's default type (STANDARD).
      blockDoc('Hotel', 'HR1', { quantity: 2, start_date: at(1), end_date: at(2) }),
      // Both family rooms of HR3, night 1.
      blockDoc('Hotel', 'HR3', { quantity: 2, start_date: at(1), end_date: at(2), room_type: 'FAMILY' }),
    ],
  });
});

afterAll(async () => {
  commands?.stop();
  await server?.close();
  await mongo?.drop();
});

beforeEach(() => commands.reset());

interface RoomType {
  code: string;
  name: string;
  maxOccupancy: number;
  numberOfRooms: number;
  pricePerNight: string;
  isDefault: boolean;
}

const roomTypeFields = 'code name maxOccupancy numberOfRooms pricePerNight isDefault';

describe('Hotel.roomTypes', () => {
  it('lists the stored types, default first, and reads a hotel stored without types as one type of its default room type, rooms and price', async () => {
    const response = await call<{ a: { roomTypes: RoomType[] }; b: { roomTypes: RoomType[]; numberOfRooms: number } }>(
      `{ a: hotel(hotelId: "HR3") { roomTypes { ${roomTypeFields} } } b: hotel(hotelId: "HR2") { numberOfRooms roomTypes { ${roomTypeFields} } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.a.roomTypes.map((roomType) => [roomType.code, roomType.isDefault])).toEqual([
      ['STANDARD', true],
      ['FAMILY', false],
    ]);
    expect(response.data?.b.roomTypes).toEqual([{ code: 'QUEEN_ROOM', name: 'Queen Room', maxOccupancy: 2, numberOfRooms: 10, pricePerNight: '180.00', isDefault: true }]);
  });
});

describe('availability per room type', () => {
  it('counts rooms per type: a suite booking takes the suite, a booking without a type takes default-type rooms', async () => {
    const response = await call<{ hotel: Record<string, number | boolean> }>(
      `query ($s: DateTime!, $e: DateTime!) { hotel(hotelId: "HR1") {
        all: remainingCapacity(startDate: $s, endDate: $e)
        suite: remainingCapacity(startDate: $s, endDate: $e, roomType: "suite")
        standard: remainingCapacity(startDate: $s, endDate: $e, roomType: "STANDARD")
        deluxe: remainingCapacity(startDate: $s, endDate: $e, roomType: "DELUXE")
        suiteFree: available(startDate: $s, endDate: $e, roomType: "SUITE")
        deluxeFree: available(startDate: $s, endDate: $e, quantity: 3, roomType: "DELUXE")
      } }`,
      { s: at(1).toISOString(), e: at(3).toISOString() },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.hotel).toEqual({ all: 6, suite: 0, standard: 3, deluxe: 3, suiteFree: false, deluxeFree: true });
  });

  it('prices and checks every room type for a stay and a party in one field', async () => {
    const response = await call<{ hotel: { roomAvailability: Array<Record<string, unknown>> } }>(
      `query ($s: DateTime!, $e: DateTime!) { hotel(hotelId: "HR1") { roomAvailability(startDate: $s, endDate: $e, guests: 4, rooms: 2) {
        roomType { code } roomsLeft fits available nights nightlyPrice totalPrice } } }`,
      { s: at(1).toISOString(), e: at(3).toISOString() },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.hotel.roomAvailability).toEqual([
      { roomType: { code: 'STANDARD' }, roomsLeft: 3, fits: true, available: true, nights: 2, nightlyPrice: '150.00', totalPrice: '600.00' },
      { roomType: { code: 'DELUXE' }, roomsLeft: 3, fits: true, available: true, nights: 2, nightlyPrice: '220.00', totalPrice: '880.00' },
      { roomType: { code: 'SUITE' }, roomsLeft: 0, fits: true, available: false, nights: 2, nightlyPrice: '400.00', totalPrice: '1600.00' },
    ]);
  });

  it('refuses an unknown room type and a party with fewer guests than rooms (BAD_USER_INPUT with the argument)', async () => {
    const unknown = await call(`query ($s: DateTime!, $e: DateTime!) { hotel(hotelId: "HR1") { remainingCapacity(startDate: $s, endDate: $e, roomType: "PENTHOUSE") } }`, {
      s: at(1).toISOString(),
      e: at(3).toISOString(),
    });
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(unknown)).toEqual([{ path: 'roomType', message: 'no room type PENTHOUSE at hotel HR1' }]);
    const party = await call(`query ($s: DateTime!, $e: DateTime!) { hotel(hotelId: "HR1") { roomAvailability(startDate: $s, endDate: $e, guests: 1, rooms: 2) { fits } } }`, {
      s: at(1).toISOString(),
      e: at(3).toISOString(),
    });
    expect(codeOf(party)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(party)).toEqual([{ path: 'guests', message: 'must be at least one guest per room' }]);
  });
});

describe('searchHotels by guests, rooms and room type', () => {
  const search = `query ($filter: HotelSearchFilter, $first: Int, $after: String, $sort: HotelSort) {
    searchHotels(filter: $filter, first: $first, after: $after, sort: $sort) { nodes { hotelId } totalCount pageInfo { hasNextPage endCursor } } }`;
  type SearchResult = { searchHotels: { nodes: Array<{ hotelId: string }>; totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
  const ids = (response: { data?: SearchResult | null }): string[] | undefined => response.data?.searchHotels.nodes.map((node) => node.hotelId);
  const hotelReads = (): number => commands.count('find', 'hotels') + commands.count('aggregate', 'hotels');
  const holdReads = (): number => commands.count('find', 'listing_holds');

  it('keeps hotels with a room type that sleeps the party, priced and sorted by the cheapest such type', async () => {
    // 4 guests in 1 room: only HR1's suite (400) and HR3's family room (300) sleep 4.
    expect(ids(await call<SearchResult>(search, { filter: { city: 'New York', guests: 4 } }))).toEqual(['HR3', 'HR1']);
    // 4 guests in 2 rooms: every type sleeps 2; the cheapest of each hotel: HR3 120, HR1 150, HR2 180.
    expect(ids(await call<SearchResult>(search, { filter: { city: 'New York', guests: 4, rooms: 2 } }))).toEqual(['HR3', 'HR1', 'HR2']);
    expect(ids(await call<SearchResult>(search, { filter: { city: 'New York', guests: 4, rooms: 2 }, sort: 'PRICE_DESC' }))).toEqual(['HR2', 'HR1', 'HR3']);
    // The price filter applies to the cheapest fitting type, not to pricePerNight (HR3's default is 120, its family room 300).
    expect(ids(await call<SearchResult>(search, { filter: { city: 'New York', guests: 3, minPrice: '200' } }))).toEqual(['HR1', 'HR3']);
    expect(ids(await call<SearchResult>(search, { filter: { guests: 2, roomType: 'suite' } }))).toEqual(['HR4', 'HR1']);
  });

  it('with dates, keeps only hotels whose fitting type has the rooms free for the whole stay, in two Mongo reads', async () => {
    commands.reset();
    const booked = await call<SearchResult>(search, { filter: { city: 'New York', guests: 4, availability: { startDate: at(1).toISOString(), endDate: at(3).toISOString() } } });
    expect(booked.errors).toBeUndefined();
    // HR1's suite and HR3's family rooms are taken on night 1.
    expect(ids(booked)).toEqual([]);
    expect(hotelReads()).toBe(1);
    expect(holdReads()).toBe(1);
    const later = await call<SearchResult>(search, { filter: { city: 'New York', guests: 4, availability: { startDate: at(3).toISOString(), endDate: at(5).toISOString() } } });
    expect(ids(later)).toEqual(['HR3', 'HR1']);
    // Two standard rooms of HR1 taken on night 1 leave 3: a party needing 4 of them goes elsewhere
    // (HR2's one type is QUEEN_ROOM, not STANDARD).
    const four = await call<SearchResult>(search, { filter: { city: 'New York', guests: 4, roomType: 'STANDARD', availability: { startDate: at(1).toISOString(), endDate: at(2).toISOString(), quantity: 4 } } });
    expect(ids(four)).toEqual(['HR3']);
    const three = await call<SearchResult>(search, { filter: { city: 'New York', guests: 3, roomType: 'STANDARD', availability: { startDate: at(1).toISOString(), endDate: at(2).toISOString(), quantity: 3 } } });
    expect(ids(three)).toEqual(['HR3', 'HR1']);
  });

  it('tells each hotel the price the search ranks it by (Hotel.lowestPrice)', async () => {
    const response = await call<Record<string, { lowestPrice: string | null }>>(
      `query ($s: DateTime!, $e: DateTime!) {
        family: hotel(hotelId: "HR3") { lowestPrice(guests: 4) }
        legacy: hotel(hotelId: "HR2") { lowestPrice(guests: 4) }
        pair: hotel(hotelId: "HR1") { lowestPrice(guests: 4, rooms: 2) }
        booked: hotel(hotelId: "HR1") { lowestPrice(guests: 4, startDate: $s, endDate: $e) }
        suite: hotel(hotelId: "HR1") { lowestPrice(guests: 1, roomType: "suite") }
      }`,
      { s: at(1).toISOString(), e: at(3).toISOString() },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      family: { lowestPrice: '300.00' },
      legacy: { lowestPrice: null },
      pair: { lowestPrice: '150.00' },
      booked: { lowestPrice: null },
      suite: { lowestPrice: '400.00' },
    });
  });

  it('pages with the cursor of the computed price', async () => {
    const first = await call<SearchResult>(search, { filter: { city: 'New York', guests: 4, rooms: 2 }, first: 2 });
    expect(ids(first)).toEqual(['HR3', 'HR1']);
    expect(first.data?.searchHotels.totalCount).toBe(3);
    expect(first.data?.searchHotels.pageInfo.hasNextPage).toBe(true);
    const second = await call<SearchResult>(search, { filter: { city: 'New York', guests: 4, rooms: 2 }, first: 2, after: first.data?.searchHotels.pageInfo.endCursor });
    expect(ids(second)).toEqual(['HR2']);
    expect(second.data?.searchHotels.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses a party that cannot be one and rooms that disagree with the availability quantity', async () => {
    const response = await call<SearchResult>(search, { filter: { guests: 0, rooms: 2, roomType: 'no way', availability: { startDate: at(1).toISOString(), endDate: at(2).toISOString(), quantity: 3 } } });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual([
      { path: 'filter.rooms', message: 'must be availability.quantity when both are given' },
      { path: 'filter.guests', message: 'must be an integer from 1 to 100' },
      { path: 'filter.roomType', message: ROOM_TYPE_CODE_RULE },
    ]);
  });
});

describe('createHotel and updateHotel with room types', () => {
  const address = { street: '1 Main St', city: 'Denver', state: 'CO', zip: '80202' };
  const create = `mutation ($input: CreateHotelInput!) { createHotel(input: $input) { hotelId numberOfRooms defaultRoomType pricePerNight roomTypes { ${roomTypeFields} } } }`;
  const update = `mutation ($id: ID!, $input: UpdateHotelInput!) { updateHotel(hotelId: $id, input: $input) { numberOfRooms defaultRoomType pricePerNight roomTypes { ${roomTypeFields} } } }`;
  const roomTypes = [
    { code: 'standard', name: 'Standard', maxOccupancy: 2, numberOfRooms: 20, pricePerNight: '129.00' },
    { code: 'SUITE', name: 'Suite', maxOccupancy: 4, numberOfRooms: 4, pricePerNight: '349.00' },
  ];

  it('derives rooms, default name and price from the types (the default named by code)', async () => {
    const response = await call<{ createHotel: Record<string, unknown> }>(create, { input: { hotelId: 'HRA1', name: 'Typed Inn', address, starRating: 4, roomTypes, defaultRoomType: 'suite' } }, listingAdmin);
    expect(response.errors).toBeUndefined();
    expect(response.data?.createHotel).toMatchObject({ numberOfRooms: 24, defaultRoomType: 'Suite', pricePerNight: '349.00' });
    const stored = await mongo.db.collection('hotels').findOne({ hotel_id: 'HRA1' });
    expect(stored?.room_types).toEqual([
      { code: 'STANDARD', name: 'Standard', max_occupancy: 2, number_of_rooms: 20, price_per_night: 129 },
      { code: 'SUITE', name: 'Suite', max_occupancy: 4, number_of_rooms: 4, price_per_night: 349 },
    ]);
  });

  it('refuses invalid room types with every field path, and writes nothing', async () => {
    const before = await mongo.db.collection('hotels').countDocuments();
    const response = await call(
      create,
      {
        input: {
          hotelId: 'HRA2',
          name: 'Bad Inn',
          address,
          starRating: 3,
          numberOfRooms: 5,
          defaultRoomType: 'Penthouse',
          roomTypes: [
            { code: 'STANDARD', name: 'Standard', maxOccupancy: 2, numberOfRooms: 2, pricePerNight: '100.00' },
            { code: 'standard', name: 'Big', maxOccupancy: 11, numberOfRooms: 0, pricePerNight: '0' },
          ],
        },
      },
      listingAdmin,
    );
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual([
      { path: 'input.roomTypes.1.code', message: 'is already the code of another room type of this hotel' },
      { path: 'input.roomTypes.1.pricePerNight', message: 'must be more than zero' },
      { path: 'input.roomTypes.1.maxOccupancy', message: 'must be an integer from 1 to 10' },
      { path: 'input.roomTypes.1.numberOfRooms', message: 'must be an integer from 1 to 10000' },
      { path: 'input.defaultRoomType', message: 'must be the code or name of one of roomTypes' },
      { path: 'input.numberOfRooms', message: "must be the sum of the room types' rooms, 2" },
    ]);
    expect(await mongo.db.collection('hotels').countDocuments()).toBe(before);
  });

  it('keeps the four room fields consistent on update: a new default price, replaced types, and no total rooms for a hotel with several types', async () => {
    const price = await call<{ updateHotel: Record<string, unknown> }>(update, { id: 'HRA1', input: { pricePerNight: '359.00' } }, listingAdmin);
    expect(price.errors).toBeUndefined();
    expect(price.data?.updateHotel).toMatchObject({ pricePerNight: '359.00', defaultRoomType: 'Suite', numberOfRooms: 24 });
    expect((price.data?.updateHotel.roomTypes as RoomType[]).find((roomType) => roomType.code === 'SUITE')?.pricePerNight).toBe('359.00');

    const rooms = await call(update, { id: 'HRA1', input: { numberOfRooms: 30 } }, listingAdmin);
    expect(fieldsOf(rooms)).toEqual([{ path: 'input.numberOfRooms', message: 'the hotel has several room types: set the rooms of each in roomTypes' }]);

    const replaced = await call<{ updateHotel: Record<string, unknown> }>(update, { id: 'HRA1', input: { roomTypes: [{ code: 'FAMILY', name: 'Family', maxOccupancy: 5, numberOfRooms: 6, pricePerNight: '199.00' }, ...roomTypes] } }, listingAdmin);
    expect(replaced.errors).toBeUndefined();
    // The default (SUITE) is still one of the types, so it stays the default.
    expect(replaced.data?.updateHotel).toMatchObject({ numberOfRooms: 30, defaultRoomType: 'Suite', pricePerNight: '349.00' });
  });

  it('renames the only room type of an older hotel and sets its rooms, as before room types', async () => {
    const response = await call<{ updateHotel: Record<string, unknown> }>(update, { id: 'HR2', input: { defaultRoomType: 'King Room', numberOfRooms: 12 } }, listingAdmin);
    expect(response.errors).toBeUndefined();
    expect(response.data?.updateHotel).toMatchObject({
      numberOfRooms: 12,
      defaultRoomType: 'King Room',
      pricePerNight: '180.00',
      roomTypes: [{ code: 'QUEEN_ROOM', name: 'King Room', maxOccupancy: 2, numberOfRooms: 12, pricePerNight: '180.00', isDefault: true }],
    });
  });
});
