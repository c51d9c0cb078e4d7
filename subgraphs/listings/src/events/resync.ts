import { randomBytes } from 'node:crypto';
import { LISTING_TYPES, MalformedEventError } from '@kayak/common';
import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from '@kayak/common';
import type { AvailabilityBlockRepository } from '../repositories/availabilityBlocks.js';
import type { SearchCache } from '../repositories/searchCache.js';
import { applyBookingEvent, readBookingEvent } from '../services/bookingEvents.js';

export interface ResyncOptions {
  kafka: Kafka;
  admin: Admin;
  blocks: AvailabilityBlockRepository;
  cache: SearchCache;
  logger: Logger;
  topics: string[];
  /** A fresh group by default, so the replay starts at the beginning of every partition. */
  groupId?: string;
  timeoutMs?: number;
}

export interface ResyncReport {
  groupId: string;
  /** Messages replayed (up to the end offsets seen when the resync started). */
  events: number;
  applied: number;
  unchanged: number;
  /** Poison messages skipped (the live consumer already dead-lettered them). */
  malformed: number;
  /** Blocks no replayed event backs any more, deleted at the end. */
  removed: number;
}

const partitionKey = (topic: string, partition: number): string => `${topic}/${partition}`;

/** End offsets (exclusive) of every non-empty partition now: what the replay must reach. */
async function snapshotEnds(admin: Admin, topics: string[]): Promise<Map<string, bigint>> {
  const ends = new Map<string, bigint>();
  for (const topic of topics) {
    for (const partition of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(partition.high) > BigInt(partition.low)) ends.set(partitionKey(topic, partition.partition), BigInt(partition.high));
    }
  }
  return ends;
}

/**
 * Rebuilds availability_blocks from the booking topics: replays them from the beginning with a
 * fresh consumer group up to the end offsets seen at the start, applying each event with the
 * same version rules as the live consumer (which may keep running meanwhile), then deletes the
 * blocks no replayed or newer event confirmed. Correct as long as the topics keep every event
 * (retention), which is what makes the topic a source the cache can be rebuilt from.
 */
export async function resyncAvailability(options: ResyncOptions): Promise<ResyncReport> {
  const { kafka, admin, blocks, cache, logger, topics } = options;
  const groupId = options.groupId ?? `listings-resync-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const startedAt = new Date();
  const report: ResyncReport = { groupId, events: 0, applied: 0, unchanged: 0, malformed: 0, removed: 0 };
  await admin.connect();
  const ends = await snapshotEnds(admin, topics);

  if (ends.size > 0) {
    const consumer = kafka.consumer({ groupId });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const pending = new Set(ends.keys());
        const timer = setTimeout(() => reject(new Error(`resync did not reach the end offsets within ${options.timeoutMs ?? 300_000} ms`)), options.timeoutMs ?? 300_000);
        const reached = (key: string): void => {
          pending.delete(key);
          if (pending.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        };
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ topic, partition, message }) => {
              const key = partitionKey(topic, partition);
              const end = ends.get(key);
              // Beyond the snapshot: the live consumer applies those.
              if (end === undefined || BigInt(message.offset) >= end) return reached(key);
              report.events += 1;
              try {
                const outcome = await applyBookingEvent(blocks, readBookingEvent(message.value), { now: new Date(), rebuild: true });
                if (outcome === 'applied') report.applied += 1;
                else report.unchanged += 1;
              } catch (error) {
                if (!(error instanceof MalformedEventError)) throw error;
                report.malformed += 1;
              }
              if (BigInt(message.offset) + 1n >= end) reached(key);
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch((error: unknown) => logger.warn({ err: error, groupId }, 'could not delete the resync consumer group'));
    }
  }

  // Blocks written by the live consumer during the replay are newer than startedAt and stay.
  report.removed = await blocks.deleteNotSyncedSince(startedAt);
  for (const type of LISTING_TYPES) await cache.invalidateAvailability(type);
  logger.info(report, 'availability cache resynchronised from the booking topics');
  return report;
}
