import { OutboxWriter, watchCommands } from '@kayak/common';
import { createTestMongo, seededRandom, testConfig, type TestMongo } from '@kayak/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlightSort } from '../../src/generated/graphql.js';
import { FlightDayIndex, flightDayKeys, MAX_INDEXED_DAYS, searchDayKeys } from '../../src/repositories/flightDays.js';
import { afterCursor, and, flightFilter, flightSorts, mongoSort } from '../../src/repositories/listingQueries.js';
import { createListingRepositories, type ListingRepositories } from '../../src/repositories/listings.js';
import { createServer } from '../../src/server.js';
import type { FlightCriteria } from '../../src/models.js';
import { at, caller, flightDoc, insertListings, listingAdmin, type GraphQLCaller } from './fixtures.js';

// Route searches over a window read `flight_days` by key and filter in process: the answers must be
// the server's own (the scan's), and every write through the API must keep the index complete.
const config = testConfig();
let mongo: TestMongo;
let repositories: ListingRepositories;
let server: Awaited<ReturnType<typeof createServer>>;
let call: GraphQLCaller;

const ROUTES = [
  ['JFK', 'LAX'],
  ['LAX', 'JFK'],
  ['BOS', 'SFO'],
] as const;
const AIRLINES = ['Delta Air Lines', 'JetBlue Airways', 'United Airlines'];
const CLASSES = ['Economy', 'Business', 'First'] as const;

beforeAll(async () => {
  mongo = await createTestMongo(config, 'listings_flight_days');
  repositories = createListingRepositories(mongo.db, new OutboxWriter(mongo.db));
  const random = seededRandom(7);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  // 90 flights over 12 days, with repeated prices so that the id tie-breaker matters.
  const flights = Array.from({ length: 90 }, (_, index) => {
    const [from, to] = pick(ROUTES);
    return flightDoc(`FD${String(index).padStart(3, '0')}`, {
      departure_airport: from,
      arrival_airport: to,
      departure_datetime: at(Math.floor(random() * 12), Math.floor(random() * 24)),
      airline_name: pick(AIRLINES),
      flight_class: pick(CLASSES),
      ticket_price: 100 + 50 * Math.floor(random() * 6),
      duration_minutes: 200 + 30 * Math.floor(random() * 4),
      rating: Math.floor(random() * 5),
      total_available_seats: 1 + Math.floor(random() * 4),
      ...(index % 15 === 0 ? { retired_at: at(0) } : {}),
    });
  });
  await insertListings(mongo.db, { flights });
  server = await createServer({ config, port: 0, mongoDb: mongo.name });
  call = caller(server.url, config);
});

afterAll(async () => {
  await server?.close();
  await mongo?.drop();
});

