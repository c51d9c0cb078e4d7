import { watchCommands } from '@kayak/common';
import { createTestMongo, testConfig, type TestMongo } from '@kayak/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlightDocument } from '../../src/repositories/documents.js';
import { createServer } from '../../src/server.js';
import { at, blockDoc, caller, codeOf, fieldsOf, flightDoc, insertListings, listingAdmin, type GraphQLCaller } from './fixtures.js';

// Itinerary search over a small network whose answers are known by hand (docs/itineraries.md):
// JFK→LAX on day 1 by D1/D2 (direct), C1 (via ORD, a 45-minute connection), DEN (overnight via
// DEN) and ATL (two stops via ATL and DFW); returns LAX→JFK on day 5.
const config = testConfig();
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let call: GraphQLCaller;

const DAY1 = at(1).toISOString().slice(0, 10);
const DAY3 = at(3).toISOString().slice(0, 10);
const DAY4 = at(4).toISOString().slice(0, 10);
const DAY5 = at(5).toISOString().slice(0, 10);
const dayOf = (days: number): string => at(days).toISOString().slice(0, 10);

function flight(id: string, from: string, to: string, day: number, hour: number, minutes: number, price: number, airline: string, overrides: Partial<FlightDocument> = {}): FlightDocument {
  const departure = at(day, hour);
  return flightDoc(id, {
    departure_airport: from,
    departure_city: null,
    arrival_airport: to,
    arrival_city: null,
    departure_datetime: departure,
    arrival_datetime: new Date(departure.getTime() + minutes * 60_000),
    duration_minutes: minutes,
    ticket_price: price,
    airline_name: airline,
    ...overrides,
  });
}

// Option ids of the JFK→LAX leg on day 1.
const D1 = 'D1';
const D2 = 'D2';
const C1 = 'C1A+C1B';
const DEN = 'DN1+DN2';
const ATL = 'AT1+AT2+AT3';

interface LegResult {
  from: string;
  to: string;
  departureDatetime: string;
  arrivalDatetime: string;
  durationMinutes: number;
  stops: number;
  flights: Array<{ flightId: string; remainingCapacity: number }>;
  layovers: Array<{ airport: string; durationMinutes: number }>;
}
interface Fare {
  count: number;
  unitPrice: string;
  subtotal: string;
}
interface ItineraryResult {
  id: string;
  legs: LegResult[];
  price: { adult: Fare; child: Fare | null; lapInfant: Fare | null; total: string };
  totalDurationMinutes: number;
  stops: number;
  seatsLeft: number;
  score: number;
}
interface SearchData {
  searchItineraries: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ItineraryResult[] };
}

const SEARCH = `query ($input: ItinerarySearchInput!, $first: Int, $after: String) {
  searchItineraries(input: $input, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id totalDurationMinutes stops seatsLeft score
      price { total adult { count unitPrice subtotal } child { count unitPrice subtotal } lapInfant { count unitPrice subtotal } }
      legs { from to departureDatetime arrivalDatetime durationMinutes stops layovers { airport durationMinutes } flights { flightId remainingCapacity } }
    }
  }
}`;

type Input = Record<string, unknown>;
const leg = (from: string, to: string, date: string, extra: Input = {}): Input => ({ from, to, date, ...extra });
const outbound = leg('JFK', 'LAX', DAY1);
const back = leg('LAX', 'JFK', DAY5);

async function search(input: Input, first = 100, after?: string): Promise<SearchData['searchItineraries']> {
  const response = await call<SearchData>(SEARCH, { input, first, after });
  expect(response.errors).toBeUndefined();
  if (!response.data) throw new Error('no data');
  return response.data.searchItineraries;
}

const ids = async (input: Input): Promise<string[]> => (await search(input)).nodes.map((node) => node.id);

