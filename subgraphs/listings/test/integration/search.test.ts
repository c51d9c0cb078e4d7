import { createTestMongo, testConfig, type GraphQLResponse, type TestMongo } from '@kayak/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/services/cursor.js';
import { createServer } from '../../src/server.js';
import { at, blockDoc, caller, carDoc, codeOf, fieldsOf, flightDoc, hotelDoc, insertListings, listingAdmin, type GraphQLCaller } from './fixtures.js';

// Every search filter, sort and paging edge, on a small fixture whose expected orders are known.
const config = testConfig();
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let call: GraphQLCaller;

beforeAll(async () => {
  mongo = await createTestMongo(config, 'listings_search');
  server = await createServer({ config, port: 0, mongoDb: mongo.name });
  call = caller(server.url, config);
  const flight = (id: string, from: string, fromCity: string, to: string, toCity: string, day: number, hour: number, flightClass: 'Economy' | 'Business' | 'First', price: number, minutes: number, rating: number, airline: string, seats: number) =>
    flightDoc(id, {
      departure_airport: from,
      departure_city: fromCity,
      arrival_airport: to,
      arrival_city: toCity,
      departure_datetime: at(day, hour),
      arrival_datetime: new Date(at(day, hour).getTime() + minutes * 60_000),
      duration_minutes: minutes,
      flight_class: flightClass,
      ticket_price: price,
      rating,
      airline_name: airline,
      total_available_seats: seats,
    });
  const amenities = (on: string[]) =>
    Object.fromEntries(['wifi', 'breakfast_included', 'parking', 'pet_friendly', 'near_transit', 'pool', 'gym'].map((name) => [name, on.includes(name)]));
  await insertListings(mongo.db, {
    flights: [
      flight('F01', 'JFK', 'New York', 'LAX', 'Los Angeles', 1, 8, 'Economy', 300, 330, 4, 'Delta Air Lines', 100),
      flight('F02', 'JFK', 'New York', 'LAX', 'Los Angeles', 1, 14, 'Business', 900, 330, 4.5, 'Delta Air Lines', 20),
      flight('F03', 'JFK', 'New York', 'LAX', 'Los Angeles', 2, 8, 'Economy', 250, 345, 3, 'JetBlue Airways', 100),
      flight('F04', 'JFK', 'New York', 'LAX', 'Los Angeles', 3, 9, 'First', 1500, 320, 5, 'American Airlines', 8),
      flight('F05', 'LAX', 'Los Angeles', 'JFK', 'New York', 1, 10, 'Economy', 320, 300, 4, 'Delta Air Lines', 100),
      flight('F06', 'SFO', 'San Francisco', 'ORD', 'Chicago', 2, 7, 'Economy', 200, 260, 2.5, 'United Airlines', 100),
      flight('F07', 'SFO', 'San Francisco', 'ORD', 'Chicago', 5, 7, 'Economy', 300, 250, 4, 'United Airlines', 100),
      flight('F08', 'BOS', 'Boston', 'MIA', 'Miami', 4, 12, 'Economy', 180, 200, 3.5, 'JetBlue Airways', 2),
    ],
    hotels: [
      hotelDoc('H01', { star_rating: 3, price_per_night: 200, hotel_rating: 3.5, number_of_rooms: 10, amenities: amenities(['wifi']) }),
      hotelDoc('H02', { star_rating: 5, price_per_night: 450, hotel_rating: 4.8, number_of_rooms: 50, amenities: amenities(['wifi', 'pool', 'gym', 'pet_friendly']) }),
      hotelDoc('H03', { address: { street: '2 Beacon St', city: 'Boston', state: 'MA', zip: '02108' }, star_rating: 4, price_per_night: 300, hotel_rating: 4.2, number_of_rooms: 2, amenities: amenities(['wifi', 'pet_friendly', 'breakfast_included']) }),
      hotelDoc('H04', { address: { street: '9 Tremont St', city: 'Boston', state: 'MA', zip: '02108' }, star_rating: 2, price_per_night: 120, hotel_rating: 3, number_of_rooms: 5, amenities: amenities(['parking']) }),
      hotelDoc('H05', { address: { street: '5 Main Ave', city: 'New York Mills', state: 'MN', zip: '56567' }, star_rating: 3, price_per_night: 150, hotel_rating: 4.2, number_of_rooms: 10, amenities: amenities(['wifi']) }),
    ],
    cars: [
      carDoc('C01', { pickup_city: 'Denver', car_type: 'SUV', provider_name: 'Hertz', year: 2024, number_of_seats: 5, daily_rental_price: 80, car_rating: 4 }),
      carDoc('C02', { pickup_city: 'Denver', car_type: 'Economy', provider_name: 'Budget', year: 2022, transmission_type: 'Manual', number_of_seats: 4, daily_rental_price: 35, car_rating: 3 }),
      carDoc('C03', { pickup_city: 'Denver', car_type: 'SUV', provider_name: 'Avis', year: 2023, number_of_seats: 7, daily_rental_price: 95, car_rating: 4.5, availability_status: 'Maintenance' }),
      carDoc('C04', { pickup_city: 'Austin', car_type: 'Luxury', provider_name: 'Hertz', year: 2025, number_of_seats: 5, daily_rental_price: 150, car_rating: 5 }),
      carDoc('C05', { pickup_city: 'Austin', car_type: 'SUV', provider_name: 'Enterprise', year: 2021, number_of_seats: 7, daily_rental_price: 70, car_rating: 3.8, availability_status: 'Booked' }),
    ],
    blocks: [
      blockDoc('Flight', 'F02', { quantity: 19, booking_status: 'Confirmed' }),
      blockDoc('Flight', 'F04', { quantity: 5, booking_status: 'Cancelled' }),
      blockDoc('Hotel', 'H01', { quantity: 9, start_date: at(1), end_date: at(2) }),
      blockDoc('Hotel', 'H03', { quantity: 1, start_date: at(1), end_date: at(3), booking_status: 'Pending' }),
      blockDoc('Hotel', 'H03', { quantity: 1, start_date: at(2), end_date: at(4) }),
      blockDoc('Car', 'C01', { start_date: at(1), end_date: at(3) }),
      blockDoc('Car', 'C04', { start_date: at(1), end_date: at(3), booking_status: 'Cancelled' }),
    ],
  });
});

