import { randomUUID } from 'node:crypto';
import { connectionOptions } from '@kayak/common/migrate';
import mariadb from 'mariadb';
import type { Db } from 'mongodb';
import type { Scenario } from '../load.js';
import { CREATE_BOOKING, GOOD_CARD, PAY_BOOKING } from '../queries.js';
import { dayFromToday, json, pickOne, random, REQUEST_TIMEOUT_MS } from './shared.js';

/** (c) createBooking + payBooking, and what the bookings it makes cost the availability consumer. */

function bookingInput(hotels: string[]): Record<string, unknown> {
  const start = 30 + random(300);
  return { listingType: 'Hotel', listingId: pickOne(hotels), startDate: dayFromToday(start, 15), endDate: dayFromToday(start + 1 + random(3), 11), quantity: 1 };
}

export function bookAndPayScenario(tokens: string[], hotels: string[]): Scenario {
  return {
    name: 'bookAndPay',
    requests: [
      {
        body: (context) => {
          const token = pickOne(tokens);
          context.token = token;
          context.bookingId = undefined;
          return json(CREATE_BOOKING, { input: bookingInput(hotels) }, token);
        },
        onBody: (body, context) => {
          const match = /"bookingId":"([^"]+)"/.exec(body);
          context.bookingId = match?.[1];
        },
      },
      {
        body: (context) =>
          json(PAY_BOOKING, { bookingId: context.bookingId ?? 'BK-create-failed', paymentMethod: GOOD_CARD, idempotencyKey: randomUUID() }, String(context.token)),
      },
    ],
  };
}

/** One booking through a gateway (the bookings of (f), the event latency). */
export async function createBookingVia(url: string, token: string, hotels: string[]): Promise<string | null> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: CREATE_BOOKING, variables: { input: bookingInput(hotels) } }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = (await response.json()) as { data?: { createBooking?: { bookingId: string } } };
  return body.data?.createBooking?.bookingId ?? null;
}

export interface Drain {
  /** Bookings without their availability block when the load of (c) ended. */
  backlogBookings: number;
  /** Blocks the consumer wrote per second while draining. */
  blocksPerSecond: number;
  seconds: number;
  /** Bookings still without a block when the wait ended (0: caught up). */
  remaining: number;
}

/**
 * After (c): how fast the availability consumer absorbs the bookings made under load, waiting at
 * most `timeoutMs` for every booking in MySQL to have its block.
 */
export async function drainConsumer(databaseUrl: string, db: Db, timeoutMs: number): Promise<Drain> {
  const started = Date.now();
  const connection = await mariadb.createConnection({ ...connectionOptions(databaseUrl), database: new URL(databaseUrl).pathname.slice(1) });
  const missing = async (): Promise<number> => {
    const [row] = (await connection.query('SELECT COUNT(*) AS n FROM bookings')) as Array<{ n: bigint }>;
    return Math.max(0, Number(row?.n ?? 0) - (await db.collection('availability_blocks').countDocuments()));
  };
  try {
    const backlog = await missing();
    let remaining = backlog;
    while (remaining > 0 && Date.now() - started < timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      remaining = await missing();
    }
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    return { backlogBookings: backlog, blocksPerSecond: Math.round(((backlog - remaining) / Math.max(seconds, 0.1)) * 10) / 10, seconds, remaining };
  } finally {
    await connection.end();
  }
}
