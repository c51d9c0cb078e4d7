import { TOPICS } from '@kayak/common';
import type { Logger } from 'pino';
import type { EventPublisher } from '../repositories/event-publisher.js';
import { claimPending, markPublished, recordFailure } from '../repositories/outbox.js';
import { inTransaction, Prisma, type PrismaClient } from '../repositories/prisma.js';
import type { BookingEventType } from './transitions.js';

/** Topic per event type; tests publish to their own topics. */
export type TopicMap = Record<BookingEventType, string>;

export const DEFAULT_TOPICS: TopicMap = {
  [TOPICS.bookingCreated]: TOPICS.bookingCreated,
  [TOPICS.bookingConfirmed]: TOPICS.bookingConfirmed,
  [TOPICS.bookingCancelled]: TOPICS.bookingCancelled,
};

export interface OutboxRelayOptions {
  prisma: PrismaClient;
  publisher: EventPublisher;
  logger: Logger;
  topics?: Partial<TopicMap>;
  batchSize?: number;
  /** How often an idle relay looks for events nobody told it about (e.g. written by another process). */
  pollIntervalMs?: number;
  /** Retry delay after a failure: doubles from initialMs up to maxMs. */
  backoff?: { initialMs?: number; maxMs?: number };
}

export interface OutboxRelay {
  start(): void;
  /** Stops the loop after the batch in progress. */
  stop(): Promise<void>;
  /** Wakes an idle relay: called after a transaction that wrote events committed. */
  notify(): void;
  /** Publishes everything pending, batch by batch; returns how many were sent; throws when sending fails. */
  publishPending(): Promise<number>;
  readonly running: boolean;
  /** Failed attempts since the last success (0 when healthy). */
  readonly failures: number;
}

/** Delay before retry number `failures` (1, 2, …): exponential, capped. */
export function backoffDelay(failures: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, failures - 1));
}

/**
 * The transactional outbox relay. Events leave strictly in the order they were written: a batch
 * is read with row locks, sent, and marked published in one transaction, and a failed send marks
 * nothing, so the same batch is retried first (at least once, never reordered; consumers ignore
 * duplicates by version).
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { prisma, publisher, logger } = options;
  const topics: TopicMap = { ...DEFAULT_TOPICS, ...options.topics };
  const batchSize = options.batchSize ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const initialMs = options.backoff?.initialMs ?? 250;
  // Capped low: once a broker is back, events must leave within seconds (the availability cache
  // converges within 30 s of Kafka's return, docs/performance.md); a retry costs one cheap query.
  const maxMs = options.backoff?.maxMs ?? 5_000;

  let running = false;
  let failures = 0;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let notified = false;

  const topicByType = new Map<string, string>(Object.entries(topics));
  const topicOf = (type: string): string => topicByType.get(type) ?? type;

  async function publishBatch(): Promise<number> {
    // Cheap look first, so an idle relay does not open a transaction every poll.
    const head = await prisma.outboxEvent.findFirst({ where: { publishedAt: null }, select: { id: true } });
    if (!head) return 0;
    return inTransaction(
      prisma,
      async (tx) => {
        const events = await claimPending(tx, batchSize);
        await publisher.publish(events.map((event) => ({ topic: topicOf(event.type), key: event.key, value: event.payload, headers: { 'event-type': event.type } })));
        await markPublished(tx, events.map((event) => event.id));
        return events.length;
      },
      // Read committed: the locking read takes no gap locks, so bookings can append events meanwhile.
      { isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted, timeoutMs: 60_000, attempts: 1 },
    );
  }

  async function publishPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await publishBatch();
      total += sent;
      if (sent < batchSize) return total;
    }
  }

  function sleep(ms: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      // A backoff sleep only ends early on stop(); an idle one also when notified.
      wake = wakeable ? done : () => (running ? undefined : done());
    });
  }

  async function run(): Promise<void> {
    while (running) {
      notified = false;
      try {
        const sent = await publishPending();
        if (failures > 0) logger.info({ sent, after: failures }, 'outbox relay recovered');
        failures = 0;
      } catch (error) {
        failures += 1;
        const delay = backoffDelay(failures, initialMs, maxMs);
        logger.warn({ err: error, failures, retryInMs: delay }, 'outbox relay could not publish; retrying');
        await recordFailure(prisma, error instanceof Error ? error.message : String(error)).catch(() => undefined);
        if (running) await sleep(delay, false);
        continue;
      }
      if (running && !notified) await sleep(pollIntervalMs, true);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = null;
    },
    notify() {
      notified = true;
      wake?.();
    },
    publishPending,
    get running() {
      return running;
    },
    get failures() {
      return failures;
    },
  };
}
