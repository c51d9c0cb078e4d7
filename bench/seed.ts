import { connectMongo, ensureCollections, type BookingStatus, type ListingType } from '@kayak/common';
import { connectionOptions, migrate } from '@kayak/common/migrate';
import { seededRandom } from '@kayak/common/testing';
import { rebuildAirportDays } from '@kayak/listings/airport-days';
import { rebuildFlightDays } from '@kayak/listings/flight-days';
import { rebuildListingHolds } from '@kayak/listings/holds';
import { seededRoomFields } from '@kayak/listings/room-types';
import { rebuildListingRatings } from '@kayak/reviews/ratings';
import bcrypt from 'bcryptjs';
import mariadb, { type Connection } from 'mariadb';
import type { Db, Document } from 'mongodb';
import { mongoCollections } from '../scripts/db-init.js';
import { ROUND_TRIP_SIZES, type Scale } from './config.js';

/**
 * Seeds the bench's own databases (a Mongo database and a MySQL schema named after the run) at a
 * given scale, fast: documents go in with insertMany batches, rows with multi-row INSERTs. The data
 * is deterministic (a seeded PRNG), so two runs at one scale measure the same data set.
 */

const DAY = 24 * 60 * 60 * 1000;
const BATCH = 1_000;

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const pad = (value: number, width: number): string => String(value).padStart(width, '0');
const money = (value: number): number => Math.round(value * 100) / 100;

export const AIRPORTS = [
  ['JFK', 'New York'], ['LAX', 'Los Angeles'], ['SFO', 'San Francisco'], ['ORD', 'Chicago'], ['MIA', 'Miami'],
  ['AUS', 'Austin'], ['SEA', 'Seattle'], ['BOS', 'Boston'], ['DEN', 'Denver'], ['ATL', 'Atlanta'],
  ['DFW', 'Dallas'], ['PHX', 'Phoenix'], ['LAS', 'Las Vegas'], ['MSP', 'Minneapolis'], ['DTW', 'Detroit'],
  ['PHL', 'Philadelphia'], ['SAN', 'San Diego'], ['PDX', 'Portland'], ['SLC', 'Salt Lake City'], ['IAD', 'Washington'],
] as const;
const STATES: Record<string, string> = {
  'New York': 'NY', 'Los Angeles': 'CA', 'San Francisco': 'CA', Chicago: 'IL', Miami: 'FL', Austin: 'TX', Seattle: 'WA', Boston: 'MA',
  Denver: 'CO', Atlanta: 'GA', Dallas: 'TX', Phoenix: 'AZ', 'Las Vegas': 'NV', Minneapolis: 'MN', Detroit: 'MI', Philadelphia: 'PA',
  'San Diego': 'CA', Portland: 'OR', 'Salt Lake City': 'UT', Washington: 'DC',
};
const AIRLINES = ['American Airlines', 'Delta Air Lines', 'United Airlines', 'Alaska Airlines', 'JetBlue Airways', 'Southwest Airlines'];
const CLASSES = [
  { name: 'Economy', factor: 1, seats: 180 },
  { name: 'Business', factor: 2.8, seats: 40 },
  { name: 'First', factor: 4.5, seats: 16 },
] as const;
/** createTrip under load books 2 seats of one of these Economy flights per trip, so they sell out mid-run. */
const CONTENDED_FLIGHTS = 20;
const CAR_TYPES = ['Economy', 'Compact', 'SUV', 'Luxury', 'Minivan', 'Convertible', 'Electric', 'Pickup'];
const PROVIDERS = ['Hertz', 'Avis', 'Enterprise', 'Budget', 'National', 'Alamo'];

