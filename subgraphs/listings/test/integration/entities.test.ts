import { watchCommands } from '@kayak/common';
import { createTestMongo, testConfig, type TestMongo } from '@kayak/common/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server.js';
import { at, blockDoc, caller, carDoc, codeOf, fieldsOf, flightDoc, hotelDoc, insertListings, type GraphQLCaller } from './fixtures.js';

// Entities, the `listing` query, `_entities` batching and the availability fields.
const config = testConfig();
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let call: GraphQLCaller;
let commands: ReturnType<typeof watchCommands>;

const flightIds = Array.from({ length: 20 }, (_, i) => `FLE${String(i + 1).padStart(3, '0')}`);
const hotelIds = Array.from({ length: 20 }, (_, i) => `HTLE${String(i + 1).padStart(3, '0')}`);
const carIds = Array.from({ length: 20 }, (_, i) => `CARE${String(i + 1).padStart(3, '0')}`);

beforeAll(async () => {
  mongo = await createTestMongo(config, 'listings_entities');
  server = await createServer({ config, port: 0, mongoDb: mongo.name });
  call = caller(server.url, config);
  commands = watchCommands(server.mongo.client);
  await insertListings(mongo.db, {
    flights: flightIds.map((id) => flightDoc(id, { total_available_seats: 10 })),
    hotels: hotelIds.map((id) => hotelDoc(id, { number_of_rooms: 5 })),
    cars: carIds.map((id, i) => carDoc(id, { availability_status: i === 1 ? 'Maintenance' : 'Available' })),
    blocks: [
      // FLE001: 3 + 4 seats held, a cancelled 50 releases its seats.
      blockDoc('Flight', 'FLE001', { quantity: 3, booking_status: 'Pending' }),
      blockDoc('Flight', 'FLE001', { quantity: 4, booking_status: 'Confirmed', start_date: at(40), end_date: at(41) }),
      blockDoc('Flight', 'FLE001', { quantity: 50, booking_status: 'Cancelled' }),
      // HTLE001: two rooms on days 1–3 and three rooms on days 2–4 → 5 rooms on day 2, full.
      blockDoc('Hotel', 'HTLE001', { quantity: 2, start_date: at(1), end_date: at(3) }),
      blockDoc('Hotel', 'HTLE001', { quantity: 3, start_date: at(2), end_date: at(4) }),
      blockDoc('Hotel', 'HTLE001', { quantity: 5, start_date: at(5), end_date: at(6), booking_status: 'PaymentFailed' }),
      // CARE001 rented days 1–3.
      blockDoc('Car', 'CARE001', { start_date: at(1), end_date: at(3) }),
    ],
  });
});

afterAll(async () => {
  commands?.stop();
  await server?.close();
  await mongo?.drop();
});

beforeEach(() => commands.reset());

const flightFields = `flightId airlineName departureAirport departureCity arrivalAirport arrivalCity departureDatetime arrivalDatetime
  durationMinutes flightClass ticketPrice totalAvailableSeats rating createdAt updatedAt`;
const hotelFields = `hotelId name address { street city state zip } starRating numberOfRooms defaultRoomType pricePerNight
  amenities { wifi breakfastIncluded parking petFriendly nearTransit pool gym } hotelRating createdAt updatedAt`;
const carFields = `carId carType providerName model year transmissionType numberOfSeats dailyRentalPrice carRating availabilityStatus pickupCity createdAt updatedAt`;

