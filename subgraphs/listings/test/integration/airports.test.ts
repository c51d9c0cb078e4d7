import { watchCommands } from '@kayak/common';
import { createTestMongo, testConfig, type TestMongo } from '@kayak/common/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AIRLINES } from '../../src/data/airlines.js';
import { AIRPORTS } from '../../src/data/airports.js';
import type { AirportDocument } from '../../src/repositories/referenceData.js';
import { demoFlights } from '../../src/seed.js';
import { createServer } from '../../src/server.js';
import { at, caller, codeOf, fieldsOf, flightDoc, insertListings, listingAdmin, type GraphQLCaller } from './fixtures.js';

// Airports and airlines as reference data: seeded at startup, the autocomplete, entity fields with
// local times batched through one loader, and flight writes and searches refusing unknown codes.
const config = testConfig();
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let call: GraphQLCaller;
let commands: ReturnType<typeof watchCommands>;

const UNKNOWN = 'is not a known airport (docs/airports.md)';

beforeAll(async () => {
  mongo = await createTestMongo(config, 'listings_airports');
  server = await createServer({ config, port: 0, mongoDb: mongo.name });
  call = caller(server.url, config);
  commands = watchCommands(server.mongo.client);
  await insertListings(mongo.db, {
    flights: [
      // Leaves New York at 01:30 EST, before the spring change; lands in Los Angeles after it (PDT).
      flightDoc('FA1', { departure_airport: 'JFK', arrival_airport: 'LAX', departure_datetime: new Date('2031-03-09T06:30:00.000Z'), duration_minutes: 360, ticket_price: 100 }),
      flightDoc('FA2', { departure_airport: 'SFO', arrival_airport: 'ORD', departure_datetime: at(2, 15), ticket_price: 200 }),
      flightDoc('FA3', { departure_airport: 'BOS', arrival_airport: 'MIA', departure_datetime: at(3, 12), ticket_price: 300 }),
      flightDoc('FA4', { departure_airport: 'LAX', arrival_airport: 'JFK', departure_datetime: at(4, 9), ticket_price: 400 }),
      // Stored before codes were checked: its airport fields and local times are null, not errors.
      flightDoc('FA5', { departure_airport: 'QQQ', arrival_airport: 'PHX', departure_datetime: new Date('2031-07-01T00:00:00.000Z'), duration_minutes: 195, ticket_price: 500 }),
    ],
  });
});

afterAll(async () => {
  commands?.stop();
  await server?.close();
  await mongo?.drop();
});

beforeEach(() => commands.reset());

const airportReads = (): number => commands.count('find', 'airports') + commands.count('aggregate', 'airports');

describe('reference data', () => {
  it('is written at startup from the data modules, and covers every airport the demo flights use', async () => {
    expect(await mongo.db.collection('airports').countDocuments()).toBe(AIRPORTS.length);
    expect(await mongo.db.collection('airlines').countDocuments()).toBe(AIRLINES.length);
    const known = new Set(AIRPORTS.map((airport) => airport.code));
    const used = new Set(demoFlights().flatMap((flight) => [String(flight.departure_airport), String(flight.arrival_airport)]));
    expect([...used].filter((code) => !known.has(code))).toEqual([]);
  });

  it('serves airports and airlines by case-insensitive code, null when unknown', async () => {
    const response = await call(`{
      jfk: airport(code: "jfk") { code name city state country timeZone latitude longitude }
      hnl: airport(code: "HNL") { timeZone } unknown: airport(code: "QQQ") { code }
      delta: airline(code: "dl") { code name country } none: airline(code: "ZZ") { code }
      airlines { code name }
    }`);
    expect(response.errors).toBeUndefined();
    expect(response.data).toMatchObject({
      jfk: { code: 'JFK', name: 'John F. Kennedy International Airport', city: 'New York', state: 'NY', country: 'US', timeZone: 'America/New_York', latitude: 40.6413, longitude: -73.7781 },
      hnl: { timeZone: 'Pacific/Honolulu' },
      unknown: null,
      delta: { code: 'DL', name: 'Delta Air Lines', country: 'US' },
      none: null,
    });
    const airlines = response.data?.airlines as Array<{ code: string; name: string }>;
    expect(airlines).toHaveLength(AIRLINES.length);
    expect(airlines.map((airline) => airline.name)).toEqual([...airlines.map((airline) => airline.name)].sort((a, b) => a.localeCompare(b)));
  });
});