afterAll(async () => {
  await server?.close();
  await mongo?.drop();
});

interface Connection {
  nodes: Array<Record<string, string>>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

const search = async (field: 'searchFlights' | 'searchHotels' | 'searchCars', args: Record<string, unknown>): Promise<GraphQLResponse<{ result: Connection }>> => {
  const idField = { searchFlights: 'flightId', searchHotels: 'hotelId', searchCars: 'carId' }[field];
  const types = { searchFlights: ['FlightSearchFilter', 'FlightSort'], searchHotels: ['HotelSearchFilter', 'HotelSort'], searchCars: ['CarSearchFilter', 'CarSort'] }[field];
  return call<{ result: Connection }>(
    `query ($filter: ${types[0]}, $sort: ${types[1]}, $first: Int, $after: String) {
      result: ${field}(filter: $filter, sort: $sort, first: $first, after: $after) { nodes { ${idField} } pageInfo { hasNextPage endCursor } totalCount } }`,
    args,
  );
};

/** The ids of one page, failing loudly on errors. */
async function ids(field: 'searchFlights' | 'searchHotels' | 'searchCars', args: Record<string, unknown>): Promise<string[]> {
  const response = await search(field, args);
  expect(response.errors).toBeUndefined();
  return (response.data?.result.nodes ?? []).map((node) => node.flightId ?? node.hotelId ?? node.carId ?? '');
}

const flights = (filter: Record<string, unknown>, sort?: string) => ids('searchFlights', { filter, sort });
const hotels = (filter: Record<string, unknown>, sort?: string) => ids('searchHotels', { filter, sort });
const cars = (filter: Record<string, unknown>, sort?: string) => ids('searchCars', { filter, sort });

describe('searchFlights filters', () => {
  it('matches a route by airport codes in any letter case', async () => {
    expect(await flights({ departureAirport: 'jfk', arrivalAirport: 'LaX' })).toEqual(['F03', 'F01', 'F02', 'F04']);
  });

  it('matches cities whole, ignoring case and extra spaces', async () => {
    expect(await flights({ departureCity: '  new   YORK ' })).toEqual(['F03', 'F01', 'F02', 'F04']);
    expect(await flights({ arrivalCity: 'chicago' })).toEqual(['F06', 'F07']);
    expect(await flights({ departureCity: 'New' })).toEqual([]);
  });

  it('keeps departures inside the date window, both ends inclusive', async () => {
    expect(await flights({ departureFrom: at(1, 8).toISOString(), departureTo: at(1, 14).toISOString() })).toEqual(['F01', 'F05', 'F02']);
  });

  it('filters by class, airline and price range', async () => {
    expect(await flights({ flightClass: 'Business' })).toEqual(['F02']);
    expect(await flights({ airlineName: 'JETBLUE AIRWAYS' })).toEqual(['F08', 'F03']);
    expect(await flights({ maxPrice: '300' })).toEqual(['F08', 'F06', 'F03', 'F01', 'F07']);
    expect(await flights({ minPrice: '900.00' })).toEqual(['F02', 'F04']);
    expect(await flights({ minPrice: '250', maxPrice: '300', departureAirport: 'SFO' })).toEqual(['F07']);
  });

  it('keeps flights departing in the availability range with enough seats not held by live bookings', async () => {
    const availability = (quantity: number) => ({ availability: { startDate: at(0).toISOString(), endDate: at(3, 23).toISOString(), quantity } });
    // F02 has 1 of 20 seats left; F04's 5 seats were cancelled so all 8 remain; F07/F08 depart later.
    expect(await flights(availability(1))).toEqual(['F06', 'F03', 'F01', 'F05', 'F02', 'F04']);
    expect(await flights(availability(2))).toEqual(['F06', 'F03', 'F01', 'F05', 'F04']);
    expect(await flights(availability(9))).toEqual(['F06', 'F03', 'F01', 'F05']);
  });

  it('collects every invalid filter field in one BAD_USER_INPUT', async () => {
    const response = await search('searchFlights', {
      filter: { departureAirport: 'JF', minPrice: '500', maxPrice: '100', departureFrom: at(5).toISOString(), departureTo: at(1).toISOString(), availability: { startDate: at(2).toISOString(), endDate: at(1).toISOString(), quantity: 0 } },
    });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual([
      { path: 'filter.departureAirport', message: 'must be a three-letter IATA code' },
      { path: 'filter.maxPrice', message: 'must not be less than minPrice' },
      { path: 'filter.availability.endDate', message: 'must be after startDate' },
      { path: 'filter.availability.quantity', message: 'must be an integer from 1 to 1000' },
      { path: 'filter.departureTo', message: 'must not be before departureFrom' },
    ]);
  });
});

describe('searchFlights sorts', () => {
  it('sorts by price both ways with the id breaking ties', async () => {
    expect(await flights({}, 'PRICE_ASC')).toEqual(['F08', 'F06', 'F03', 'F01', 'F07', 'F05', 'F02', 'F04']);
    expect(await flights({}, 'PRICE_DESC')).toEqual(['F04', 'F02', 'F05', 'F01', 'F07', 'F03', 'F06', 'F08']);
  });

  it('sorts by duration, departure and rating', async () => {
    expect(await flights({}, 'DURATION_ASC')).toEqual(['F08', 'F07', 'F06', 'F05', 'F04', 'F01', 'F02', 'F03']);
    expect(await flights({}, 'DURATION_DESC')).toEqual(['F03', 'F01', 'F02', 'F04', 'F05', 'F06', 'F07', 'F08']);
    expect(await flights({}, 'DEPARTURE_ASC')).toEqual(['F01', 'F05', 'F02', 'F06', 'F03', 'F04', 'F08', 'F07']);
    expect(await flights({}, 'DEPARTURE_DESC')).toEqual(['F07', 'F08', 'F04', 'F03', 'F06', 'F02', 'F05', 'F01']);
    expect(await flights({}, 'RATING_DESC')).toEqual(['F04', 'F02', 'F01', 'F05', 'F07', 'F08', 'F03', 'F06']);
    expect(await flights({}, 'RATING_ASC')).toEqual(['F06', 'F03', 'F08', 'F01', 'F05', 'F07', 'F02', 'F04']);
  });
});

describe('pagination', () => {
  async function walk(sort: string, first: number): Promise<{ pages: string[][]; last: Connection }> {
    const pages: string[][] = [];
    let after: string | null = null;
    for (;;) {
      const response = await search('searchFlights', { sort, first, after });
      expect(response.errors).toBeUndefined();
      const page = response.data?.result as Connection;
      expect(page.totalCount).toBe(8);
      pages.push(page.nodes.map((node) => node.flightId ?? ''));
      if (!page.pageInfo.hasNextPage) return { pages, last: page };
      after = page.pageInfo.endCursor;
    }
  }

  it('walks every flight exactly once in order, with a short last page', async () => {
    const { pages, last } = await walk('DURATION_DESC', 3);
    expect(pages).toEqual([['F03', 'F01', 'F02'], ['F04', 'F05', 'F06'], ['F07', 'F08']]);
    expect(last.pageInfo.endCursor).not.toBeNull();
  });

  it('walks pages across ties of the sort value (same price) without repeats or gaps', async () => {
    const { pages } = await walk('PRICE_ASC', 2);
    expect(pages).toEqual([['F08', 'F06'], ['F03', 'F01'], ['F07', 'F05'], ['F02', 'F04']]);
  });

  it('answers an empty last page after the final cursor', async () => {
    const full = await search('searchFlights', { sort: 'RATING_DESC', first: 8 });
    expect(full.data?.result.pageInfo.hasNextPage).toBe(false);
    const beyond = await search('searchFlights', { sort: 'RATING_DESC', first: 8, after: full.data?.result.pageInfo.endCursor });
    expect(beyond.errors).toBeUndefined();
    expect(beyond.data?.result).toEqual({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 8 });
  });

  it('answers first: 0 with no nodes but the count and whether anything follows', async () => {
    const response = await search('searchFlights', { first: 0 });
    expect(response.data?.result).toEqual({ nodes: [], pageInfo: { hasNextPage: true, endCursor: null }, totalCount: 8 });
  });

  it('answers a search without matches with an empty page', async () => {
    const response = await search('searchFlights', { filter: { departureAirport: 'HNL' } });
    expect(response.data?.result).toEqual({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 });
  });

  it('defaults to 20 per page and rejects more than 100 or fewer than 0', async () => {
    expect(await ids('searchFlights', {})).toHaveLength(8);
    for (const first of [101, -1]) {
      const response = await search('searchFlights', { first });
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(response)).toEqual([{ path: 'first', message: 'must be from 0 to 100' }]);
    }
  });

  it('rejects an invalid cursor with BAD_USER_INPUT', async () => {
    const forged = Buffer.from('{"not":"a cursor"}').toString('base64url');
    const wrongType = encodeCursor({ sort: 'DEPARTURE_ASC', value: 12, id: 'F01' });
    for (const after of ['garbage!', 'Zm9v', forged, '', wrongType]) {
      const response = await search('searchFlights', { sort: 'DEPARTURE_ASC', after });
      expect(codeOf(response), after).toBe('BAD_USER_INPUT');
      expect(fieldsOf(response)).toEqual([{ path: 'after', message: 'is not a valid cursor' }]);
    }
  });

  it('rejects a cursor made for another sort', async () => {
    const page = await search('searchFlights', { sort: 'PRICE_ASC', first: 2 });
    const response = await search('searchFlights', { sort: 'DURATION_ASC', after: page.data?.result.pageInfo.endCursor });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual([{ path: 'after', message: 'belongs to sort PRICE_ASC, not DURATION_ASC' }]);
  });

  it('neither repeats nor skips a row when a listing is created before the cursor between two pages', async () => {
    const filter = { departureAirport: 'JFK' };
    const first = await search('searchFlights', { filter, sort: 'PRICE_ASC', first: 2 });
    expect(first.data?.result.nodes.map((node) => node.flightId)).toEqual(['F03', 'F01']);
    const created = await call(
      `mutation { createFlight(input: { flightId: "F00", airlineName: "Delta Air Lines", departureAirport: "JFK", arrivalAirport: "LAX",
        departureDatetime: "${at(1, 6).toISOString()}", arrivalDatetime: "${at(1, 11).toISOString()}", flightClass: Economy, ticketPrice: "99", totalAvailableSeats: 50 }) { flightId } }`,
      {},
      listingAdmin,
    );
    expect(created.errors).toBeUndefined();
    const second = await search('searchFlights', { filter, sort: 'PRICE_ASC', first: 2, after: first.data?.result.pageInfo.endCursor });
    expect(second.data?.result.nodes.map((node) => node.flightId)).toEqual(['F02', 'F04']);
    expect(second.data?.result.totalCount).toBe(5);
    expect((await call('mutation { deleteFlight(flightId: "F00") }', {}, listingAdmin)).errors).toBeUndefined();
  });
});