describe('flight_days', () => {
  it('enumerates UTC days of a window, and refuses windows too long to enumerate', () => {
    expect(flightDayKeys('JFK', 'LAX', new Date('2031-03-01T23:00:00Z'), new Date('2031-03-03T01:00:00Z'))).toEqual(['JFK>LAX>2031-03-01', 'JFK>LAX>2031-03-02', 'JFK>LAX>2031-03-03']);
    expect(flightDayKeys('JFK', 'LAX', at(3), at(2))).toEqual([]);
    expect(flightDayKeys('JFK', 'LAX', at(0), at(MAX_INDEXED_DAYS - 1))).toHaveLength(MAX_INDEXED_DAYS);
    expect(flightDayKeys('JFK', 'LAX', at(0), at(MAX_INDEXED_DAYS))).toBeNull();
  });

  it('gives the same pages, orders and counts as the server over the whole collection', async () => {
    const index = new FlightDayIndex(mongo.db);
    const held = new Map([
      ['FD001', 2],
      ['FD002', 1],
      ['FD004', 3],
    ]);
    const criteria: FlightCriteria[] = [];
    for (const [from, to] of ROUTES) {
      for (const [start, end] of [
        [0, 11],
        [2, 4],
        [5, 5],
      ] as const) {
        const window = { departureAirport: from, arrivalAirport: to, departureFrom: at(start, 6).toISOString(), departureTo: at(end, 20).toISOString() };
        criteria.push(window, { ...window, flightClass: 'Economy', airlineName: 'delta air lines', minPrice: 150, maxPrice: 300 });
        criteria.push({ ...window, availability: { startDate: at(start).toISOString(), endDate: at(end + 1).toISOString(), quantity: 2 } });
      }
    }
    let compared = 0;
    for (const criterion of criteria) {
      const heldSeats = criterion.availability ? held : null;
      const filter = and([flightFilter(criterion, heldSeats), { retired_at: null }]);
      const keys = searchDayKeys(criterion);
      expect(keys).not.toBeNull();
      const ids = await index.candidates(keys ?? []);
      for (const sort of Object.keys(flightSorts) as FlightSort[]) {
        const spec = flightSorts[sort];
        const order = mongoSort(spec, 'flight_id');
        const scanned = await repositories.flights.search(filter, null, order, 4);
        const indexed = await repositories.flights.searchAmong(ids, filter, null, order, 4);
        expect(indexed).toEqual(scanned);
        const last = scanned.rows.at(-1);
        if (last) {
          const after = afterCursor(spec, 'flight_id', { sort, value: spec.value(last), id: last.flightId });
          expect(await repositories.flights.searchAmong(ids, filter, after, order, 4)).toEqual(await repositories.flights.search(filter, after, order, 4));
        }
        compared += scanned.total;
      }
    }
    // The comparisons were about real matches, not empty pages.
    expect(compared).toBeGreaterThan(200);
  });

  it('answers a route search from two key lookups, without scanning the flights', async () => {
    const commands = watchCommands(server.mongo.client);
    try {
      const response = await call<{ searchFlights: { totalCount: number } }>(
        'query ($filter: FlightSearchFilter) { searchFlights(filter: $filter, first: 5) { totalCount nodes { flightId } } }',
        { filter: { departureAirport: 'JFK', arrivalAirport: 'LAX', departureFrom: at(0).toISOString(), departureTo: at(11, 23).toISOString() } },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data?.searchFlights.totalCount).toBeGreaterThan(5);
      expect(commands.count('find', 'flight_days')).toBe(1);
      expect(commands.count('find', 'flights')).toBe(1);
      expect(commands.count('aggregate', 'flights')).toBe(0);
    } finally {
      commands.stop();
    }
  });

  it('finds a flight created through the API, and finds it on its new day after an update', async () => {
    const search = async (day: number): Promise<string[]> => {
      const response = await call<{ searchFlights: { nodes: Array<{ flightId: string }> } }>(
        'query ($filter: FlightSearchFilter) { searchFlights(filter: $filter, first: 50) { nodes { flightId } } }',
        { filter: { departureAirport: 'SEA', arrivalAirport: 'ORD', departureFrom: at(day).toISOString(), departureTo: at(day, 23).toISOString() } },
      );
      expect(response.errors).toBeUndefined();
      return (response.data?.searchFlights.nodes ?? []).map((node) => node.flightId);
    };
    const created = await call(
      `mutation { createFlight(input: { flightId: "FDNEW", airlineName: "Delta Air Lines", departureAirport: "SEA", arrivalAirport: "ORD",
        departureDatetime: "${at(20, 9).toISOString()}", arrivalDatetime: "${at(20, 13).toISOString()}", flightClass: Economy, ticketPrice: "199", totalAvailableSeats: 50 }) { flightId } }`,
      {},
      listingAdmin,
    );
    expect(created.errors).toBeUndefined();
    expect(await search(20)).toEqual(['FDNEW']);
    const moved = await call(
      `mutation { updateFlight(flightId: "FDNEW", input: { departureDatetime: "${at(22, 9).toISOString()}", arrivalDatetime: "${at(22, 13).toISOString()}" }) { flightId } }`,
      {},
      listingAdmin,
    );
    expect(moved.errors).toBeUndefined();
    expect(await search(22)).toEqual(['FDNEW']);
    expect(await search(20)).toEqual([]);
    expect((await call('mutation { deleteFlight(flightId: "FDNEW") }', {}, listingAdmin)).errors).toBeUndefined();
    expect(await search(22)).toEqual([]);
  });
});
