import { z } from 'zod';

/**
 * Benchmark settings, from the environment so a quick dry run (`BENCH_SCALE=0.05 BENCH_ROUND_SECONDS=3
 * npm run bench`) uses the same code as the full run. Defaults are the full run of issue 9.
 */
const schema = z.object({
  /**
   * Multiplies every seeded count (1 = 10k flights, 2k hotels, 2k cars, 5k users, 50k bookings,
   * 100k reviews). Full scale by default; a smaller factor is for a quick dry run.
   */
  BENCH_SCALE: z.coerce.number().positive().max(1).default(1),
  BENCH_CONNECTIONS: z.coerce.number().int().positive().default(50),
  BENCH_WARMUP_SECONDS: z.coerce.number().int().positive().default(15),
  BENCH_ROUND_SECONDS: z.coerce.number().int().positive().default(30),
  BENCH_ROUNDS: z.coerce.number().int().positive().default(3),
  /** Bookings per second during the event-latency measurement, and for how long. */
  BENCH_EVENT_RATE: z.coerce.number().positive().default(50),
  BENCH_EVENT_SECONDS: z.coerce.number().int().positive().default(30),
  /** How long to wait, after (c), for the availability consumer to absorb the bookings made under load. */
  BENCH_DRAIN_SECONDS: z.coerce.number().int().nonnegative().default(120),
  /** First of the ports the bench's own processes listen on (gateway, 4 subgraphs, Hive Gateway). */
  BENCH_BASE_PORT: z.coerce.number().int().min(1024).max(65000).default(4100),
  /** Keep the bench databases after the run (default: dropped). */
  BENCH_KEEP_DATA: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  /**
   * `full`: everything; `seed`: only seed (timed) and drop; `probe`: seed, then measure (e) —
   * round trips and the latency of single requests — without load: a quick look at where the time goes;
   * `events`: seed, start the processes, measure (f) alone and log it (no results file): for trying a
   * change to the event path; `trips`: seed, start the processes, measure (a), (b''), the itinerary
   * search alone and (c') createTrip, and write bench/results/trips-latest.* (a shorter run for issue 15's figures).
   */
  BENCH_MODE: z.enum(['full', 'seed', 'probe', 'events', 'trips']).default('full'),
  /** Skip the Hive Gateway comparison (e.g. when it cannot start). */
  BENCH_SKIP_HIVE: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
});

export type BenchSettings = z.infer<typeof schema>;

export function loadBenchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  return schema.parse(env);
}

/** The full-scale targets of issue 9; the seeded counts are these times BENCH_SCALE. */
export const FULL_SCALE = { flights: 10_000, hotels: 2_000, cars: 2_000, users: 5_000, bookings: 50_000, reviews: 100_000 } as const;
export type Scale = { [K in keyof typeof FULL_SCALE]: number };

/** Users with exactly this many bookings, for the round-trips-per-request measurement (e). */
export const ROUND_TRIP_SIZES = [1, 10, 50] as const;

export function scaled(factor: number): Scale {
  const count = (full: number, minimum: number): number => Math.max(minimum, Math.round(full * factor));
  return {
    // Floors keep bookings spread (listing locks) and leave enough users for the load at tiny scales.
    flights: count(FULL_SCALE.flights, 200),
    hotels: count(FULL_SCALE.hotels, 100),
    cars: count(FULL_SCALE.cars, 50),
    users: count(FULL_SCALE.users, 100),
    // About ten bookings per user, as at full scale, so the flagship query returns ten.
    bookings: count(FULL_SCALE.bookings, 1_000),
    reviews: count(FULL_SCALE.reviews, 1_000),
  };
}

export interface BenchPorts {
  gateway: number;
  users: number;
  listings: number;
  bookings: number;
  reviews: number;
  hive: number;
}

export const portsFrom = (base: number): BenchPorts => ({
  gateway: base,
  users: base + 1,
  listings: base + 2,
  bookings: base + 3,
  reviews: base + 4,
  hive: base + 10,
});
