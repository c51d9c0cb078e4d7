import { randomUUID } from 'node:crypto';
import { TOPICS, type BookingDomainEvent, type BookingStatus } from '@kayak/common';
import { bookingEventMessage } from '@kayak/common/testing';
import { uniqueName } from '@kayak/common/testing';
import type { Db } from 'mongodb';
import { ALICE, BOB, type Supergraph, type UserViewer } from '../../abuse/support/supergraph.js';

/** Booking load and the bookings ↔ availability-blocks comparison shared by the event fault tests. */

export interface BookingTopics {
  'booking.created': string;
  'booking.confirmed': string;
  'booking.cancelled': string;
}

/** Topics of one test run: a new name each run, so an older run's events are never replayed. */
export function runTopics(prefix: string): { topics: BookingTopics; deadLetter: string; group: string } {
  const base = uniqueName(prefix);
  return {
    topics: { 'booking.created': `${base}.booking.created`, 'booking.confirmed': `${base}.booking.confirmed`, 'booking.cancelled': `${base}.booking.cancelled` },
    deadLetter: `${base}.booking.dlq`,
    group: `${base}-availability`,
  };
}

const CREATE = 'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { bookingId } }';
const PAY = 'mutation ($id: ID!, $key: String!) { payBooking(bookingId: $id, paymentMethod: { type: paypal }, idempotencyKey: $key) { booking { bookingStatus } } }';
const CANCEL = 'mutation ($id: ID!) { cancelBooking(bookingId: $id) { bookingStatus } }';
const HOTELS = ['HTL005', 'HTL006', 'HTL007', 'HTL008'];

export interface BookingLoad {
  /** Stops starting new bookings and waits for the ones in flight. */
  stop(): Promise<{ created: string[]; failures: string[] }>;
  readonly created: number;
}

/**
 * A steady stream of bookings through the gateway, one lifecycle every `intervalMs`: created,
 * every second one paid, every sixth one paid and then cancelled, so blocks go through versions
 * 1, 2 and 3 and events of one listing interleave on all three topics.
 */
export function startBookingLoad(sg: Supergraph, intervalMs: number): BookingLoad {
  const created: string[] = [];
  const failures: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let index = 0;

  const run = async (n: number): Promise<void> => {
    const viewer: UserViewer = n % 2 === 0 ? ALICE : BOB;
    const start = new Date(Date.now() + (20 + (n % 200)) * 86_400_000);
    const response = await sg.post({
      query: CREATE,
      variables: { input: { listingType: 'Hotel', listingId: HOTELS[n % HOTELS.length], startDate: start.toISOString(), endDate: new Date(start.getTime() + 2 * 86_400_000).toISOString(), quantity: 1 } },
      viewer,
    });
    const bookingId = (response.body?.data as { createBooking?: { bookingId: string } } | null)?.createBooking?.bookingId;
    if (!bookingId) {
      failures.push(`create ${n}: ${response.text.slice(0, 300)}`);
      return;
    }
    created.push(bookingId);
    if (n % 2 === 0 || n % 6 === 1) {
      const paid = await sg.post({ query: PAY, variables: { id: bookingId, key: `load-${bookingId}` }, viewer });
      if (paid.body?.errors) failures.push(`pay ${bookingId}: ${paid.text.slice(0, 300)}`);
      else if (n % 6 === 1) {
        const cancelled = await sg.post({ query: CANCEL, variables: { id: bookingId }, viewer });
        if (cancelled.body?.errors) failures.push(`cancel ${bookingId}: ${cancelled.text.slice(0, 300)}`);
      }
    }
  };

  const timer = setInterval(() => {
    const task = run(index).catch((error: unknown) => {
      failures.push(String(error));
    });
    index += 1;
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  }, intervalMs);

  return {
    get created() {
      return created.length;
    },
    async stop() {
      clearInterval(timer);
      await Promise.all([...inFlight]);
      return { created, failures };
    },
  };
}

export interface Consistency {
  bookings: number;
  blocks: number;
  /** Bookings without a block, or whose block is not at the booking's version and status. */
  mismatched: string[];
  /** Blocks of no booking of this database (or more than one per booking). */
  extra: number;
}

/** Compares every booking in MySQL with its availability block in Mongo. */
export async function compareBlocks(sg: Supergraph, db: Db): Promise<Consistency> {
  const bookings = await sg.sql<{ booking_id: string; version: number; booking_status: string }>('SELECT booking_id, version, booking_status FROM bookings');
  const blocks = await db
    .collection<{ booking_id: string; version: number; booking_status: string }>('availability_blocks')
    .find({}, { projection: { _id: 0, booking_id: 1, version: 1, booking_status: 1 } })
    .toArray();
  const byBooking = new Map<string, Array<{ version: number; booking_status: string }>>();
  for (const block of blocks) byBooking.set(block.booking_id, [...(byBooking.get(block.booking_id) ?? []), block]);
  const mismatched = bookings
    .filter((booking) => {
      const found = byBooking.get(booking.booking_id) ?? [];
      return found.length !== 1 || found[0]?.version !== booking.version || found[0]?.booking_status !== booking.booking_status;
    })
    .map((booking) => booking.booking_id);
  const known = new Set(bookings.map((booking) => booking.booking_id));
  const extra = blocks.filter((block) => !known.has(block.booking_id)).length + [...byBooking.values()].filter((list) => list.length > 1).length;
  return { bookings: bookings.length, blocks: blocks.length, mismatched, extra };
}

/**
 * The events of `count` booking lifecycles on four hotels (`<listingPrefix>0`–`3`): created; two in
 * three confirmed; one in three of those cancelled. One array of events (the common envelope) per
 * booking, in revision order; `finalState` receives each booking's last revision and status.
 */
export function bookingLifecycles(
  count: number,
  ids: { bookingPrefix: string; listingPrefix: string },
  finalState: Map<string, { version: number; status: BookingStatus }>,
): BookingDomainEvent[][] {
  return Array.from({ length: count }, (_, n) => {
    const bookingId = `${ids.bookingPrefix}${String(n).padStart(4, '0')}${randomUUID().slice(0, 6)}`;
    const start = new Date(Date.now() + (10 + n) * 86_400_000);
    const base = {
      bookingId,
      listingType: 'Hotel' as const,
      listingId: `${ids.listingPrefix}${n % 4}`,
      userId: '123-45-6789',
      startDate: start.toISOString(),
      endDate: new Date(start.getTime() + 2 * 86_400_000).toISOString(),
      quantity: 1,
    };
    const steps: Array<[BookingDomainEvent['type'], BookingStatus]> = [[TOPICS.bookingCreated, 'Pending']];
    if (n % 3 !== 0) steps.push([TOPICS.bookingConfirmed, 'Confirmed']);
    if (n % 3 === 2) steps.push([TOPICS.bookingCancelled, 'Cancelled']);
    finalState.set(bookingId, { version: steps.length, status: steps.at(-1)?.[1] ?? 'Pending' });
    return steps.map(([type, status], index): BookingDomainEvent => bookingEventMessage(type, { ...base, id: randomUUID(), status, revision: index + 1 }));
  });
}