describe('airport autocomplete', () => {
  const suggest = async (variables: Record<string, unknown>) =>
    call<{ airports: Array<{ code: string }> }>('query ($search: String, $first: Int) { airports(search: $search, first: $first) { code } }', variables);

  it('ranks an exact code first, then code prefixes, then city and name matches, without a Mongo round trip', async () => {
    const codes = async (search: string, first?: number) => (await suggest({ search, first })).data?.airports.map((airport) => airport.code);
    expect(await codes('dal')).toEqual(['DAL', 'DFW', 'FLL']);
    expect(await codes('La', 3)).toEqual(['LAX', 'LAS', 'LGA']);
    expect(await codes('NEW YORK')).toEqual(['JFK', 'LGA']);
    expect(await codes('chicago')).toEqual(['ORD', 'MDW']);
    expect(await codes('honolulu')).toEqual(['HNL']);
    expect(await codes('xq')).toEqual([]);
    expect(airportReads()).toBe(0);
  });

  it('lists the busiest without a search, 10 by default, and refuses first outside 1–50 or a long search', async () => {
    expect((await suggest({})).data?.airports).toHaveLength(10);
    expect((await suggest({ first: 2 })).data?.airports).toEqual([{ code: 'ATL' }, { code: 'DFW' }]);
    expect((await suggest({ first: 50 })).data?.airports).toHaveLength(50);
    for (const first of [0, 51]) {
      const response = await suggest({ search: 'a', first });
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(response)).toEqual([{ path: 'first', message: 'must be from 1 to 50' }]);
    }
    const long = await suggest({ search: 'a'.repeat(101) });
    expect(fieldsOf(long)).toEqual([{ path: 'search', message: 'must be at most 100 characters' }]);
  });
});

describe('flights with their airports', () => {
  const page = `{ searchFlights(sort: PRICE_ASC) { nodes { flightId
    departureAirportInfo { code city timeZone } arrivalAirportInfo { code state }
    departureDatetime departureLocalTime arrivalDatetime arrivalLocalTime } } }`;

  interface Node {
    flightId: string;
    departureAirportInfo: { code: string; city: string; timeZone: string } | null;
    arrivalAirportInfo: { code: string; state: string | null } | null;
    departureLocalTime: string | null;
    arrivalLocalTime: string | null;
  }

  it('resolves both airports of every flight on a page with one airports lookup', async () => {
    const response = await call<{ searchFlights: { nodes: Node[] } }>(page);
    expect(response.errors).toBeUndefined();
    const nodes = response.data?.searchFlights.nodes ?? [];
    expect(nodes.map((node) => node.flightId)).toEqual(['FA1', 'FA2', 'FA3', 'FA4', 'FA5']);
    expect(nodes[1]).toMatchObject({ departureAirportInfo: { code: 'SFO', city: 'San Francisco', timeZone: 'America/Los_Angeles' }, arrivalAirportInfo: { code: 'ORD', state: 'IL' } });
    expect(nodes[4]).toMatchObject({ departureAirportInfo: null, departureLocalTime: null, arrivalAirportInfo: { code: 'PHX', state: 'AZ' } });
    // Seven distinct codes over ten fields and ten local times: one `$in` on `_id`.
    expect(commands.count('find', 'airports')).toBe(1);
  });

  it('gives local times with each airport’s offset on both sides of a DST change', async () => {
    const nodes = (await call<{ searchFlights: { nodes: Node[] } }>(page)).data?.searchFlights.nodes ?? [];
    expect(nodes[0]).toMatchObject({
      departureDatetime: '2031-03-09T06:30:00.000Z',
      departureLocalTime: '2031-03-09T01:30:00-05:00',
      arrivalDatetime: '2031-03-09T12:30:00.000Z',
      arrivalLocalTime: '2031-03-09T05:30:00-07:00',
    });
    // Phoenix keeps standard time in July.
    expect(nodes[4]?.arrivalLocalTime).toBe('2031-06-30T20:15:00-07:00');
  });

  it('resolves Airport entity references in one lookup', async () => {
    const response = await call<{ _entities: Array<{ code: string; city: string }> }>(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Airport { code city } } }',
      { r: ['SEA', 'den', 'SEA'].map((code) => ({ __typename: 'Airport', code })) },
    );
    expect(response.data?._entities).toEqual([{ code: 'SEA', city: 'Seattle' }, { code: 'DEN', city: 'Denver' }, { code: 'SEA', city: 'Seattle' }]);
    expect(commands.count('find', 'airports')).toBe(1);
  });
});

