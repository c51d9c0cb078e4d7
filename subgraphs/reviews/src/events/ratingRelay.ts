import { randomUUID } from 'node:crypto';
import { createKafkaPublisher, createRelayLoop, listingKey, type Logger, type RatingChangedEvent } from '@kayak/common';
import type { ListingKey, ReviewModel } from '../models.js';
import type { ListingRatingRepository } from '../repositories/listingRatings.js';
import { summarize } from '../services/ratings.js';

/** Where rating events go (Kafka in production; tests may pass a failing sink). */
export interface RatingEventSink {
  send(events: RatingChangedEvent[]): Promise<void>;
  close(): Promise<void>;
}

/** Rating events on `topic` through the platform's Kafka publisher, keyed by listing. */
export function kafkaRatingSink(brokers: string[], topic: string): RatingEventSink {
  const publisher = createKafkaPublisher(brokers, [topic], 'reviews-ratings');
  return {
    send: (events) => publisher.publish(events.map((event) => ({ topic, key: listingKey(event.listingType, event.listingId), value: JSON.stringify(event) }))),
    close: () => publisher.close(),
  };
}

/** What a review write did to its listing's ratings. */
export type RatingChange =
  | { kind: 'added'; review: ReviewModel }
  | { kind: 'rerated'; listing: ListingKey; from: number; to: number }
  | { kind: 'removed'; review: ReviewModel };

export interface RatingRelayOptions {
  ratings: ListingRatingRepository;
  logger: Logger;
  /** No sink: changes are only recorded in the outbox (published by whichever process runs the relay). */
  sink?: RatingEventSink;
  intervalMs?: number;
  maxBackoffMs?: number;
  batchSize?: number;
}

export interface RatingRelay {
  /** Applies a change to the listing's summary and marks it for publication; never throws (the review write already succeeded). */
  record(change: RatingChange): Promise<void>;
  /** Publishes one batch of pending listings; returns how many were published. */
  publishPending(): Promise<number>;
  start(): void;
  close(): Promise<void>;
}

/**
 * Publishes each changed listing's whole rating summary with its outbox version. Failures leave
 * the outbox entries dirty; the loop retries with a growing delay until the sink accepts them.
 */
export function createRatingRelay(options: RatingRelayOptions): RatingRelay {
  const intervalMs = options.intervalMs ?? 2000;
  const batchSize = options.batchSize ?? 100;
  let running: Promise<unknown> = Promise.resolve();

  const publishBatch = async (): Promise<number> => {
    if (!options.sink) return 0;
    // Each summary is read together with its version, so the event of version v is exactly v's summary.
    const pending = await options.ratings.pending(batchSize);
    if (pending.length === 0) return 0;
    const computedAt = new Date().toISOString();
    const events = pending.map((entry): RatingChangedEvent => {
      const summary = summarize(entry.counts);
      return { eventId: randomUUID(), listingType: entry.listingType, listingId: entry.listingId, average: summary.average ?? 0, count: summary.count, version: entry.version, computedAt };
    });
    await options.sink.send(events);
    await options.ratings.markPublished(pending);
    return pending.length;
  };

  // Serialised: two rounds never publish the same versions concurrently.
  const publishPending = (): Promise<number> => {
    const next = running.then(publishBatch);
    running = next.catch(() => undefined);
    return next;
  };

  // The shared relay skeleton: a full batch means more may be waiting (go on at once); after a
  // failure the pause doubles from twice the interval up to maxBackoffMs.
  const loop = createRelayLoop(
    {
      round: async () => (await publishPending()) === batchSize,
      idleMs: intervalMs,
      backoff: { initialMs: intervalMs * 2, maxMs: options.maxBackoffMs ?? 30_000 },
      onFailure(error, _failures, retryInMs) {
        options.logger.warn({ err: error, retryInMs }, 'rating events not published; retrying');
      },
    },
    options.logger,
  );

  return {
    async record(change) {
      const now = new Date();
      try {
        if (change.kind === 'added') await options.ratings.reviewAdded(change.review, now);
        else if (change.kind === 'removed') await options.ratings.reviewRemoved(change.review, now);
        else await options.ratings.reviewRerated(change.listing, change.from, change.to, now);
        loop.notify();
      } catch (error) {
        options.logger.error({ err: error, change }, 'rating change not recorded; the listing summary is stale until rebuildListingRatings runs (docs/ratings.md)');
      }
    },
    publishPending,
    start() {
      if (loop.running || !options.sink) return;
      loop.start();
    },
    async close() {
      await loop.stop();
      await running;
      await options.sink?.close();
    },
  };
}
