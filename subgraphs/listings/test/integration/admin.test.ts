import { createTestMongo, testConfig, type TestMongo } from '@kayak/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server.js';
import { anonymous, at, blockDoc, caller, codeOf, customer, fieldsOf, insertListings, listingAdmin, superAdmin, userAdmin, type GraphQLCaller } from './fixtures.js';

// Admin mutations: roles, full validation, conflicts, and that nothing is written on any error.
const config = testConfig();
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let call: GraphQLCaller;

beforeAll(async () => {
  mongo = await createTestMongo(config, 'listings_admin');
  server = await createServer({ config, port: 0, mongoDb: mongo.name });
  call = caller(server.url, config);
});

afterAll(async () => {
  await server?.close();
  await mongo?.drop();
});

const count = (collection: string) => mongo.db.collection(collection).countDocuments();

const flightInput = (overrides: Record<string, unknown> = {}) => ({
  flightId: 'FLA001',
  airlineName: 'United Airlines',
  departureAirport: 'SFO',
  departureCity: 'San Francisco',
  arrivalAirport: 'ORD',
  arrivalCity: 'Chicago',
  departureDatetime: at(10, 8).toISOString(),
  arrivalDatetime: at(10, 12).toISOString(),
  flightClass: 'Business',
  ticketPrice: '612.50',
  totalAvailableSeats: 30,
  ...overrides,
});

const hotelInput = (overrides: Record<string, unknown> = {}) => ({
  hotelId: 'HTLA001',
  name: 'Harbor View',
  address: { street: '1 Pier Rd', city: 'Seattle', state: 'wa', zip: '98101' },
  starRating: 4,
  numberOfRooms: 80,
  defaultRoomType: 'Deluxe',
  pricePerNight: '249.99',
  amenities: { wifi: true, pool: true },
  ...overrides,
});

const carInput = (overrides: Record<string, unknown> = {}) => ({
  carId: 'CARA001',
  carType: 'SUV',
  providerName: 'Avis',
  model: 'Toyota RAV4',
  year: 2025,
  transmissionType: 'Automatic',
  numberOfSeats: 5,
  dailyRentalPrice: '69.00',
  pickupCity: 'Denver',
  ...overrides,
});

const createFlight = `mutation ($input: CreateFlightInput!) { createFlight(input: $input) {
  flightId airlineName departureAirport departureCity arrivalAirport arrivalCity departureDatetime arrivalDatetime durationMinutes flightClass ticketPrice totalAvailableSeats rating } }`;
const createHotel = `mutation ($input: CreateHotelInput!) { createHotel(input: $input) {
  hotelId name address { street city state zip } starRating numberOfRooms defaultRoomType pricePerNight amenities { wifi breakfastIncluded parking petFriendly nearTransit pool gym } hotelRating } }`;
const createCar = `mutation ($input: CreateCarInput!) { createCar(input: $input) {
  carId carType providerName model year transmissionType numberOfSeats dailyRentalPrice carRating availabilityStatus pickupCity } }`;

describe('authorisation', () => {
  it('refuses anonymous callers with UNAUTHENTICATED and users or other admins with FORBIDDEN, writing nothing', async () => {
    expect(codeOf(await call(createFlight, { input: flightInput() }, anonymous))).toBe('UNAUTHENTICATED');
    expect(codeOf(await call(createFlight, { input: flightInput() }, customer))).toBe('FORBIDDEN');
    expect(codeOf(await call(createFlight, { input: flightInput() }, userAdmin))).toBe('FORBIDDEN');
    expect(codeOf(await call('mutation { deleteCar(carId: "X") }', {}, customer))).toBe('FORBIDDEN');
    expect(await count('flights')).toBe(0);
  });

  it('checks the role before validating, so outsiders learn nothing about the input rules', async () => {
    expect(codeOf(await call(createFlight, { input: flightInput({ departureAirport: 'x' }) }, customer))).toBe('FORBIDDEN');
  });
});