beforeAll(async () => {
  mongo = await createTestMongo(config, 'listings_itineraries');
  await insertListings(mongo.db, {
    flights: [
      flight('D1', 'JFK', 'LAX', 1, 8, 360, 400, 'Delta Air Lines'),
      flight('D2', 'JFK', 'LAX', 1, 12, 330, 900, 'Delta Air Lines', { flight_class: 'Business' }),
      // Via ORD: arrives 09:30; C1B leaves exactly 45 minutes later. C1C leaves after 30 minutes
      // (too short) and C1D after 24 h 30 (too long): neither connects.
      flight('C1A', 'JFK', 'ORD', 1, 7, 150, 150, 'United Airlines'),
      flight('C1B', 'ORD', 'LAX', 1, 10.25, 270, 180.1, 'United Airlines'),
      flight('C1C', 'ORD', 'LAX', 1, 10, 240, 50, 'United Airlines'),
      flight('C1D', 'ORD', 'LAX', 2, 10, 240, 50, 'United Airlines'),
      // Overnight via DEN: lands 00:00 on day 2, leaves 06:00.
      flight('DN1', 'JFK', 'DEN', 1, 20, 240, 120, 'Frontier Airlines'),
      flight('DN2', 'DEN', 'LAX', 2, 6, 150, 100, 'Southwest Airlines'),
      // Two stops via ATL and DFW; ATL→JFK would go back to the origin.
      flight('AT1', 'JFK', 'ATL', 1, 6, 150, 90, 'Delta Air Lines'),
      flight('AT2', 'ATL', 'DFW', 1, 9.5, 150, 80, 'Delta Air Lines'),
      flight('AT3', 'DFW', 'LAX', 1, 13, 210, 70, 'Delta Air Lines'),
      flight('ATX', 'ATL', 'JFK', 1, 10, 130, 60, 'Delta Air Lines'),
      // Returns on day 5; R2 has 2 seats.
      flight('R1', 'LAX', 'JFK', 5, 9, 330, 350, 'Delta Air Lines'),
      flight('R2', 'LAX', 'JFK', 5, 15, 320, 300, 'JetBlue Airways', { total_available_seats: 2 }),
      // Multi-city onwards: LAX→SFO on day 1 (after D1 and C1 only) and day 3, SFO→BOS on day 4.
      flight('S1', 'LAX', 'SFO', 1, 16, 80, 100, 'Alaska Airlines'),
      flight('M1', 'LAX', 'SFO', 3, 8, 90, 120, 'Alaska Airlines'),
      flight('M2', 'SFO', 'BOS', 4, 7, 330, 280, 'JetBlue Airways'),
      // A retired flight is never offered.
      flight('RET', 'JFK', 'LAX', 1, 9, 300, 10, 'Delta Air Lines', { retired_at: at(0) }),
      // Round-trip counting: one BOS→MIA and back on days 20/22, thirty of each on days 10/12.
      flight('SMALL1', 'BOS', 'MIA', 20, 8, 200, 150, 'JetBlue Airways'),
      flight('SMALL2', 'MIA', 'BOS', 22, 8, 200, 150, 'JetBlue Airways'),
      ...Array.from({ length: 30 }, (_, index) => flight(`MANYA${index}`, 'BOS', 'MIA', 10, index * 0.5, 200, 100 + index, 'JetBlue Airways')),
      ...Array.from({ length: 30 }, (_, index) => flight(`MANYB${index}`, 'MIA', 'BOS', 12, index * 0.5, 200, 100 + index, 'JetBlue Airways')),
      // Written-through-the-API test: SEA→LAS on day 15; LAS→PHX comes from createFlight.
      flight('SL1', 'SEA', 'LAS', 15, 8, 150, 120, 'Alaska Airlines'),
    ],
    // 98 of D1's 100 seats are held: 2 left.
    blocks: [blockDoc('Flight', 'D1', { quantity: 98 })],
  });
  server = await createServer({ config, port: 0, mongoDb: mongo.name });
  call = caller(server.url, config);
});

afterAll(async () => {
  await server?.close();
  await mongo?.drop();
});

