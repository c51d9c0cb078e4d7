import { connectionOptions } from '@kayak/common/migrate';
import mariadb from 'mariadb';
import type { BenchSettings } from '../config.js';
import { closedLoopRound, interleavedRounds, type Summary } from '../load.js';
import { benchLog as log } from '../paths.js';
import { CREATE_TRIP } from '../queries.js';
import type { SeedReport } from '../seed.js';
import { APOLLO, pickOne, REQUEST_TIMEOUT_MS } from './shared.js';

/**
 * (c') createTrip with 3 items — 2 seats on one of 20 contended Economy flights, a hotel room for two
 * nights at the destination, a car for the same days — from 50 concurrent clients through our
 * gateway. The flights sell out during the run, so the last seats are raced for; afterwards MySQL is
 * checked for overbooked flights and partial trips. A CONFLICT (sold out, car taken) is an answer,
 * not an error: the trips refused are counted by the item that was full.
 */

const DAY = 24 * 60 * 60 * 1000;
const SEATS_PER_TRIP = 2;

export interface CreateTripResult {
  summary: Summary;
  created: number;
  /** CONFLICT answers by the trip item that had no room: flight, hotel, car. */
  refused: Record<string, number>;
  /** Contended flights with no seat left afterwards (of `contendedFlights`). */
  flightsSoldOut: number;
  contendedFlights: number;
  /** Flights whose Pending + Confirmed seats exceed their capacity afterwards: must be 0. */
  overbookedFlights: number;
  /** Cars with two overlapping Pending/Confirmed bookings afterwards: must be 0. */
  doubleBookedCars: number;
  /** Trips whose items are not all there: must be 0. */
  partialTrips: number;
}

type Listings = SeedReport['listingsForBooking'];
const ITEM_NAMES = ['flight', 'hotel', 'car'] as const;

function tripInput(listings: Listings): Record<string, unknown> {
  const flight = pickOne(listings.contendedFlights);
  const arrival = new Date(flight.arrival);
  const checkIn = new Date(Date.UTC(arrival.getUTCFullYear(), arrival.getUTCMonth(), arrival.getUTCDate()) + DAY + 15 * 3_600_000);
  const checkOut = new Date(checkIn.getTime() + 2 * DAY - 4 * 3_600_000);
  return {
    items: [
      { listingType: 'Flight', listingId: flight.flightId, startDate: flight.departure, endDate: flight.arrival, quantity: SEATS_PER_TRIP },
      { listingType: 'Hotel', listingId: pickOne(listings.hotels), startDate: checkIn.toISOString(), endDate: checkOut.toISOString(), quantity: 1 },
      { listingType: 'Car', listingId: pickOne(listings.cars), startDate: checkIn.toISOString(), endDate: checkOut.toISOString(), quantity: 1 },
    ],
  };
}

interface TripAnswer {
  data?: { createTrip?: { tripId: string } | null } | null;
  errors?: Array<{ message: string; extensions?: { code?: string; fields?: Array<{ path: string }> } }>;
}

/** Which item a CONFLICT names (`input.items.N.quantity` in its field paths), else "trip". */
function conflictItem(error: NonNullable<TripAnswer['errors']>[number]): string {
  const match = /items\.(\d)/.exec((error.extensions?.fields ?? []).map((field) => field.path).join(' '));
  return match ? (ITEM_NAMES[Number(match[1])] ?? 'trip') : 'trip';
}

async function overbookingCheck(databaseUrl: string, listings: Listings): Promise<Pick<CreateTripResult, 'flightsSoldOut' | 'overbookedFlights' | 'doubleBookedCars' | 'partialTrips'>> {
  const connection = await mariadb.createConnection({ ...connectionOptions(databaseUrl), database: new URL(databaseUrl).pathname.slice(1) });
  try {
    const held = (await connection.query(
      `SELECT reference_id AS id, SUM(quantity) AS seats FROM bookings
       WHERE booking_type = 'Flight' AND booking_status IN ('Pending', 'Confirmed') AND reference_id IN (?)
       GROUP BY reference_id`,
      [listings.contendedFlights.map((flight) => flight.flightId)],
    )) as Array<{ id: string; seats: number | bigint | string }>;
    const capacity = new Map(listings.contendedFlights.map((flight) => [flight.flightId, flight.seats]));
    const seatsHeld = held.map((row) => ({ held: Number(row.seats), capacity: capacity.get(row.id) ?? 0 }));
    const [cars] = (await connection.query(
      `SELECT COUNT(*) AS n FROM bookings a JOIN bookings b
         ON b.booking_type = 'Car' AND b.reference_id = a.reference_id AND b.id > a.id
        AND b.booking_status IN ('Pending', 'Confirmed') AND b.start_date < a.end_date AND a.start_date < b.end_date
       WHERE a.booking_type = 'Car' AND a.booking_status IN ('Pending', 'Confirmed')`,
    )) as Array<{ n: bigint }>;
    const [partial] = (await connection.query(
      `SELECT COUNT(*) AS n FROM (SELECT trip_id FROM bookings WHERE trip_id IS NOT NULL GROUP BY trip_id HAVING COUNT(*) <> 3) AS t`,
    )) as Array<{ n: bigint }>;
    return {
      // A trip takes 2 seats: a flight with fewer than 2 left refuses every further trip.
      flightsSoldOut: seatsHeld.filter((flight) => flight.capacity - flight.held < SEATS_PER_TRIP).length,
      overbookedFlights: seatsHeld.filter((flight) => flight.held > flight.capacity).length,
      doubleBookedCars: Number(cars?.n ?? 0),
      partialTrips: Number(partial?.n ?? 0),
    };
  } finally {
    await connection.end();
  }
}

export async function createTripUnderLoad(gatewayUrl: string, settings: BenchSettings, tokens: string[], listings: Listings, databaseUrl: string): Promise<CreateTripResult> {
  let created = 0;
  const refused: Record<string, number> = {};
  const operation = async (): Promise<string | null> => {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${pickOne(tokens)}` },
      body: JSON.stringify({ query: CREATE_TRIP, variables: { input: tripInput(listings) } }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const body = JSON.parse(text) as TripAnswer;
    if (body.data?.createTrip) {
      created += 1;
      return null;
    }
    const conflict = body.errors?.find((error) => error.extensions?.code === 'CONFLICT');
    if (conflict) {
      const item = conflictItem(conflict);
      refused[item] = (refused[item] ?? 0) + 1;
      return null;
    }
    return `HTTP ${response.status}: ${text}`;
  };
  log(`createTrip: ${settings.BENCH_CONNECTIONS} connections, ${listings.contendedFlights.length} contended flights`);
  const summaries = await interleavedRounds(
    [
      {
        name: APOLLO,
        warmup: (seconds) => closedLoopRound(operation, settings.BENCH_CONNECTIONS, seconds, null),
        round: (_warmup, latencies) => closedLoopRound(operation, settings.BENCH_CONNECTIONS, settings.BENCH_ROUND_SECONDS, latencies),
      },
    ],
    { warmupSeconds: settings.BENCH_WARMUP_SECONDS, rounds: settings.BENCH_ROUNDS, log },
  );
  const summary = summaries[APOLLO];
  if (!summary) throw new Error('createTrip: no rounds');
  const check = await overbookingCheck(databaseUrl, listings);
  log(`createTrip: ${created} trips, refused ${JSON.stringify(refused)}, ${JSON.stringify(check)}`);
  return { summary, created, refused, contendedFlights: listings.contendedFlights.length, ...check };
}
