import {
  contextFromTraceparent,
  createRelayLoop,
  failSpan,
  SpanKind,
  TOPICS,
  tracer,
  traceparentOf,
  EVENT_TYPES,
  type BookingEventType,
  type TripEventType,
  type EventPublisher,
  type Logger,
  type OutgoingMessage,
  type RelayLoop,
} from '@kayak/common';
import { claimPending, markPublished, recordFailure, type PendingEvent } from '../repositories/outbox.js';
import { inTransaction, Prisma, type PrismaClient } from '../repositories/prisma.js';

/** Topic per event type; tests publish to their own topics. */
export type TopicMap = Record<BookingEventType | TripEventType, string>;

export const DEFAULT_TOPICS: TopicMap = {
  [TOPICS.bookingCreated]: TOPICS.bookingCreated,
  [TOPICS.bookingConfirmed]: TOPICS.bookingConfirmed,
  [TOPICS.bookingCancelled]: TOPICS.bookingCancelled,
  [EVENT_TYPES.tripCreated]: EVENT_TYPES.tripCreated,
  [EVENT_TYPES.tripConfirmed]: EVENT_TYPES.tripConfirmed,
  [EVENT_TYPES.tripCancelled]: EVENT_TYPES.tripCancelled,
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

export interface OutboxRelay extends RelayLoop {
  /** Publishes everything pending, batch by batch; returns how many were sent; throws when sending fails. */
  publishPending(): Promise<number>;
}

/**
 * The transactional outbox relay. Events leave strictly in the order they were written: a batch
 * is read with row locks, sent, and marked published in one transaction, and a failed send marks
 * nothing, so the same batch is retried first (at least once, never reordered; consumers ignore
 * duplicates by version). The loop (idle polling, wake-up on notify, backoff) is the shared relay
 * skeleton of packages/common.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { prisma, publisher, logger } = options;
  const topics: TopicMap = { ...DEFAULT_TOPICS, ...options.topics };
  const batchSize = options.batchSize ?? 100;

  const topicByType = new Map<string, string>(Object.entries(topics));
  const topicOf = (type: string): string => topicByType.get(type) ?? type;
  const spans = tracer('@kayak/bookings');

  /**
   * The message of an event, sent under a PRODUCER span that continues the trace of the request
   * that wrote it (the stored traceparent); the span's own context travels in the message headers.
   */
  function outgoing(event: PendingEvent) {
    const topic = topicOf(event.type);
    const span = spans.startSpan(
      `${topic} publish`,
      { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.operation.type': 'send', 'messaging.kafka.message.key': event.key } },
      contextFromTraceparent(event.traceparent),
    );
    const traceparent = traceparentOf(span);
    const message: OutgoingMessage = { topic, key: event.key, value: event.payload, headers: { 'event-type': event.type, ...(traceparent ? { traceparent } : {}) } };
    return { span, message };
  }

  async function publishBatch(): Promise<number> {
    // Cheap look first, so an idle relay does not open a transaction every poll.
    const head = await prisma.outboxEvent.findFirst({ where: { publishedAt: null }, select: { id: true } });
    if (!head) return 0;
    return inTransaction(
      prisma,
      async (tx) => {
        const events = await claimPending(tx, batchSize);
        const sends = events.map(outgoing);
        try {
          await publisher.publish(sends.map(({ message }) => message));
        } catch (error) {
          for (const { span } of sends) failSpan(span, error);
          throw error;
        } finally {
          for (const { span } of sends) span.end();
        }
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

  let lastSent = 0;
  const loop = createRelayLoop(
    {
      async round() {
        lastSent = await publishPending();
        return false;
      },
      idleMs: options.pollIntervalMs ?? 1000,
      // Capped low: once a broker is back, events must leave within seconds (the availability cache
      // converges within 30 s of Kafka's return, docs/performance.md); a retry costs one cheap query.
      backoff: { initialMs: options.backoff?.initialMs ?? 250, maxMs: options.backoff?.maxMs ?? 5_000 },
      async onFailure(error, failures, retryInMs) {
        logger.warn({ err: error, failures, retryInMs }, 'outbox relay could not publish; retrying');
        await recordFailure(prisma, error instanceof Error ? error.message : String(error)).catch(() => undefined);
      },
      onRecovery(failures) {
        logger.info({ sent: lastSent, after: failures }, 'outbox relay recovered');
      },
    },
    logger,
  );

  return {
    start: () => loop.start(),
    stop: () => loop.stop(),
    notify: () => loop.notify(),
    publishPending,
    get running() {
      return loop.running;
    },
    get failures() {
      return loop.failures;
    },
  };
}