describe('searchItineraries: connections', () => {
  it('finds direct flights and 1- and 2-stop connections, respecting the minimum connection time and the maximum layover', async () => {
    expect((await ids({ legs: [outbound], sort: 'PRICE' })).sort()).toEqual([ATL, C1, D1, D2, DEN].sort());
    expect((await ids({ legs: [outbound], filter: { maxStops: 1 } })).sort()).toEqual([C1, D1, D2, DEN].sort());
    expect((await ids({ legs: [outbound], filter: { maxStops: 0 } })).sort()).toEqual([D1, D2]);
  });

  it('describes each leg: times, duration with layovers, stops, layovers and flights in order', async () => {
    const page = await search({ legs: [outbound], sort: 'PRICE' });
    const viaOrd = page.nodes.find((node) => node.id === C1);
    expect(viaOrd?.legs).toEqual([
      {
        from: 'JFK',
        to: 'LAX',
        departureDatetime: at(1, 7).toISOString(),
        arrivalDatetime: at(1, 14.75).toISOString(),
        durationMinutes: 465,
        stops: 1,
        layovers: [{ airport: 'ORD', durationMinutes: 45 }],
        flights: [
          { flightId: 'C1A', remainingCapacity: 100 },
          { flightId: 'C1B', remainingCapacity: 100 },
        ],
      },
    ]);
    const overnight = page.nodes.find((node) => node.id === DEN);
    expect(overnight?.legs[0]?.layovers).toEqual([{ airport: 'DEN', durationMinutes: 360 }]);
    const twoStops = page.nodes.find((node) => node.id === ATL);
    expect(twoStops).toMatchObject({ stops: 2, totalDurationMinutes: 630, legs: [{ layovers: [{ airport: 'ATL', durationMinutes: 60 }, { airport: 'DFW', durationMinutes: 60 }] }] });
  });

  it('combines a round trip: every outbound with every return, each return after the outbound lands', async () => {
    const page = await search({ legs: [outbound, back], sort: 'PRICE' });
    expect(page.totalCount).toBe(10);
    expect(page.nodes[0]).toMatchObject({ id: `${DEN}|R2`, price: { total: '520.00' }, totalDurationMinutes: 750 + 320, stops: 1, seatsLeft: 2 });
    expect(page.nodes.map((node) => node.legs.map((item) => `${item.from}-${item.to}`).join(','))).toEqual(Array(10).fill('JFK-LAX,LAX-JFK'));
  });

  it('combines multi-city legs in date order, each leg leaving after the previous one landed', async () => {
    const threeCities = await ids({ legs: [outbound, leg('LAX', 'SFO', DAY3), leg('SFO', 'BOS', DAY4)], sort: 'PRICE' });
    expect(threeCities).toEqual([DEN, ATL, C1, D1, D2].map((id) => `${id}|M1|M2`));
    // Same day: S1 leaves LAX at 16:00, after D1 (14:00) and C1 (14:45) landed with 45 minutes to spare; not after the others.
    expect(await ids({ legs: [outbound, leg('LAX', 'SFO', DAY1)], sort: 'PRICE' })).toEqual([`${C1}|S1`, `${D1}|S1`]);
  });

  it('returns an empty connection when a leg cannot be served', async () => {
    const page = await search({ legs: [outbound, leg('LAX', 'MIA', DAY5)] });
    expect(page).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] });
  });
});

