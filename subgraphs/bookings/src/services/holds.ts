import { createRelayLoop, type Logger } from '@kayak/common';
import { openAttemptsOf, openAttemptsOfTrips, staleAttempts } from '../repositories/billings.js';
import { claimExpiredHolds, updateBookingStatus } from '../repositories/bookings.js';
import type { BookingCache } from '../repositories/cache.js';
import { inTransaction, Prisma, type PrismaClient } from '../repositories/prisma.js';
import type { Actor } from './access.js';
import type { PaymentProvider } from './paymentProvider.js';
import { closeUncharged, recordStatusChange, settleAttempt } from './paymentSettlement.js';
import { settleTripAttempt } from './trips.js';

/** Written in the audit trail of every booking the sweeper expires. */
export const HOLD_EXPIRED_REASON = 'hold expired';
const SYSTEM: Actor = { kind: 'System', id: null };

export interface HoldSweeperOptions {
  prisma: PrismaClient;
  payments: PaymentProvider;
  cache: BookingCache;
  logger: Logger;
  /** Wakes the outbox relay after expiries were committed. */
  notifyOutbox(): void;
  /** BOOKING_HOLD_MINUTES, in ms. */
  holdMs: number;
  now?: () => Date;
  /** Pause between sweeps of the loop (default 15 s). */
  intervalMs?: number;
  batchSize?: number;
  /**
   * How old an unsettled payment attempt must be before the sweeper settles it itself: longer than
   * any request waits for the provider, so it never races the request that made the attempt.
   */
  attemptGraceMs?: number;
  /** Told about every sweep, successful or not (the process's metrics). */
  observer?: SweepObserver;
}

export interface SweepObserver {
  swept(result: SweepResult, at: Date): void;
  failed(): void;
}

export interface SweepResult {
  /** Bookings moved from Pending to Expired by this sweep. */
  expired: number;
  /** Abandoned payment attempts settled (confirmed, failed or refunded) by this sweep. */
  settled: number;
}

export interface HoldSweeper {
  sweepOnce(): Promise<SweepResult>;
  start(): void;
  /** Stops the loop after the sweep in progress. */
  stop(): Promise<void>;
}

/**
 * Ends unpaid holds inside the bookings process. Each sweep first settles payment attempts nobody
 * finished (the provider is asked by idempotency key), then expires the Pending bookings whose
 * hold ran out: claimed with FOR UPDATE SKIP LOCKED, so several bookings processes sweep at once
 * and each booking is expired by exactly one of them, with one booking.cancelled event (status
 * Expired) in the outbox. A booking with a payment under way is left alone: payBooking records its
 * attempt under the same row lock, so a payment made before the deadline always completes.
 */
export function createHoldSweeper(options: HoldSweeperOptions): HoldSweeper {
  const { prisma, cache, logger, holdMs } = options;
  const now = options.now ?? (() => new Date());
  const intervalMs = options.intervalMs ?? 15_000;
  const batchSize = options.batchSize ?? 100;
  const attemptGraceMs = options.attemptGraceMs ?? 5 * 60_000;

  async function settleAbandonedAttempts(at: Date): Promise<number> {
    let settled = 0;
    for (const attempt of await staleAttempts(prisma, new Date(at.getTime() - attemptGraceMs), batchSize)) {
      if (!attempt.idempotencyKey) continue;
      try {
        const answer = await options.payments.lookup(attempt.idempotencyKey);
        const { tripId } = attempt;
        // A trip's one attempt settles every item of the trip (docs/trips.md).
        const result = !answer ? await closeUncharged(options, attempt) : tripId ? await settleTripAttempt(options, tripId, attempt, answer, SYSTEM, at) : await settleAttempt(options, attempt, answer, SYSTEM, at);
        if (!result || result.replayed) continue;
        settled += 1;
        options.notifyOutbox();
        await cache.invalidate({ bookingIds: [attempt.bookingId], billingIds: [attempt.billingId] });
      } catch (error) {
        logger.warn({ err: error, billingId: attempt.billingId }, 'could not settle an abandoned payment attempt; the next sweep retries');
      }
    }
    return settled;
  }

  async function expireHolds(at: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await inTransaction(
        prisma,
        async (tx) => {
          const claimed = await claimExpiredHolds(tx, at, holdMs, batchSize);
          const paying = new Set((await openAttemptsOf(tx, claimed.map((booking) => booking.bookingId))).map((attempt) => attempt.bookingId));
          // A trip's attempt names its first item only; every item of a trip being paid stays held.
          const tripIds = [...new Set(claimed.flatMap((booking) => (booking.tripId ? [booking.tripId] : [])))];
          const payingTrips = new Set((await openAttemptsOfTrips(tx, tripIds)).map((attempt) => attempt.tripId));
          const expired: string[] = [];
          for (const booking of claimed) {
            if (paying.has(booking.bookingId) || (booking.tripId && payingTrips.has(booking.tripId))) continue;
            const updated = await updateBookingStatus(tx, booking, 'Expired');
            await recordStatusChange(tx, SYSTEM, booking.bookingStatus, updated, at, HOLD_EXPIRED_REASON);
            expired.push(updated.bookingId);
          }
          return { claimed: claimed.length, expired };
        },
        // Read committed: the locking scan takes no gap locks, so bookings keep being created meanwhile.
        { isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted },
      );
      if (batch.expired.length > 0) {
        options.notifyOutbox();
        await cache.invalidate({ bookingIds: batch.expired });
      }
      total += batch.expired.length;
      if (batch.claimed < batchSize || batch.expired.length === 0) return total;
    }
  }

  async function sweep(): Promise<SweepResult> {
    const at = now();
    const settled = await settleAbandonedAttempts(at);
    const expired = await expireHolds(at);
    if (expired > 0 || settled > 0) logger.info({ expired, settled }, 'hold sweep');
    return { expired, settled };
  }

  async function sweepOnce(): Promise<SweepResult> {
    try {
      const result = await sweep();
      // The wall clock, not the sweeper's (tests move that one): when it last succeeded, for alerts.
      options.observer?.swept(result, new Date());
      return result;
    } catch (error) {
      options.observer?.failed();
      throw error;
    }
  }

  // The shared relay skeleton, at a steady pace: a failed sweep waits the same interval.
  const loop = createRelayLoop(
    {
      async round() {
        await sweepOnce();
        return false;
      },
      idleMs: intervalMs,
      backoff: { initialMs: intervalMs, maxMs: intervalMs },
      onFailure(error) {
        logger.warn({ err: error }, 'hold sweep failed; retrying after the interval');
      },
    },
    logger,
  );

  return {
    sweepOnce,
    start: () => loop.start(),
    stop: () => loop.stop(),
  };
}
