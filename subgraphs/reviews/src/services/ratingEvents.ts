import { randomUUID } from 'node:crypto';
import { createKafka, ensureTopics, listingKey, type Logger, type RatingChangedEvent } from '@kayak/common';
import type { Producer } from 'kafkajs';
import type { ListingKey, ReviewModel } from '../models.js';
import type { ListingRatingRepository } from '../repositories/listingRatings.js';
import { summarize } from './ratings.js';

/** Where rating events go (Kafka in production; tests may pass a failing sink). */
export interface RatingEventSink {
  send(events: RatingChangedEvent[]): Promise<void>;
  close(): Promise<void>;
}

export function kafkaRatingSink(brokers: string[], topic: string): RatingEventSink {
  const kafka = createKafka(brokers, 'reviews-ratings');
  let producer: Producer | undefined;
  const connected = async (): Promise<Producer> => {
    if (producer) return producer;
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [topic]);
    } finally {
      await admin.disconnect();
    }
    const created = kafka.producer({ allowAutoTopicCreation: false });
    await created.connect();
    producer = created;
    return created;
  };
  return {
    async send(events) {
      const target = await connected();
      await target.send({
        topic,
        acks: -1,
        messages: events.map((event) => ({ key: listingKey(event.listingType, event.listingId), value: JSON.stringify(event) })),
      });
    },
    async close() {
      await producer?.disconnect();
      producer = undefined;
    },
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
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const batchSize = options.batchSize ?? 100;
  let timer: NodeJS.Timeout | undefined;
  let started = false;
  let delay = intervalMs;
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

  const schedule = (ms: number): void => {
    if (!started) return;
    clearTimeout(timer);
    timer = setTimeout(loop, ms);
    timer.unref();
  };

  const loop = (): void => {
    publishPending().then(
      (published) => {
        delay = intervalMs;
        // A full batch means more may be waiting: go on at once.
        schedule(published === batchSize ? 0 : intervalMs);
      },
      (error: unknown) => {
        delay = Math.min(delay * 2, maxBackoffMs);
        options.logger.warn({ err: error, retryInMs: delay }, 'rating events not published; retrying');
        schedule(delay);
      },
    );
  };

  return {
    async record(change) {
      const now = new Date();
      try {
        if (change.kind === 'added') await options.ratings.reviewAdded(change.review, now);
        else if (change.kind === 'removed') await options.ratings.reviewRemoved(change.review, now);
        else await options.ratings.reviewRerated(change.listing, change.from, change.to, now);
        if (started && delay === intervalMs) schedule(0);
      } catch (error) {
        options.logger.error({ err: error, change }, 'rating change not recorded; the listing summary is stale until rebuildListingRatings runs (docs/ratings.md)');
      }
    },
    publishPending,
    start() {
      if (started || !options.sink) return;
      started = true;
      schedule(0);
    },
    async close() {
      started = false;
      clearTimeout(timer);
      await running;
      await options.sink?.close();
    },
  };
}