describe('searchHotels', () => {
  it('matches the city whole and the state code in any case', async () => {
    expect(await hotels({ city: 'NEW YORK' })).toEqual(['H01', 'H02']);
    expect(await hotels({ state: 'ma' })).toEqual(['H04', 'H03']);
  });

  it('filters by price range and star rating range', async () => {
    expect(await hotels({ minPrice: '150', maxPrice: '300' })).toEqual(['H05', 'H01', 'H03']);
    expect(await hotels({ minStarRating: 4 })).toEqual(['H03', 'H02']);
    expect(await hotels({ minStarRating: 3, maxStarRating: 3 })).toEqual(['H05', 'H01']);
  });

  it('requires amenities asked as true and excludes those asked as false', async () => {
    expect(await hotels({ amenities: { wifi: true, petFriendly: true } })).toEqual(['H03', 'H02']);
    expect(await hotels({ amenities: { wifi: false } })).toEqual(['H04']);
    expect(await hotels({ amenities: { pool: true, gym: true, breakfastIncluded: false } })).toEqual(['H02']);
    expect(await hotels({ amenities: { nearTransit: null } })).toHaveLength(5);
  });

  it('sorts by price, stars and rating both ways', async () => {
    expect(await hotels({}, 'PRICE_DESC')).toEqual(['H02', 'H03', 'H01', 'H05', 'H04']);
    expect(await hotels({}, 'STAR_RATING_DESC')).toEqual(['H02', 'H03', 'H01', 'H05', 'H04']);
    expect(await hotels({}, 'STAR_RATING_ASC')).toEqual(['H04', 'H01', 'H05', 'H03', 'H02']);
    expect(await hotels({}, 'RATING_DESC')).toEqual(['H02', 'H03', 'H05', 'H01', 'H04']);
    expect(await hotels({}, 'RATING_ASC')).toEqual(['H04', 'H01', 'H03', 'H05', 'H02']);
  });

  it('keeps hotels with enough rooms free on every night of the stay', async () => {
    const stay = (start: number, end: number, quantity: number) => ({ availability: { startDate: at(start).toISOString(), endDate: at(end).toISOString(), quantity } });
    // H01: 9 of 10 rooms held on night 1. H03: 2 rooms, one held nights 1–2 and one nights 2–3.
    expect(await hotels(stay(1, 4, 1))).toEqual(['H04', 'H05', 'H01', 'H02']);
    expect(await hotels(stay(1, 4, 2))).toEqual(['H04', 'H05', 'H02']);
    expect(await hotels(stay(3, 5, 1))).toEqual(['H04', 'H05', 'H01', 'H03', 'H02']);
    expect(await hotels(stay(1, 2, 6))).toEqual(['H05', 'H02']);
  });

  it('rejects star ratings outside 1–5 and a bad state code', async () => {
    const response = await search('searchHotels', { filter: { minStarRating: 0, maxStarRating: 6, state: 'New York' } });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual([
      { path: 'filter.state', message: 'must be a two-letter state code' },
      { path: 'filter.minStarRating', message: 'must be from 1 to 5' },
      { path: 'filter.maxStarRating', message: 'must be from 1 to 5' },
    ]);
  });
});

