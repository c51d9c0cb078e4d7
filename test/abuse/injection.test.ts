import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, code, type RawResponse, startSupergraph, SUPER_ADMIN, type Supergraph } from './support/supergraph.js';

// Operator injection through filters and arguments: a Mongo operator or a regex inside a string is
// matched as text, an operator object where a string belongs is refused, and nothing is written.
let sg: Supergraph;
let before: Record<string, number>;

beforeAll(async () => {
  sg = await startSupergraph({ prefix: 'abuse_inject' });
  before = await sg.counts();
});

afterAll(async () => {
  await sg?.close();
});

const data = <T>(response: RawResponse): T => response.body?.data as T;
const OPERATOR_STRINGS = ['{"$gt": ""}', '{"$ne": null}', '.*', '^.*$', "' || '1'=='1", '{"$where": "sleep(100) || true"}'];

describe('operators and patterns inside strings are matched literally', () => {
  it('finds hotels by a real city (the baseline the injections are compared with)', async () => {
    const response = await sg.post({ query: '{ searchHotels(filter: { city: "New York" }) { totalCount } }' });
    expect(response.body?.errors).toBeUndefined();
    expect(data<{ searchHotels: { totalCount: number } }>(response).searchHotels.totalCount).toBeGreaterThan(0);
  });

  it.each(OPERATOR_STRINGS)('matches no hotel for the city %s', async (city) => {
    const response = await sg.post({ query: 'query ($city: String) { searchHotels(filter: { city: $city }) { totalCount nodes { hotelId } } }', variables: { city } });
    expect(response.body?.errors).toBeUndefined();
    expect(data<{ searchHotels: { totalCount: number } }>(response).searchHotels.totalCount).toBe(0);
  });

  it.each(OPERATOR_STRINGS)('matches no car (pickup city) and no flight (airline) for %s', async (text) => {
    const response = await sg.post({
      query: 'query ($text: String) { searchCars(filter: { pickupCity: $text }) { totalCount } searchFlights(filter: { airlineName: $text }) { totalCount } }',
      variables: { text },
    });
    expect(response.body?.errors).toBeUndefined();
    expect(data<{ searchCars: { totalCount: number }; searchFlights: { totalCount: number } }>(response)).toEqual({ searchCars: { totalCount: 0 }, searchFlights: { totalCount: 0 } });
  });

  it('treats an operator as a listing id: no flight, no error', async () => {
    const response = await sg.post({ query: 'query ($id: ID!) { flight(flightId: $id) { flightId } }', variables: { id: '{"$ne": null}' } });
    expect(response.body?.errors).toBeUndefined();
    expect(data<{ flight: null }>(response).flight).toBeNull();
  });

  it('escapes a regex in the admin users filter: ".*" as an email prefix matches nobody', async () => {
    const baseline = await sg.post({ query: '{ users(filter: { emailPrefix: "alice" }) { totalCount } }', viewer: SUPER_ADMIN });
    expect(data<{ users: { totalCount: number } }>(baseline).users.totalCount).toBe(1);
    for (const emailPrefix of ['.*', '^', '(a+)+$', '{"$gt": ""}']) {
      const response = await sg.post({ query: 'query ($p: String) { users(filter: { emailPrefix: $p }) { totalCount } }', variables: { p: emailPrefix }, viewer: SUPER_ADMIN });
      expect(response.body?.errors, emailPrefix).toBeUndefined();
      expect(data<{ users: { totalCount: number } }>(response).users.totalCount, emailPrefix).toBe(0);
    }
  });

  it('refuses an operator string as an airport code with BAD_USER_INPUT naming the field', async () => {
    const response = await sg.post({ query: '{ searchFlights(filter: { departureAirport: "$gt" }) { totalCount } }' });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(response.body?.errors?.[0]?.extensions?.fields).toEqual([expect.objectContaining({ path: 'filter.departureAirport' })]);
  });

  it('does not log anyone in with an operator string as the email', async () => {
    const response = await sg.post({ query: 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }', variables: { email: '{"$gt": ""}', password: '{"$gt": ""}' } });
    expect(code(response)).toBe('UNAUTHENTICATED');
    expect(response.body?.data ?? null).toBeNull();
  });
});

describe('operator objects where a value belongs are refused before any subgraph runs', () => {
  it.each([
    ['a city', 'query ($filter: HotelSearchFilter) { searchHotels(filter: $filter) { totalCount } }', { filter: { city: { $gt: '' } } }],
    ['a $where clause', 'query ($filter: HotelSearchFilter) { searchHotels(filter: $filter) { totalCount } }', { filter: { $where: 'sleep(1000) || true' } }],
    ['a flight id', 'query ($id: ID!) { flight(flightId: $id) { flightId } }', { id: { $ne: null } }],
    ['an email at login', 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }', { email: { $gt: '' }, password: 'Kayak!2026' }],
    ['a password at login', 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }', { email: 'alice@example.com', password: { $ne: null } }],
  ])('refuses %s given as an operator object with BAD_USER_INPUT', async (_what, query, variables) => {
    const response = await sg.post({ query, variables });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(response.body?.data ?? null).toBeNull();
  });
});

describe('injection attempts in writes write nothing', () => {
  const createBooking = 'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { bookingId } }';
  const dates = { startDate: new Date(Date.now() + 40 * 86_400_000).toISOString(), endDate: new Date(Date.now() + 42 * 86_400_000).toISOString() };

  it('answers BAD_USER_INPUT "no Hotel with this id" for a booking of the listing "{"$gt": ""}" and books nothing', async () => {
    const response = await sg.post({ query: createBooking, variables: { input: { listingType: 'Hotel', listingId: '{"$gt": ""}', quantity: 1, ...dates } }, viewer: ALICE });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(response.body?.errors?.[0]?.extensions?.fields).toEqual([{ path: 'input.listingId', message: 'no Hotel with this id' }]);
    expect(await sg.counts()).toEqual(before);
  });

  it('refuses a listing id given as an operator object with BAD_USER_INPUT and books nothing', async () => {
    const response = await sg.post({ query: createBooking, variables: { input: { listingType: 'Hotel', listingId: { $gt: '' }, quantity: 1, ...dates } }, viewer: ALICE });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(await sg.counts()).toEqual(before);
  });

  it('refuses image metadata with operator keys ($where, $set) with BAD_USER_INPUT and stores no image', async () => {
    for (const metadata of [{ $where: 'sleep(100)' }, { caption: { $set: { admin: true } } }, { 'a.b': 1 }]) {
      const response = await sg.post({
        query: 'mutation ($input: AddListingImageInput!) { addListingImage(input: $input) { imageId } }',
        variables: { input: { listingType: 'Hotel', listingId: 'HTL001', imageUrl: 'https://images.example.com/x.jpg', metadata } },
        viewer: SUPER_ADMIN,
      });
      expect(code(response), JSON.stringify(metadata)).toBe('BAD_USER_INPUT');
    }
    expect(await sg.counts()).toEqual(before);
  });

  it('refuses a registration whose email is an operator object and creates no user', async () => {
    const response = await sg.post({
      query: 'mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }',
      variables: {
        input: {
          userId: '999-99-9999',
          email: { $gt: '' },
          password: 'Str0ng!Password',
          firstName: 'Eve',
          lastName: 'Mallory',
          address: { street: '1 Main St', city: 'Boston', state: 'MA', zip: '02116' },
          phoneNumber: '617-555-0100',
        },
      },
    });
    expect(code(response)).toBe('BAD_USER_INPUT');
    expect(await sg.counts()).toEqual(before);
  });
});