/** Bench identifiers: SSN-shaped user ids from 800-00-0000, listing ids with a B prefix. */
export const benchUserId = (index: number): string => {
  const digits = String(800_000_000 + index);
  return `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
};
export const benchFlightId = (index: number): string => `BF${pad(index, 6)}`;
export const benchHotelId = (index: number): string => `BH${pad(index, 6)}`;
export const benchCarId = (index: number): string => `BC${pad(index, 6)}`;

/** Midnight UTC today plus `days`. */
function dayFromToday(days: number): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + days * DAY);
}

interface FlightSeed {
  id: string;
  price: number;
  seats: number;
  departure: Date;
  arrival: Date;
}

function flights(count: number, now: Date): { documents: Document[]; seeds: FlightSeed[] } {
  const random = seededRandom(1);
  const documents: Document[] = [];
  const seeds: FlightSeed[] = [];
  for (let index = 0; index < count; index += 1) {
    const from = pick(random, AIRPORTS);
    let to = pick(random, AIRPORTS);
    while (to[0] === from[0]) to = pick(random, AIRPORTS);
    const flightClass = CLASSES[index % CLASSES.length] ?? CLASSES[0];
    const minutes = 60 + Math.floor(random() * 360);
    const departure = new Date(dayFromToday(7 + Math.floor(random() * 90)).getTime() + Math.floor(random() * 24 * 4) * 15 * 60 * 1000);
    const arrival = new Date(departure.getTime() + minutes * 60 * 1000);
    const price = money((80 + random() * 420) * flightClass.factor);
    const id = benchFlightId(index);
    seeds.push({ id, price, seats: flightClass.seats, departure, arrival });
    documents.push({
      flight_id: id,
      airline_name: pick(random, AIRLINES),
      departure_airport: from[0],
      departure_city: from[1],
      arrival_airport: to[0],
      arrival_city: to[1],
      departure_datetime: departure,
      arrival_datetime: arrival,
      duration_minutes: minutes,
      flight_class: flightClass.name,
      ticket_price: price,
      total_available_seats: flightClass.seats,
      rating: 0,
      created_at: now,
      updated_at: now,
    });
  }
  return { documents, seeds };
}

function hotels(count: number, now: Date): { documents: Document[]; prices: number[] } {
  const random = seededRandom(2);
  const documents: Document[] = [];
  const prices: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const city = pick(random, AIRPORTS)[1];
    const stars = 1 + Math.floor(random() * 5);
    const price = money(60 + stars * 40 + random() * 150);
    prices.push(price);
    documents.push({
      hotel_id: benchHotelId(index),
      name: `Bench ${city} Hotel ${index}`,
      address: { street: `${100 + (index % 900)} Main St`, city, state: STATES[city] ?? 'CA', zip: pad(10_000 + ((index * 37) % 89_999), 5) },
      star_rating: stars,
      ...seededRoomFields(100 + Math.floor(random() * 300), price, stars),
      amenities: { wifi: random() < 0.9, breakfast_included: stars >= 4, parking: random() < 0.7, pet_friendly: random() < 0.4, near_transit: random() < 0.5, pool: random() < 0.4, gym: stars >= 3 },
      hotel_rating: 0,
      created_at: now,
      updated_at: now,
    });
  }
  return { documents, prices };
}

function cars(count: number, now: Date): { documents: Document[]; prices: number[] } {
  const random = seededRandom(3);
  const documents: Document[] = [];
  const prices: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const price = money(30 + random() * 120);
    prices.push(price);
    documents.push({
      car_id: benchCarId(index),
      car_type: pick(random, CAR_TYPES),
      provider_name: pick(random, PROVIDERS),
      model: `Model ${index % 50}`,
      year: 2020 + (index % 6),
      transmission_type: random() < 0.85 ? 'Automatic' : 'Manual',
      number_of_seats: 4 + (index % 4),
      daily_rental_price: price,
      car_rating: 0,
      availability_status: 'Available',
      pickup_city: pick(random, AIRPORTS)[1],
      created_at: now,
      updated_at: now,
    });
  }
  return { documents, prices };
}

async function users(count: number, now: Date): Promise<Document[]> {
  // One bcrypt hash for everyone: hashing 5k passwords would dominate the seeding time.
  const password = await bcrypt.hash('Kayak!2026', 4);
  return Array.from({ length: count }, (_, index) => {
    const city = AIRPORTS[index % AIRPORTS.length]?.[1] ?? 'Boston';
    return {
      user_id: benchUserId(index),
      email: `bench.user${index}@example.com`,
      password,
      first_name: `Bench${index}`,
      last_name: 'User',
      address: { street: `${index} Bench Ave`, city, state: STATES[city] ?? 'CA', zip: pad(10_000 + (index % 89_999), 5) },
      phone_number: `555-${pad(index % 1000, 3)}-${pad(index % 10_000, 4)}`,
      created_at: now,
      updated_at: now,
    };
  });
}

/**
 * Reviews by every user on distinct listings (one per user and listing, the unique index): review
 * k is by user k mod U on listing (u + r·step) mod L, r = ⌊k / U⌋, which never repeats for one user.
 */
function reviews(count: number, scale: Scale, now: Date): Document[] {
  const random = seededRandom(4);
  const listings = scale.flights + scale.hotels + scale.cars;
  const perUser = Math.ceil(count / scale.users);
  const step = Math.max(1, Math.floor(listings / perUser));
  const ref = (index: number): { type: ListingType; id: string } => {
    if (index < scale.flights) return { type: 'Flight', id: benchFlightId(index) };
    if (index < scale.flights + scale.hotels) return { type: 'Hotel', id: benchHotelId(index - scale.flights) };
    return { type: 'Car', id: benchCarId(index - scale.flights - scale.hotels) };
  };
  return Array.from({ length: count }, (_, k) => {
    const user = k % scale.users;
    const round = Math.floor(k / scale.users);
    const listing = ref((user + round * step) % listings);
    const rating = 1 + Math.floor(random() * 5);
    const created = new Date(now.getTime() - Math.floor(random() * 365) * DAY);
    return {
      user_id: benchUserId(user),
      entity_type: listing.type,
      entity_id: listing.id,
      rating,
      title: `Rated ${rating}`,
      comment: 'Seeded by the benchmark.',
      created_at: created,
      updated_at: created,
    };
  });
}

export interface BookingRow {
  bookingId: string;
  userId: string;
  type: ListingType;
  referenceId: string;
  start: Date;
  end: Date;
  status: BookingStatus;
  price: number;
  quantity: number;
  version: number;
  createdAt: Date;
  billing: { status: BillingStatus; amount: number } | null;
}

/** Users 0, 1, 2 own exactly 1, 10 and 50 bookings (measurement e); the rest share the remainder. */
function bookingOwners(scale: Scale): string[] {
  const owners: string[] = [];
  ROUND_TRIP_SIZES.forEach((size, index) => {
    for (let n = 0; n < size; n += 1) owners.push(benchUserId(index));
  });
  const others = scale.users - ROUND_TRIP_SIZES.length;
  for (let n = 0; owners.length < scale.bookings; n += 1) owners.push(benchUserId(ROUND_TRIP_SIZES.length + (n % others)));
  return owners;
}

type BillingStatus = 'Success' | 'Failed' | 'Refunded';

/**
 * 70% Confirmed and paid, 15% Expired (never paid: the seeded bookings are older than any hold, so
 * in a live system their holds have run out; seeding them Pending would make the bench's first
 * minutes a sweep of thousands of expiries), 10% Cancelled (half refunded), 5% PaymentFailed.
 */
function statusOf(random: () => number, special: boolean): { status: BookingStatus; version: number; billing: BillingStatus | null } {
  if (special) return { status: 'Confirmed', version: 2, billing: 'Success' };
  const roll = random();
  if (roll < 0.7) return { status: 'Confirmed', version: 2, billing: 'Success' };
  if (roll < 0.85) return { status: 'Expired', version: 2, billing: null };
  if (roll < 0.9) return { status: 'Cancelled', version: 3, billing: 'Refunded' };
  if (roll < 0.95) return { status: 'Cancelled', version: 2, billing: null };
  return { status: 'PaymentFailed', version: 2, billing: 'Failed' };
}

/**
 * Bookings that respect capacity: 40% flights (≤ 2 seats, about two bookings per flight), 40%
 * hotels (≤ 2 rooms of 100+), 20% cars, each car's bookings on consecutive, non-overlapping dates.
 */
function bookings(scale: Scale, flightSeeds: FlightSeed[], hotelPrices: number[], carPrices: number[], now: Date): BookingRow[] {
  const random = seededRandom(5);
  const owners = bookingOwners(scale);
  const specialCount = ROUND_TRIP_SIZES.reduce((sum, size) => sum + size, 0);
  const carUses = new Array<number>(scale.cars).fill(0);
  const rows: BookingRow[] = [];
  owners.forEach((userId, index) => {
    const roll = random();
    const type: ListingType = roll < 0.4 ? 'Flight' : roll < 0.8 ? 'Hotel' : 'Car';
    const quantity = type === 'Car' ? 1 : 1 + Math.floor(random() * 2);
    let referenceId: string;
    let start: Date;
    let end: Date;
    let price: number;
    if (type === 'Flight') {
      const flightIndex = Math.floor(random() * flightSeeds.length);
      const flight = flightSeeds[flightIndex] as FlightSeed;
      referenceId = flight.id;
      start = flight.departure;
      end = flight.arrival;
      price = flight.price * quantity;
    } else if (type === 'Hotel') {
      const hotelIndex = Math.floor(random() * hotelPrices.length);
      const nights = 1 + Math.floor(random() * 5);
      referenceId = benchHotelId(hotelIndex);
      start = new Date(dayFromToday(7 + Math.floor(random() * 120)).getTime() + 15 * 60 * 60 * 1000);
      end = new Date(start.getTime() + nights * DAY - 4 * 60 * 60 * 1000);
      price = (hotelPrices[hotelIndex] ?? 100) * Math.ceil((end.getTime() - start.getTime()) / DAY) * quantity;
    } else {
      const carIndex = Math.floor(random() * carPrices.length);
      const use = carUses[carIndex] ?? 0;
      carUses[carIndex] = use + 1;
      referenceId = benchCarId(carIndex);
      start = new Date(dayFromToday(7 + use * 4).getTime() + 10 * 60 * 60 * 1000);
      end = new Date(start.getTime() + 3 * DAY);
      price = (carPrices[carIndex] ?? 50) * 3;
    }
    const { status, version, billing } = statusOf(random, index < specialCount);
    const total = money(price);
    rows.push({
      bookingId: `BKB${pad(index, 8)}`,
      userId,
      type,
      referenceId,
      start,
      end,
      status,
      price: total,
      quantity,
      version,
      createdAt: new Date(now.getTime() - Math.floor(random() * 90 * DAY)),
      billing: billing ? { status: billing, amount: money(total * 1.08) } : null,
    });
  });
  return rows;
}

/** Every booking's availability block, as the listings consumer would have written it. */
function blocks(rows: BookingRow[], now: Date): Document[] {
  return rows.map((row) => ({
    listing_type: row.type,
    reference_id: row.referenceId,
    start_date: row.start,
    end_date: row.end,
    booking_id: row.bookingId,
    booking_status: row.status,
    user_id: row.userId,
    quantity: row.quantity,
    version: row.version,
    last_event_id: `seed-${row.bookingId}-${row.version}`,
    event_occurred_at: row.createdAt,
    synced_at: now,
    created_at: now,
    updated_at: now,
  }));
}

async function insertAll(db: Db, collection: string, documents: Document[]): Promise<void> {
  for (let offset = 0; offset < documents.length; offset += BATCH) {
    await db.collection(collection).insertMany(documents.slice(offset, offset + BATCH), { ordered: false });
  }
}

/** `INSERT INTO table (columns) VALUES (...), (...), ...` in statements of BATCH rows. */
async function insertRows(connection: Connection, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let offset = 0; offset < rows.length; offset += BATCH) {
    const slice = rows.slice(offset, offset + BATCH);
    await connection.query(`INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ${slice.map(() => tuple).join(', ')}`, slice.flat());
  }
}

const sqlDate = (date: Date): string => date.toISOString().slice(0, 19).replace('T', ' ');

async function insertBookings(databaseUrl: string, rows: BookingRow[]): Promise<number> {
  const connection = await mariadb.createConnection({ ...connectionOptions(databaseUrl), database: new URL(databaseUrl).pathname.slice(1) });
  try {
    await insertRows(
      connection,
      'bookings',
      ['booking_id', 'user_id', 'booking_type', 'reference_id', 'start_date', 'end_date', 'booking_status', 'total_price', 'quantity', 'version', 'created_at', 'updated_at'],
      rows.map((row) => [row.bookingId, row.userId, row.type, row.referenceId, sqlDate(row.start), sqlDate(row.end), row.status, row.price.toFixed(2), row.quantity, row.version, sqlDate(row.createdAt), sqlDate(row.createdAt)]),
    );
    const billed = rows.filter((row) => row.billing !== null);
    await insertRows(
      connection,
      'billings',
      ['billing_id', 'user_id', 'booking_type', 'booking_id', 'transaction_date', 'total_amount_paid', 'payment_method', 'transaction_status', 'invoice_number', 'invoice_details', 'created_at', 'updated_at'],
      billed.map((row, index) => {
        const amount = row.billing?.amount ?? 0;
        const invoice = { lineItems: [{ description: `${row.type} ${row.referenceId}`, quantity: row.quantity, unitPrice: (row.price / row.quantity).toFixed(2), total: row.price.toFixed(2) }], subtotal: row.price.toFixed(2), taxRate: '0.08', tax: (amount - row.price).toFixed(2), total: amount.toFixed(2), currency: 'USD', paymentSummary: 'credit_card ending 4242' };
        return [`BILLB${pad(index, 8)}`, row.userId, row.type, row.bookingId, sqlDate(row.createdAt), amount.toFixed(2), 'credit_card', row.billing?.status, `INVB${pad(index, 8)}`, JSON.stringify(invoice), sqlDate(row.createdAt), sqlDate(row.createdAt)];
      }),
    );
    return billed.length;
  } finally {
    await connection.end();
  }
}

export interface SeedReport {
  scale: Scale;
  billings: number;
  seconds: number;
  /** Bookings of the users owning exactly 1, 10, 50 bookings, by size. */
  roundTripUsers: Record<number, string>;
  /**
   * Listings for the bookings the bench makes: every hotel and car (createBooking, createTrip), and
   * the Economy flights createTrip competes for (their seats run out during the run).
   */
  listingsForBooking: { hotels: string[]; cars: string[]; contendedFlights: Array<{ flightId: string; departure: string; arrival: string; seats: number }> };
  flightRoutes: Array<{ from: string; to: string }>;
}

/** Drops and recreates the bench databases, then seeds them. */
export async function seedBench(options: { mongoUrl: string; mongoDb: string; databaseUrl: string; scale: Scale; log: (line: string) => void }): Promise<SeedReport> {
  const { scale, log } = options;
  const started = Date.now();
  const now = new Date();

  await dropMySql(options.databaseUrl);
  await migrate(options.databaseUrl);
  const mongo = await connectMongo(options.mongoUrl, options.mongoDb);
  try {
    await mongo.db.dropDatabase();
    await ensureCollections(mongo.db, mongoCollections);
    const flightData = flights(scale.flights, now);
    const hotelData = hotels(scale.hotels, now);
    const carData = cars(scale.cars, now);
    await insertAll(mongo.db, 'flights', flightData.documents);
    await insertAll(mongo.db, 'hotels', hotelData.documents);
    await insertAll(mongo.db, 'cars', carData.documents);
    await rebuildFlightDays(mongo.db);
    await rebuildAirportDays(mongo.db);
    log(`seed: ${scale.flights} flights, ${scale.hotels} hotels, ${scale.cars} cars (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    await insertAll(mongo.db, 'users', await users(scale.users, now));
    log(`seed: ${scale.users} users (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    await insertAll(mongo.db, 'reviews', reviews(scale.reviews, scale, now));
    // Bulk-loaded reviews: their listings' rating summaries are computed once (not published:
    // the bench measures reads, not a burst of 14k rating events).
    const summaries = await rebuildListingRatings(mongo.db, now, { publish: false });
    log(`seed: ${scale.reviews} reviews, ${summaries} rating summaries (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const rows = bookings(scale, flightData.seeds, hotelData.prices, carData.prices, now);
    const billings = await insertBookings(options.databaseUrl, rows);
    log(`seed: ${rows.length} bookings, ${billings} billings (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    await insertAll(mongo.db, 'availability_blocks', blocks(rows, now));
    await rebuildListingHolds(mongo.db);
    log(`seed: ${rows.length} availability blocks (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const routes = new Map<string, { from: string; to: string }>();
    for (const document of flightData.documents) routes.set(`${String(document.departure_airport)}-${String(document.arrival_airport)}`, { from: String(document.departure_airport), to: String(document.arrival_airport) });
    return {
      scale,
      billings,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      roundTripUsers: Object.fromEntries(ROUND_TRIP_SIZES.map((size, index) => [size, benchUserId(index)])),
      listingsForBooking: {
        hotels: hotelData.documents.map((document) => String(document.hotel_id)),
        cars: carData.documents.map((document) => String(document.car_id)),
        contendedFlights: flightData.seeds
          .filter((flight) => flight.seats === CLASSES[0].seats)
          .slice(0, CONTENDED_FLIGHTS)
          .map((flight) => ({ flightId: flight.id, departure: flight.departure.toISOString(), arrival: flight.arrival.toISOString(), seats: flight.seats })),
      },
      flightRoutes: [...routes.values()],
    };
  } finally {
    await mongo.close();
  }
}

export async function dropMySql(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const connection = await mariadb.createConnection(connectionOptions(databaseUrl));
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await connection.end();
  }
}

