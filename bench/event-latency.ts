import { performance } from 'node:perf_hooks';
import type { Db } from 'mongodb';
import { percentile } from './load.js';

/**
 * (f) Booking event → availability visible. Bookings are created through the gateway at a steady
 * rate (open loop: one every 1/rate s, whatever the answers take); a poller looks for their
 * availability blocks every `pollMs`. Two latencies per booking:
 * - observed: createBooking answered → block found by the poller (includes up to one poll interval);
 * - pipeline: the event's occurredAt → the block's created_at (both written by our processes on
 *   this machine, so no polling error): outbox → relay → Kafka → consumer → Mongo.
 */
export interface EventLatencyResult {
  rate: number;
  seconds: number;
  created: number;
  createErrors: number;
  visible: number;
  missing: number;
  observed: { p50: number; p99: number; max: number };
  pipeline: { p50: number; p99: number; max: number };
  pollMs: number;
}

interface Pending {
  answeredAt: number;
}

const stats = (values: number[]): { p50: number; p99: number; max: number } => {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (value: number): number => Math.round(value * 10) / 10;
  return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? Number.NaN) };
};

export async function measureEventLatency(options: {
  db: Db;
  rate: number;
  seconds: number;
  createBooking: () => Promise<string | null>;
  pollMs?: number;
  drainTimeoutMs?: number;
}): Promise<EventLatencyResult> {
  const pollMs = options.pollMs ?? 10;
  const blocks = options.db.collection<{ booking_id: string; created_at: Date; event_occurred_at: Date }>('availability_blocks');
  const pending = new Map<string, Pending>();
  const observed: number[] = [];
  const pipeline: number[] = [];
  let created = 0;
  let createErrors = 0;
  let polling = true;

  const poller = (async () => {
    while (polling || pending.size > 0) {
      if (pending.size > 0) {
        const found = await blocks.find({ booking_id: { $in: [...pending.keys()] } }, { projection: { _id: 0, booking_id: 1, created_at: 1, event_occurred_at: 1 } }).toArray();
        const now = performance.now();
        for (const block of found) {
          const entry = pending.get(block.booking_id);
          if (!entry) continue;
          pending.delete(block.booking_id);
          observed.push(now - entry.answeredAt);
          pipeline.push(block.created_at.getTime() - block.event_occurred_at.getTime());
        }
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  })();

  const inFlight: Array<Promise<void>> = [];
  const started = performance.now();
  const total = Math.round(options.rate * options.seconds);
  for (let index = 0; index < total; index += 1) {
    const due = started + (index * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      options.createBooking().then(
        (bookingId) => {
          if (!bookingId) {
            createErrors += 1;
            return;
          }
          created += 1;
          pending.set(bookingId, { answeredAt: performance.now() });
        },
        () => {
          createErrors += 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const drainDeadline = performance.now() + (options.drainTimeoutMs ?? 60_000);
  while (pending.size > 0 && performance.now() < drainDeadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const missing = pending.size;
  pending.clear();
  polling = false;
  await poller;
  return { rate: options.rate, seconds: options.seconds, created, createErrors, visible: observed.length, missing, observed: stats(observed), pipeline: stats(pipeline), pollMs };
}