describe('searchItineraries: passengers and seats', () => {
  it('prices each passenger type as a booking charges it (lap infants free) and totals the party', async () => {
    // Two seated passengers: D1, with 2 seats left, is offered.
    const party = { adults: 1, children: 1, lapInfants: 1 };
    const page = await search({ legs: [outbound], passengers: party, sort: 'PRICE' });
    const direct = page.nodes.find((node) => node.id === D1);
    expect(direct?.price).toEqual({
      adult: { count: 1, unitPrice: '400.00', subtotal: '400.00' },
      child: { count: 1, unitPrice: '400.00', subtotal: '400.00' },
      lapInfant: { count: 1, unitPrice: '0.00', subtotal: '0.00' },
      total: '800.00',
    });
    // C1: 150.00 + 180.10 per seated passenger.
    const viaOrd = page.nodes.find((node) => node.id === C1);
    expect(viaOrd?.price).toEqual({
      adult: { count: 1, unitPrice: '330.10', subtotal: '330.10' },
      child: { count: 1, unitPrice: '330.10', subtotal: '330.10' },
      lapInfant: { count: 1, unitPrice: '0.00', subtotal: '0.00' },
      total: '660.20',
    });
    const family = await search({ legs: [outbound, back], passengers: { adults: 2, children: 2, lapInfants: 2 }, sort: 'PRICE' });
    expect(family.nodes.find((node) => node.id === `${C1}|R1`)?.price).toEqual({
      adult: { count: 2, unitPrice: '680.10', subtotal: '1360.20' },
      child: { count: 2, unitPrice: '680.10', subtotal: '1360.20' },
      lapInfant: { count: 2, unitPrice: '0.00', subtotal: '0.00' },
      total: '2720.40',
    });
    const alone = await search({ legs: [outbound] });
    expect(alone.nodes.find((node) => node.id === D1)?.price).toEqual({ adult: { count: 1, unitPrice: '400.00', subtotal: '400.00' }, child: null, lapInfant: null, total: '400.00' });
  });

  it('offers an itinerary only if every flight has a seat for every seated passenger; seatsLeft is the fewest of its flights', async () => {
    // D1 has 2 seats left, R2 2: two adults and a lap infant fit, three seated passengers do not.
    const two = await search({ legs: [outbound, back], passengers: { adults: 2, lapInfants: 1 } });
    expect(two.totalCount).toBe(10);
    expect(two.nodes.find((node) => node.id === `${D1}|R1`)?.seatsLeft).toBe(2);
    expect(two.nodes.find((node) => node.id === `${C1}|R1`)?.seatsLeft).toBe(100);
    const three = await search({ legs: [outbound, back], passengers: { adults: 2, children: 1 } });
    expect(three.nodes.map((node) => node.id).sort()).toEqual([ATL, C1, D2, DEN].map((id) => `${id}|R1`).sort());
  });
});

describe('searchItineraries: filters', () => {
  it('filters by airlines (every flight), cabin class, total duration and total price', async () => {
    expect((await ids({ legs: [outbound], filter: { airlines: ['  delta air LINES '] } })).sort()).toEqual([ATL, D1, D2].sort());
    expect(await ids({ legs: [outbound], filter: { airlines: ['United Airlines'] } })).toEqual([C1]);
    expect(await ids({ legs: [outbound], filter: { flightClass: 'Business' } })).toEqual([D2]);
    expect(await ids({ legs: [outbound], filter: { maxDurationMinutes: 400 }, sort: 'DURATION' })).toEqual([D2, D1]);
    expect(await ids({ legs: [outbound], filter: { maxPrice: '300.00' }, sort: 'PRICE' })).toEqual([DEN, ATL]);
    // The price limit applies to the whole party and the whole trip.
    // DEN|R2: 520.00 for the adult + 520.00 for the child; ATL|R2: 540.00 + 540.00; the next costs 1140.00.
    expect(await ids({ legs: [outbound, back], passengers: { adults: 1, children: 1 }, filter: { maxPrice: '1100.00' }, sort: 'PRICE' })).toEqual([`${DEN}|R2`, `${ATL}|R2`]);
  });

  it('filters each leg by its departure and arrival time windows (UTC)', async () => {
    expect(await ids({ legs: [leg('JFK', 'LAX', DAY1, { departureWindow: { from: '07:00', to: '12:00' } })], sort: 'DEPARTURE' })).toEqual([C1, D1, D2]);
    expect(await ids({ legs: [leg('JFK', 'LAX', DAY1, { arrivalWindow: { from: '14:00', to: '15:00' } })], sort: 'DEPARTURE' })).toEqual([C1, D1]);
    expect(await ids({ legs: [outbound, leg('LAX', 'JFK', DAY5, { departureWindow: { from: '12:00', to: '23:59' } })], filter: { maxStops: 0 }, sort: 'PRICE' })).toEqual([`${D1}|R2`, `${D2}|R2`]);
  });
});