describe('searchCars', () => {
  it('filters by pickup city, type, provider, transmission and seats', async () => {
    expect(await cars({ pickupCity: 'DENVER' })).toEqual(['C02', 'C01', 'C03']);
    expect(await cars({ carType: 'suv' })).toEqual(['C05', 'C01', 'C03']);
    expect(await cars({ providerName: 'hertz' })).toEqual(['C01', 'C04']);
    expect(await cars({ transmissionType: 'manual' })).toEqual(['C02']);
    expect(await cars({ minSeats: 7 })).toEqual(['C05', 'C03']);
  });

  it('filters by price range and operational status', async () => {
    expect(await cars({ minPrice: '70', maxPrice: '95' })).toEqual(['C05', 'C01', 'C03']);
    expect(await cars({ availabilityStatus: 'Maintenance' })).toEqual(['C03']);
  });

  it('sorts by price, rating and year both ways', async () => {
    expect(await cars({}, 'PRICE_DESC')).toEqual(['C04', 'C03', 'C01', 'C05', 'C02']);
    expect(await cars({}, 'RATING_DESC')).toEqual(['C04', 'C03', 'C01', 'C05', 'C02']);
    expect(await cars({}, 'RATING_ASC')).toEqual(['C02', 'C05', 'C01', 'C03', 'C04']);
    expect(await cars({}, 'YEAR_DESC')).toEqual(['C04', 'C01', 'C03', 'C02', 'C05']);
    expect(await cars({}, 'YEAR_ASC')).toEqual(['C05', 'C02', 'C03', 'C01', 'C04']);
  });

  it('keeps cars in service and not rented during the range; never more than one unit', async () => {
    const range = (start: number, end: number, quantity = 1) => ({ availability: { startDate: at(start).toISOString(), endDate: at(end).toISOString(), quantity } });
    // C01 is rented nights 1–2, C03 is in maintenance, C04's booking was cancelled, C05's "Booked" flag is not a date.
    expect(await cars(range(2, 4))).toEqual(['C02', 'C05', 'C04']);
    expect(await cars(range(3, 5))).toEqual(['C02', 'C05', 'C01', 'C04']);
    const two = await search('searchCars', { filter: range(3, 5, 2) });
    expect(two.data?.result).toEqual({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 });
  });
});
