import type { Logger } from '@kayak/common';
import { MongoBulkWriteError } from 'mongodb';
import type { ListingClickDocument, PageClickDocument, TraceDocument } from '../repositories/documents.js';
import type { ActivityRepository } from '../repositories/activity.js';

/** The writes the buffer needs (the repository in production, a fake in unit tests). */
export type ActivityWriter = Pick<ActivityRepository, 'insertPageClicks' | 'insertListingClicks' | 'insertTraces'>;

export interface ActivityBufferOptions {
  /** A queue this long is written at once instead of waiting for the timer. */
  maxBatch?: number;
  /** Beyond this many buffered documents new ones are dropped (logged): logging never blocks. */
  maxBuffered?: number;
  flushIntervalMs?: number;
}

interface Queue<T> {
  name: string;
  items: T[];
  write(items: T[]): Promise<void>;
}

/**
 * Keeps tracking mutations cheap: documents wait in memory and are written with one `insertMany`
 * per collection per flush (every interval, when a queue is full, and on close). A failed write
 * puts the batch back (at-least-once) unless the server rejected individual documents, which are
 * dropped because retrying cannot fix them.
 */
export function createActivityBuffer(repository: ActivityWriter, logger: Logger, options: ActivityBufferOptions = {}) {
  const maxBatch = options.maxBatch ?? 500;
  const maxBuffered = options.maxBuffered ?? 10_000;
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const pageClicks: Queue<PageClickDocument> = { name: 'page_click_logs', items: [], write: (items) => repository.insertPageClicks(items) };
  const listingClicks: Queue<ListingClickDocument> = { name: 'listing_click_logs', items: [], write: (items) => repository.insertListingClicks(items) };
  const traces: Queue<TraceDocument> = { name: 'user_traces', items: [], write: (items) => repository.insertTraces(items) };
  const queues = [pageClicks, listingClicks, traces] as const;
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();
  let dropped = 0;

  const buffered = (): number => queues.reduce((total, queue) => total + queue.items.length, 0);

  const writeQueue = async <T>(queue: Queue<T>): Promise<void> => {
    const batch = queue.items.splice(0, queue.items.length);
    if (batch.length === 0) return;
    try {
      await queue.write(batch);
    } catch (error) {
      if (error instanceof MongoBulkWriteError) {
        logger.warn({ err: error, collection: queue.name, rejected: batch.length - error.insertedCount }, 'activity documents rejected by the server; dropped');
        return;
      }
      const room = Math.max(0, maxBuffered - buffered());
      queue.items.unshift(...batch.slice(batch.length - room));
      dropped += Math.max(0, batch.length - room);
      logger.warn({ err: error, collection: queue.name, requeued: Math.min(room, batch.length) }, 'activity write failed; retrying at the next flush');
    }
  };

  /** Writes everything buffered so far; never rejects (failures are logged and requeued). */
  const flush = (): Promise<void> => {
    flushing = flushing.then(async () => {
      await writeQueue(pageClicks);
      await writeQueue(listingClicks);
      await writeQueue(traces);
    });
    return flushing;
  };

  const add = <T>(queue: Queue<T>, item: T): boolean => {
    if (buffered() >= maxBuffered) {
      dropped += 1;
      if (dropped % 1000 === 1) logger.warn({ dropped }, 'activity buffer full; dropping events');
      return false;
    }
    queue.items.push(item);
    if (queue.items.length >= maxBatch) void flush();
    return true;
  };

  return {
    pageClick: (doc: PageClickDocument): boolean => add(pageClicks, doc),
    listingClick: (doc: ListingClickDocument): boolean => add(listingClicks, doc),
    trace: (doc: TraceDocument): boolean => add(traces, doc),
    buffered,
    dropped: (): number => dropped,
    flush,
    start(): void {
      if (timer) return;
      timer = setInterval(() => void flush(), flushIntervalMs);
      timer.unref(); // the buffer must never keep the process alive; close() flushes
    },
    async close(): Promise<void> {
      clearInterval(timer);
      timer = undefined;
      await flush();
      if (buffered() > 0) logger.error({ lost: buffered() }, 'activity documents could not be written before shutdown');
    },
  };
}

export type ActivityBuffer = ReturnType<typeof createActivityBuffer>;