describe('create', () => {
  it('creates a flight for a Listing Admin, computing the duration from the schedule', async () => {
    const response = await call(createFlight, { input: flightInput() }, listingAdmin);
    expect(response.errors).toBeUndefined();
    expect(response.data?.createFlight).toEqual({
      flightId: 'FLA001',
      airlineName: 'United Airlines',
      departureAirport: 'SFO',
      departureCity: 'San Francisco',
      arrivalAirport: 'ORD',
      arrivalCity: 'Chicago',
      departureDatetime: at(10, 8).toISOString(),
      arrivalDatetime: at(10, 12).toISOString(),
      durationMinutes: 240,
      flightClass: 'Business',
      ticketPrice: '612.50',
      totalAvailableSeats: 30,
      rating: 0,
    });
    const stored = await mongo.db.collection('flights').findOne({ flight_id: 'FLA001' });
    expect(stored).toMatchObject({ departure_airport: 'SFO', ticket_price: 612.5, duration_minutes: 240, departure_datetime: at(10, 8) });
    expect(stored?.created_at).toBeInstanceOf(Date);
  });

  it('creates a hotel for a Super Admin, normalising the state and defaulting missing amenities to false', async () => {
    const response = await call(createHotel, { input: hotelInput() }, superAdmin);
    expect(response.errors).toBeUndefined();
    expect(response.data?.createHotel).toEqual({
      hotelId: 'HTLA001',
      name: 'Harbor View',
      address: { street: '1 Pier Rd', city: 'Seattle', state: 'WA', zip: '98101' },
      starRating: 4,
      numberOfRooms: 80,
      defaultRoomType: 'Deluxe',
      pricePerNight: '249.99',
      amenities: { wifi: true, breakfastIncluded: false, parking: false, petFriendly: false, nearTransit: false, pool: true, gym: false },
      hotelRating: 0,
    });
    expect(await mongo.db.collection('hotels').findOne({ hotel_id: 'HTLA001' })).toMatchObject({ amenities: { wifi: true, pool: true, pet_friendly: false } });
  });

  it('creates a car available by default, and generates an id when none is given', async () => {
    const response = await call<{ createCar: Record<string, unknown> }>(createCar, { input: carInput({ carId: null }) }, listingAdmin);
    expect(response.errors).toBeUndefined();
    expect(response.data?.createCar).toMatchObject({ carType: 'SUV', year: 2025, dailyRentalPrice: '69.00', availabilityStatus: 'Available', carRating: 0 });
    expect(response.data?.createCar.carId).toMatch(/^CAR[0-9A-F]{10}$/);
  });

  it('rejects an id that is already taken with CONFLICT', async () => {
    const response = await call(createFlight, { input: flightInput({ airlineName: 'Other' }) }, listingAdmin);
    expect(codeOf(response)).toBe('CONFLICT');
    expect(fieldsOf(response)).toEqual([{ path: 'input.flightId', message: 'is already taken' }]);
    expect(await mongo.db.collection('flights').findOne({ flight_id: 'FLA001' })).toMatchObject({ airline_name: 'United Airlines' });
  });

  it('lists every invalid flight field in one BAD_USER_INPUT and writes nothing', async () => {
    const before = await count('flights');
    const response = await call(
      createFlight,
      {
        input: flightInput({
          flightId: 'fl-lower',
          airlineName: '   ',
          departureAirport: 'qqq',
          arrivalAirport: 'CHICAGO',
          arrivalDatetime: at(10, 7).toISOString(),
          durationMinutes: -5,
          ticketPrice: '-1.00',
          totalAvailableSeats: -1,
          rating: 5.5,
        }),
      },
      listingAdmin,
    );
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual([
      { path: 'input.flightId', message: 'must be 2–40 uppercase letters, digits or dashes (e.g. FL001)' },
      { path: 'input.airlineName', message: 'must not be blank' },
      { path: 'input.departureAirport', message: 'is not a known airport (docs/airports.md)' },
      { path: 'input.arrivalAirport', message: 'must be a three-letter IATA code (e.g. JFK)' },
      { path: 'input.ticketPrice', message: 'must be zero or more' },
      { path: 'input.totalAvailableSeats', message: 'must be an integer from 0 to 1000' },
      { path: 'input.rating', message: 'must be from 0 to 5' },
      { path: 'input.durationMinutes', message: 'must be an integer from 0 to 10080' },
      { path: 'input.arrivalDatetime', message: 'must be after departureDatetime' },
    ]);
    expect(await count('flights')).toBe(before);
  });

  it('rejects a flight arriving at the airport it departs from', async () => {
    const response = await call(createFlight, { input: flightInput({ flightId: 'FLA002', arrivalAirport: 'SFO' }) }, listingAdmin);
    expect(fieldsOf(response)).toEqual([{ path: 'input.arrivalAirport', message: 'must differ from departureAirport' }]);
  });

  it('lists every invalid hotel field, including nested address paths', async () => {
    const response = await call(
      createHotel,
      { input: hotelInput({ hotelId: 'HTLA002', name: '', address: { street: 'x', city: ' ', state: 'Atlantis', zip: '1234' }, starRating: 6, numberOfRooms: 0, pricePerNight: '-5', hotelRating: -1 }) },
      listingAdmin,
    );
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual([
      { path: 'input.name', message: 'must not be blank' },
      { path: 'input.address.city', message: 'must not be blank' },
      { path: 'input.address.state', message: 'must be a US state code (e.g. NY) or name' },
      { path: 'input.address.zip', message: 'must be a ZIP code like 12345 or 12345-6789' },
      { path: 'input.starRating', message: 'must be an integer from 1 to 5' },
      { path: 'input.numberOfRooms', message: 'must be an integer from 1 to 10000' },
      { path: 'input.pricePerNight', message: 'must be zero or more' },
      { path: 'input.hotelRating', message: 'must be from 0 to 5' },
    ]);
    expect(await count('hotels')).toBe(1);
  });

  it('accepts a state by name', async () => {
    const response = await call<{ createHotel: { address: { state: string } } }>(createHotel, { input: hotelInput({ hotelId: 'HTLA003', address: { street: '1 Main', city: 'Austin', state: 'texas', zip: '78701-1234' } }) }, listingAdmin);
    expect(response.errors).toBeUndefined();
    expect(response.data?.createHotel.address.state).toBe('TX');
  });

  it('lists every invalid car field; the year may be at most next year', async () => {
    const nextYear = new Date().getUTCFullYear() + 1;
    const response = await call(createCar, { input: carInput({ carId: 'CARA002', model: '', year: nextYear + 1, numberOfSeats: 0, dailyRentalPrice: '-0.01', carRating: 6 }) }, listingAdmin);
    expect(fieldsOf(response)).toEqual([
      { path: 'input.model', message: 'must not be blank' },
      { path: 'input.year', message: `must be an integer from 1900 to ${nextYear}` },
      { path: 'input.numberOfSeats', message: 'must be an integer from 1 to 20' },
      { path: 'input.dailyRentalPrice', message: 'must be zero or more' },
      { path: 'input.carRating', message: 'must be from 0 to 5' },
    ]);
    const oldest = await call(createCar, { input: carInput({ carId: 'CARA003', year: 1899 }) }, listingAdmin);
    expect(fieldsOf(oldest)).toEqual([{ path: 'input.year', message: `must be an integer from 1900 to ${nextYear}` }]);
    const newest = await call(createCar, { input: carInput({ carId: 'CARA004', year: nextYear }) }, listingAdmin);
    expect(newest.errors).toBeUndefined();
  });
});