describe('listing entities', () => {
  it('returns every stored field of a flight, hotel and car through listing(listingType, listingId)', async () => {
    const response = await call<Record<string, unknown>>(`{
      f: listing(listingType: Flight, listingId: "FLE002") { __typename ... on Flight { ${flightFields} } }
      h: listing(listingType: Hotel, listingId: "HTLE002") { __typename ... on Hotel { ${hotelFields} } }
      c: listing(listingType: Car, listingId: "CARE003") { __typename ... on Car { ${carFields} } }
    }`);
    expect(response.errors).toBeUndefined();
    expect(response.data?.f).toEqual({
      __typename: 'Flight',
      flightId: 'FLE002',
      airlineName: 'Delta Air Lines',
      departureAirport: 'JFK',
      departureCity: 'New York',
      arrivalAirport: 'LAX',
      arrivalCity: 'Los Angeles',
      departureDatetime: at(1, 8).toISOString(),
      arrivalDatetime: new Date(at(1, 8).getTime() + 300 * 60_000).toISOString(),
      durationMinutes: 300,
      flightClass: 'Economy',
      ticketPrice: '300.00',
      totalAvailableSeats: 10,
      rating: 4,
      createdAt: at(0).toISOString(),
      updatedAt: at(0).toISOString(),
    });
    expect(response.data?.h).toMatchObject({
      __typename: 'Hotel',
      hotelId: 'HTLE002',
      address: { street: '1 Main St', city: 'New York', state: 'NY', zip: '10001' },
      starRating: 3,
      numberOfRooms: 5,
      defaultRoomType: 'Standard',
      pricePerNight: '200.00',
      amenities: { wifi: true, breakfastIncluded: false, parking: false, petFriendly: false, nearTransit: false, pool: false, gym: false },
      hotelRating: 3.5,
    });
    expect(response.data?.c).toMatchObject({
      __typename: 'Car',
      carId: 'CARE003',
      carType: 'SUV',
      providerName: 'Hertz',
      model: 'Ford Explorer',
      year: 2024,
      transmissionType: 'Automatic',
      numberOfSeats: 5,
      dailyRentalPrice: '80.00',
      carRating: 4,
      availabilityStatus: 'Available',
      pickupCity: 'Denver',
    });
  });

  it('returns null for a listing that does not exist, and for an id of another type', async () => {
    const response = await call(`{ a: listing(listingType: Hotel, listingId: "NOPE") { __typename } b: listing(listingType: Hotel, listingId: "FLE001") { __typename } flight(flightId: "NOPE") { flightId } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ a: null, b: null, flight: null });
  });

  it('resolves 60 mixed representations in _entities with one find per collection', async () => {
    const representations = [
      ...flightIds.map((flightId) => ({ __typename: 'Flight', flightId })),
      ...hotelIds.map((hotelId) => ({ __typename: 'Hotel', hotelId })),
      ...carIds.map((carId) => ({ __typename: 'Car', carId })),
    ];
    const response = await call<{ _entities: Array<Record<string, unknown> | null> }>(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) {
        ... on Flight { flightId } ... on Hotel { hotelId } ... on Car { carId } } }`,
      { representations },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?._entities.map((entity) => entity?.flightId ?? entity?.hotelId ?? entity?.carId)).toEqual([...flightIds, ...hotelIds, ...carIds]);
    expect(commands.count('find', 'flights')).toBe(1);
    expect(commands.count('find', 'hotels')).toBe(1);
    expect(commands.count('find', 'cars')).toBe(1);
  });

  it('serves the fields the bookings subgraph selects to an anonymous viewer; an unknown id is null with a NOT_FOUND error at its index', async () => {
    const response = await call<{ _entities: unknown[] }>(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) {
        ... on Flight { ticketPrice totalAvailableSeats departureDatetime retired }
        ... on Hotel { pricePerNight numberOfRooms retired }
        ... on Car { dailyRentalPrice availabilityStatus retired } } }`,
      { representations: [{ __typename: 'Flight', flightId: 'FLE003' }, { __typename: 'Hotel', hotelId: 'HTLE003' }, { __typename: 'Car', carId: 'CARE002' }, { __typename: 'Car', carId: 'MISSING' }] },
    );
    expect(response.data?._entities).toEqual([
      { ticketPrice: '300.00', totalAvailableSeats: 10, departureDatetime: at(1, 8).toISOString(), retired: false },
      { pricePerNight: '200.00', numberOfRooms: 5, retired: false },
      { dailyRentalPrice: '80.00', availabilityStatus: 'Maintenance', retired: false },
      null,
    ]);
    // The gateway turns this path into the referencing field's path (e.g. a booking's listing).
    expect(response.errors).toEqual([expect.objectContaining({ message: 'Car MISSING not found', path: ['_entities', 3], extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })]);
  });
});

describe('availability fields', () => {
  const range = { start: at(0).toISOString(), end: at(10).toISOString() };

  it('counts Pending and Confirmed seats on a flight whatever their dates, and not cancelled ones', async () => {
    const response = await call<{ flight: { remainingCapacity: number; two: boolean; three: boolean; four: boolean } }>(
      `query ($start: DateTime!, $end: DateTime!) { flight(flightId: "FLE001") {
        remainingCapacity two: available(startDate: $start, endDate: $end, quantity: 2) three: available(startDate: $start, endDate: $end, quantity: 3)
        four: available(startDate: $start, endDate: $end, quantity: 4) } }`,
      range,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.flight).toEqual({ remainingCapacity: 3, two: true, three: true, four: false });
  });

  it('reports a flight unavailable for a range it does not depart in', async () => {
    const response = await call<{ flight: { available: boolean } }>(
      `{ flight(flightId: "FLE002") { available(startDate: "${at(2).toISOString()}", endDate: "${at(9).toISOString()}") } }`,
    );
    expect(response.data?.flight.available).toBe(false);
  });

  it('takes the busiest night of a hotel stay, ignoring failed payments and non-overlapping nights', async () => {
    const response = await call<{ hotel: Record<string, number | boolean> }>(`{ hotel(hotelId: "HTLE001") {
      day1: remainingCapacity(startDate: "${at(1).toISOString()}", endDate: "${at(2).toISOString()}")
      day2: remainingCapacity(startDate: "${at(2).toISOString()}", endDate: "${at(3).toISOString()}")
      stay: remainingCapacity(startDate: "${at(0).toISOString()}", endDate: "${at(10).toISOString()}")
      checkoutDay: remainingCapacity(startDate: "${at(4).toISOString()}", endDate: "${at(6).toISOString()}")
      oneRoomDay1: available(startDate: "${at(1).toISOString()}", endDate: "${at(2).toISOString()}")
      oneRoomStay: available(startDate: "${at(1).toISOString()}", endDate: "${at(4).toISOString()}")
    } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data?.hotel).toEqual({ day1: 3, day2: 0, stay: 0, checkoutDay: 5, oneRoomDay1: true, oneRoomStay: false });
  });

  it('makes a car unavailable while rented, in maintenance, or for more than one unit', async () => {
    const during = `startDate: "${at(2).toISOString()}", endDate: "${at(4).toISOString()}"`;
    const after = `startDate: "${at(3).toISOString()}", endDate: "${at(5).toISOString()}"`;
    const response = await call<Record<string, Record<string, number | boolean>>>(`{
      rented: car(carId: "CARE001") { during: available(${during}) after: available(${after}) remaining: remainingCapacity(${during}) }
      maintenance: car(carId: "CARE002") { after: available(${after}) remaining: remainingCapacity(${after}) }
      free: car(carId: "CARE003") { one: available(${during}) two: available(${during}, quantity: 2) }
    }`);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      rented: { during: false, after: true, remaining: 0 },
      maintenance: { after: false, remaining: 0 },
      free: { one: true, two: false },
    });
  });

  it('answers remainingCapacity for a page of 20 hotels and 20 flights with one holds lookup each, and no search through the blocks', async () => {
    const response = await call<{ searchHotels: { nodes: unknown[] }; searchFlights: { nodes: unknown[] } }>(`{
      searchHotels(first: 20) { nodes { hotelId remainingCapacity(startDate: "${at(1).toISOString()}", endDate: "${at(2).toISOString()}") } }
      searchFlights(first: 20) { nodes { flightId remainingCapacity } }
    }`);
    expect(response.errors).toBeUndefined();
    expect(response.data?.searchHotels.nodes).toHaveLength(20);
    expect(response.data?.searchFlights.nodes).toHaveLength(20);
    expect(commands.count('find', 'listing_holds')).toBe(2);
    expect(commands.count('find', 'availability_blocks')).toBe(0);
  });

  it('rejects a range whose end is not after its start and a quantity below 1 in one BAD_USER_INPUT', async () => {
    const response = await call(`{ hotel(hotelId: "HTLE002") { available(startDate: "${at(3).toISOString()}", endDate: "${at(3).toISOString()}", quantity: 0) } }`);
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual([
      { path: 'endDate', message: 'must be after startDate' },
      { path: 'quantity', message: 'must be an integer from 1 to 1000' },
    ]);
  });
});