describe('unknown airport codes', () => {
  const createFlight = 'mutation ($input: CreateFlightInput!) { createFlight(input: $input) { flightId departureAirport arrivalAirport } }';
  const updateFlight = 'mutation ($id: ID!, $input: UpdateFlightInput!) { updateFlight(flightId: $id, input: $input) { flightId arrivalAirport } }';
  const input = (overrides: Record<string, unknown> = {}) => ({
    airlineName: 'Alaska Airlines',
    departureAirport: 'SEA',
    arrivalAirport: 'ANC',
    departureDatetime: at(20, 8).toISOString(),
    arrivalDatetime: at(20, 12).toISOString(),
    flightClass: 'Economy',
    ticketPrice: '199.00',
    totalAvailableSeats: 120,
    ...overrides,
  });
  const flightCount = () => mongo.db.collection('flights').countDocuments();

  it('are refused on create with the field paths, and nothing is written', async () => {
    const before = await flightCount();
    const response = await call(createFlight, { input: input({ flightId: 'FAX1', departureAirport: 'QQQ', arrivalAirport: 'zzz' }) }, listingAdmin);
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual([
      { path: 'input.departureAirport', message: UNKNOWN },
      { path: 'input.arrivalAirport', message: UNKNOWN },
    ]);
    expect(await flightCount()).toBe(before);
    expect(await mongo.db.collection('flights').findOne({ flight_id: 'FAX1' })).toBeNull();
  });

  it('are uppercased when known', async () => {
    const response = await call(createFlight, { input: input({ flightId: 'FAOK', departureAirport: ' sea', arrivalAirport: 'anc' }) }, listingAdmin);
    expect(response.errors).toBeUndefined();
    expect(response.data?.createFlight).toEqual({ flightId: 'FAOK', departureAirport: 'SEA', arrivalAirport: 'ANC' });
  });

  it('are refused on update with the field path, and the flight is unchanged', async () => {
    const before = await mongo.db.collection('flights').findOne({ flight_id: 'FA2' });
    const response = await call(updateFlight, { id: 'FA2', input: { arrivalAirport: 'QQQ', ticketPrice: '1.00' } }, listingAdmin);
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual([{ path: 'input.arrivalAirport', message: UNKNOWN }]);
    expect(await mongo.db.collection('flights').findOne({ flight_id: 'FA2' })).toEqual(before);
    const moved = await call(updateFlight, { id: 'FA2', input: { arrivalAirport: 'mdw' } }, listingAdmin);
    expect(moved.data?.updateFlight).toEqual({ flightId: 'FA2', arrivalAirport: 'MDW' });
  });

  it('are refused by flight search with the filter paths instead of an empty page', async () => {
    const search = 'query ($filter: FlightSearchFilter) { searchFlights(filter: $filter) { totalCount } }';
    const response = await call(search, { filter: { departureAirport: 'qqq', arrivalAirport: 'ZZZ' } });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual([
      { path: 'filter.departureAirport', message: UNKNOWN },
      { path: 'filter.arrivalAirport', message: UNKNOWN },
    ]);
    const known = await call<{ searchFlights: { totalCount: number } }>(search, { filter: { departureAirport: 'bos' } });
    expect(known.data?.searchFlights.totalCount).toBe(1);
  });
});

describe('a new airport in the collection', () => {
  it('is known to the autocomplete and to validation once the directory refreshes', async () => {
    const airports = mongo.db.collection<AirportDocument>('airports');
    await airports.insertOne({ _id: 'XQA', name: 'Test Field', city: 'Testville', state: 'KS', country: 'US', time_zone: 'America/Chicago', latitude: null, longitude: null, traffic_rank: 999 });
    try {
      const suggest = 'query { airports(search: "testv") { code } }';
      expect((await call<{ airports: unknown[] }>(suggest)).data?.airports).toEqual([]);
      await server.reference.refresh();
      expect((await call<{ airports: unknown[] }>(suggest)).data?.airports).toEqual([{ code: 'XQA' }]);
      const search = await call<{ searchFlights: { totalCount: number } }>('{ searchFlights(filter: { arrivalAirport: "xqa" }) { totalCount } }');
      expect(search.errors).toBeUndefined();
      expect(search.data?.searchFlights.totalCount).toBe(0);
    } finally {
      await airports.deleteOne({ _id: 'XQA' });
      await server.reference.refresh();
    }
  });
});