describe('searchItineraries: sorts and paging', () => {
  it('sorts by price, duration, departure and the BEST blend', async () => {
    expect(await ids({ legs: [outbound], sort: 'PRICE' })).toEqual([DEN, ATL, C1, D1, D2]);
    expect(await ids({ legs: [outbound], sort: 'DURATION' })).toEqual([D2, D1, C1, ATL, DEN]);
    expect(await ids({ legs: [outbound], sort: 'DEPARTURE' })).toEqual([ATL, C1, D1, D2, DEN]);
    // BEST = price / 220.00 + minutes / 330 + 0.25 per stop: D1 2.91, C1 3.16, ATL 3.50, DEN 3.52, D2 5.09.
    const best = await search({ legs: [outbound] });
    expect(best.nodes.map((node) => node.id)).toEqual([D1, C1, ATL, DEN, D2]);
    expect(best.nodes[0]?.score).toBeCloseTo(400 / 220 + 360 / 330, 9);
    expect(best.nodes[1]?.score).toBeCloseTo(330.1 / 220 + 465 / 330 + 0.25, 9);
  });

  it('pages through every sort without duplicates or gaps', async () => {
    for (const sort of ['PRICE', 'DURATION', 'DEPARTURE', 'BEST']) {
      const input = { legs: [outbound, back], sort };
      const all = (await search(input)).nodes.map((node) => node.id);
      expect(all).toHaveLength(10);
      const paged: string[] = [];
      let after: string | undefined;
      for (let pages = 0; pages < 10; pages += 1) {
        const page = await search(input, 3, after);
        expect(page.totalCount).toBe(10);
        paged.push(...page.nodes.map((node) => node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor ?? undefined;
      }
      expect(paged).toEqual(all);
    }
  });
});

describe('searchItineraries: bad input', () => {
  const rejects = async (input: Input, paths: string[], page: { first?: number; after?: string } = {}): Promise<void> => {
    const response = await call(SEARCH, { input, ...page });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect((fieldsOf(response) as Array<{ path: string }>).map((field) => field.path)).toEqual(paths);
  };

  it('rejects 0 or 6 legs, a leg to its own origin, bad or unknown codes and days, and legs out of date order', async () => {
    await rejects({ legs: [] }, ['input.legs']);
    await rejects({ legs: Array(6).fill(outbound) }, ['input.legs']);
    await rejects({ legs: [leg('JFK', 'jfk', DAY1)] }, ['input.legs.0.to']);
    await rejects({ legs: [leg('JF1', 'LAX', '2031-02-30')] }, ['input.legs.0.from', 'input.legs.0.date']);
    await rejects({ legs: [leg('JFK', 'LAX', '2031-13-01')] }, ['input.legs.0.date']);
    // Well-formed but not an airport of the reference data (docs/airports.md).
    await rejects({ legs: [leg('QQQ', 'LAX', DAY1), leg('LAX', 'QQZ', DAY1)] }, ['input.legs.0.from', 'input.legs.1.to']);
    await rejects({ legs: [outbound, leg('LAX', 'JFK', dayOf(0))] }, ['input.legs.1.date']);
    await rejects({ legs: [leg('JFK', 'LAX', DAY1, { departureWindow: { from: '12:00', to: '08:00' }, arrivalWindow: { from: '24:00', to: '23:59' } })] }, [
      'input.legs.0.departureWindow.to',
      'input.legs.0.arrivalWindow.from',
    ]);
  });

  it('rejects a party without an adult, with more lap infants than adults, or more than 9 seated', async () => {
    await rejects({ legs: [outbound], passengers: { adults: 0 } }, ['input.passengers.adults']);
    await rejects({ legs: [outbound], passengers: { adults: 1, lapInfants: 2 } }, ['input.passengers.lapInfants']);
    await rejects({ legs: [outbound], passengers: { adults: 5, children: 5 } }, ['input.passengers.children']);
  });

  it('rejects bad filters, page sizes and cursors', async () => {
    await rejects({ legs: [outbound], filter: { maxStops: 3, maxDurationMinutes: 0, airlines: [] } }, ['input.filter.maxStops', 'input.filter.airlines', 'input.filter.maxDurationMinutes']);
    await rejects({ legs: [outbound] }, ['first'], { first: 101 });
    await rejects({ legs: [outbound] }, ['after'], { after: 'not-a-cursor' });
    const page = await search({ legs: [outbound], sort: 'PRICE' }, 1);
    await rejects({ legs: [outbound], sort: 'DURATION' }, ['after'], { after: page.pageInfo.endCursor ?? '' });
  });
});

describe('searchItineraries: Mongo round trips', () => {
  it('reads airport_days at most once per stop level, the flights once and their holds once, however many itineraries it returns', async () => {
    const count = async (input: Input): Promise<{ itineraries: number; reads: Record<string, number> }> => {
      const commands = watchCommands(server.mongo.client);
      try {
        const page = await search(input);
        const reads = { airport_days: commands.count('find', 'airport_days'), flights: commands.count('find', 'flights'), listing_holds: commands.count('find', 'listing_holds') };
        expect(commands.count('aggregate')).toBe(0);
        return { itineraries: page.totalCount, reads };
      } finally {
        commands.stop();
      }
    };
    const small = await count({ legs: [leg('BOS', 'MIA', dayOf(20)), leg('MIA', 'BOS', dayOf(22))] });
    const large = await count({ legs: [leg('BOS', 'MIA', dayOf(10)), leg('MIA', 'BOS', dayOf(12))] });
    expect(small.itineraries).toBe(1);
    expect(large.itineraries).toBe(900);
    expect(large.reads).toEqual(small.reads);
    expect(large.reads).toEqual({ airport_days: 1, flights: 1, listing_holds: 1 });
    // With connections: one read per stop level (first flights, first stop, second stop), still one of flights and holds.
    const connecting = await count({ legs: [outbound, back] });
    expect(connecting.itineraries).toBe(10);
    expect(connecting.reads).toEqual({ airport_days: 3, flights: 1, listing_holds: 1 });
  });
});

describe('searchItineraries: flights written through the API', () => {
  it('connects a flight created through the API, follows its update and drops it once retired', async () => {
    const sea = leg('SEA', 'PHX', dayOf(15));
    expect(await ids({ legs: [sea] })).toEqual([]);
    const created = await call(
      `mutation { createFlight(input: { flightId: "LP1", airlineName: "Southwest Airlines", departureAirport: "LAS", arrivalAirport: "PHX",
        departureDatetime: "${at(15, 12).toISOString()}", arrivalDatetime: "${at(15, 13).toISOString()}", flightClass: Economy, ticketPrice: "80", totalAvailableSeats: 50 }) { flightId } }`,
      {},
      listingAdmin,
    );
    expect(created.errors).toBeUndefined();
    expect(await ids({ legs: [sea] })).toEqual(['SL1+LP1']);
    // SL1 lands at 10:30: a departure at 11:00 leaves only 30 minutes.
    const moved = await call(
      `mutation { updateFlight(flightId: "LP1", input: { departureDatetime: "${at(15, 11).toISOString()}", arrivalDatetime: "${at(15, 12).toISOString()}" }) { flightId } }`,
      {},
      listingAdmin,
    );
    expect(moved.errors).toBeUndefined();
    expect(await ids({ legs: [sea] })).toEqual([]);
    const back = await call(
      `mutation { updateFlight(flightId: "LP1", input: { departureDatetime: "${at(16, 9).toISOString()}", arrivalDatetime: "${at(16, 10).toISOString()}" }) { flightId } }`,
      {},
      listingAdmin,
    );
    expect(back.errors).toBeUndefined();
    expect(await ids({ legs: [sea] })).toEqual(['SL1+LP1']);
    expect((await call('mutation { deleteFlight(flightId: "LP1") }', {}, listingAdmin)).errors).toBeUndefined();
    expect(await ids({ legs: [sea] })).toEqual([]);
  });
});