describe('update', () => {
  const updateFlight = `mutation ($id: ID!, $input: UpdateFlightInput!) { updateFlight(flightId: $id, input: $input) { flightId ticketPrice arrivalDatetime durationMinutes departureCity updatedAt } }`;

  it('changes only the given fields and recomputes the duration when the schedule moves', async () => {
    const response = await call<{ updateFlight: Record<string, unknown> }>(updateFlight, { id: 'FLA001', input: { ticketPrice: '599.00', arrivalDatetime: at(10, 13).toISOString(), departureCity: null } }, listingAdmin);
    expect(response.errors).toBeUndefined();
    expect(response.data?.updateFlight).toMatchObject({ flightId: 'FLA001', ticketPrice: '599.00', arrivalDatetime: at(10, 13).toISOString(), durationMinutes: 300, departureCity: null });
    expect(await mongo.db.collection('flights').findOne({ flight_id: 'FLA001' })).toMatchObject({ airline_name: 'United Airlines', total_available_seats: 30 });
  });

  it('checks cross-field rules against the stored values', async () => {
    const response = await call(updateFlight, { id: 'FLA001', input: { arrivalDatetime: at(10, 7).toISOString() } }, listingAdmin);
    expect(fieldsOf(response)).toEqual([{ path: 'input.arrivalDatetime', message: 'must be after departureDatetime' }]);
  });

  it('rejects null for required fields and an empty change', async () => {
    const nulls = await call(updateFlight, { id: 'FLA001', input: { airlineName: null, ticketPrice: null } }, listingAdmin);
    expect(fieldsOf(nulls)).toEqual([
      { path: 'input.airlineName', message: 'cannot be null' },
      { path: 'input.ticketPrice', message: 'cannot be null' },
    ]);
    const empty = await call(updateFlight, { id: 'FLA001', input: {} }, listingAdmin);
    expect(fieldsOf(empty)).toEqual([{ path: 'input', message: 'must change at least one field' }]);
  });

  it('merges amenity flags and replaces the address of a hotel', async () => {
    const response = await call<{ updateHotel: Record<string, unknown> }>(
      `mutation { updateHotel(hotelId: "HTLA001", input: { amenities: { gym: true, wifi: false }, address: { street: "2 Pier Rd", city: "Tacoma", state: "WA", zip: "98402" } }) {
        address { street city } amenities { wifi pool gym } } }`,
      {},
      listingAdmin,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.updateHotel).toEqual({ address: { street: '2 Pier Rd', city: 'Tacoma' }, amenities: { wifi: false, pool: true, gym: true } });
  });

  it('updates a car status', async () => {
    const response = await call<{ updateCar: { availabilityStatus: string } }>('mutation { updateCar(carId: "CARA004", input: { availabilityStatus: Maintenance }) { availabilityStatus } }', {}, listingAdmin);
    expect(response.data?.updateCar.availabilityStatus).toBe('Maintenance');
  });

  it('answers NOT_FOUND for a listing that does not exist', async () => {
    expect(codeOf(await call(updateFlight, { id: 'NOPE', input: { ticketPrice: '1' } }, listingAdmin))).toBe('NOT_FOUND');
    expect(codeOf(await call('mutation { updateCar(carId: "NOPE", input: { model: "X" }) { carId } }', {}, listingAdmin))).toBe('NOT_FOUND');
  });
});

describe('delete', () => {
  beforeAll(async () => {
    await insertListings(mongo.db, {
      blocks: [
        blockDoc('Flight', 'FLA001', { booking_status: 'Confirmed', start_date: at(10), end_date: at(10, 13) }),
        blockDoc('Car', 'CARA004', { booking_status: 'Confirmed', start_date: new Date('2020-01-01'), end_date: new Date('2020-01-03') }),
        blockDoc('Car', 'CARA004', { booking_status: 'Pending', start_date: at(1), end_date: at(2) }),
        blockDoc('Car', 'CARA004', { booking_status: 'Cancelled', start_date: at(3), end_date: at(4) }),
      ],
    });
  });

  it('refuses to delete a listing with a future Confirmed booking and keeps it', async () => {
    const response = await call('mutation { deleteFlight(flightId: "FLA001") }', {}, listingAdmin);
    expect(codeOf(response)).toBe('CONFLICT');
    expect(response.errors?.[0]?.message).toBe('Flight FLA001 has future confirmed bookings; cancel them before deleting it');
    expect(await mongo.db.collection('flights').countDocuments({ flight_id: 'FLA001' })).toBe(1);
  });

  it('deletes (retires) a listing whose Confirmed bookings are past and whose others are not confirmed: kept, marked retired', async () => {
    const response = await call('mutation { deleteCar(carId: "CARA004") }', {}, listingAdmin);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ deleteCar: 'CARA004' });
    const stored = await mongo.db.collection('cars').findOne({ car_id: 'CARA004' });
    expect(stored?.retired_at).toBeInstanceOf(Date);
    const car = await call<{ car: { retired: boolean; retiredAt: string } }>('{ car(carId: "CARA004") { retired retiredAt } }', {}, listingAdmin);
    expect(car.data?.car).toEqual({ retired: true, retiredAt: (stored?.retired_at as Date).toISOString() });
  });

  it('deletes a hotel and answers NOT_FOUND the second time', async () => {
    expect((await call('mutation { deleteHotel(hotelId: "HTLA003") }', {}, superAdmin)).data).toEqual({ deleteHotel: 'HTLA003' });
    expect(codeOf(await call('mutation { deleteHotel(hotelId: "HTLA003") }', {}, superAdmin))).toBe('NOT_FOUND');
  });

  it('refuses to change a retired listing', async () => {
    const response = await call('mutation { updateHotel(hotelId: "HTLA003", input: { name: "Back again" }) { hotelId } }', {}, listingAdmin);
    expect(codeOf(response)).toBe('CONFLICT');
    expect(response.errors?.[0]?.message).toBe('Hotel HTLA003 is retired and can no longer be changed');
  });
});
