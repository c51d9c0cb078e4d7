import { BOOKING_TOPICS, MalformedEventError, TOPICS, type BookingEvent } from '@kayak/common';
import type { Admin, Consumer, EachMessagePayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Logger } from '@kayak/common';
import type { AvailabilityBlockRepository } from '../repositories/availabilityBlocks.js';
import type { SearchCache } from '../repositories/searchCache.js';
import { applyBookingEvent, readBookingEvent, type EventOutcome } from '../services/bookingEvents.js';
import { consumerLag } from './lag.js';

export interface AvailabilityConsumerSettings {
  /** The consumer group: its committed offsets are how far the cache is built. */
  groupId: string;
  topics: string[];
  deadLetterTopic: string;
}

export const DEFAULT_CONSUMER_SETTINGS: AvailabilityConsumerSettings = {
  groupId: 'listings-availability',
  topics: BOOKING_TOPICS,
  deadLetterTopic: TOPICS.deadLetter,
};

export interface ConsumerHealth {
  groupId: string;
  topics: string[];
  running: boolean;
  lag: number | null;
  lastEventAt: Date | null;
  lastEventOccurredAt: Date | null;
  processed: number;
  applied: number;
  ignored: number;
  deadLettered: number;
  lastError: string | null;
}

export interface MessagePosition {
  topic: string;
  partition: number;
  offset: string;
}

export interface AvailabilityConsumerDependencies {
  kafka: Kafka;
  admin: Admin;
  blocks: AvailabilityBlockRepository;
  cache: SearchCache;
  logger: Logger;
  settings: AvailabilityConsumerSettings;
  /** Fault injection for tests: runs after a message's write, before its offset is committed. */
  beforeCommit?: (position: MessagePosition) => Promise<void>;
}

type Outcome = EventOutcome | 'dead-lettered';

const JOIN_TIMEOUT_MS = 60_000;

/** Headers of a dead-lettered message: the original ones plus where it came from and why. */
function deadLetterHeaders(message: KafkaMessage, position: MessagePosition, groupId: string, reason: string): IHeaders {
  return {
    ...message.headers,
    'dlq-reason': reason,
    'dlq-original-topic': position.topic,
    'dlq-original-partition': String(position.partition),
    'dlq-original-offset': position.offset,
    'dlq-consumer-group': groupId,
    'dlq-failed-at': new Date().toISOString(),
  };
}

/**
 * Feeds availability_blocks from the booking topics (its own consumer group). Offsets are
 * committed one message at a time and only after the block write (or the dead-letter send)
 * succeeded, so a crash or restart re-delivers at most the message in flight, which the
 * version check then ignores: nothing is lost and nothing is applied twice. A failing write
 * throws, and kafkajs retries the same message (restarting the consumer if needed).
 */
export class AvailabilityConsumer {
  private consumer: Consumer | null = null;
  private producer: Producer | null = null;
  private crashed = false;
  private readonly counts = { processed: 0, applied: 0, ignored: 0, deadLettered: 0 };
  private lastEventAt: Date | null = null;
  private lastEventOccurredAt: Date | null = null;
  private lastError: string | null = null;

  constructor(private readonly deps: AvailabilityConsumerDependencies) {}

  get settings(): AvailabilityConsumerSettings {
    return this.deps.settings;
  }

  /** Whether start() was called (and stop() not since): the consumer is part of this process's health. */
  get started(): boolean {
    return this.consumer !== null;
  }

  /** Connects, subscribes (from the beginning for a new group) and resolves once the group is joined. */
  async start(): Promise<void> {
    if (this.consumer) return;
    const { kafka, settings } = this.deps;
    const consumer = kafka.consumer({ groupId: settings.groupId });
    const producer = kafka.producer();
    this.consumer = consumer;
    this.producer = producer;
    this.crashed = false;
    try {
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({ topics: settings.topics, fromBeginning: true });
      const joined = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`consumer group ${settings.groupId} not joined within ${JOIN_TIMEOUT_MS} ms`)), JOIN_TIMEOUT_MS);
        const stopListening = consumer.on(consumer.events.GROUP_JOIN, () => {
          clearTimeout(timer);
          stopListening();
          resolve();
        });
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        this.lastError = payload.error.message;
        if (!payload.restart) this.crashed = true;
        this.deps.logger.error({ err: payload.error, restart: payload.restart }, 'availability consumer crashed');
      });
      await consumer.run({ autoCommit: false, eachMessage: (payload) => this.handle(consumer, producer, payload) });
      await joined;
      this.deps.logger.info({ groupId: settings.groupId, topics: settings.topics }, 'availability consumer started');
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Finishes the message in flight, then leaves the group. */
  async stop(): Promise<void> {
    const { consumer, producer } = this;
    this.consumer = null;
    this.producer = null;
    await consumer?.disconnect();
    await producer?.disconnect();
  }

  async health(): Promise<ConsumerHealth> {
    const { groupId, topics } = this.deps.settings;
    return {
      groupId,
      topics,
      running: this.started && !this.crashed,
      lag: await consumerLag(this.deps.admin, groupId, topics),
      lastEventAt: this.lastEventAt,
      lastEventOccurredAt: this.lastEventOccurredAt,
      ...this.counts,
      lastError: this.lastError,
    };
  }

  private async handle(consumer: Consumer, producer: Producer, { topic, partition, message }: EachMessagePayload): Promise<void> {
    const position = { topic, partition, offset: message.offset };
    try {
      const { outcome, event } = await this.process(producer, position, message);
      await this.deps.beforeCommit?.(position);
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      this.record(outcome, event);
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.deps.logger.warn({ err: error, ...position }, 'availability event failed; it will be retried');
      throw error;
    }
  }

  private async process(producer: Producer, position: MessagePosition, message: KafkaMessage): Promise<{ outcome: Outcome; event?: BookingEvent }> {
    let event: BookingEvent;
    try {
      event = readBookingEvent(message.value);
    } catch (error) {
      if (!(error instanceof MalformedEventError)) throw error;
      const { groupId, deadLetterTopic } = this.deps.settings;
      await producer.send({ topic: deadLetterTopic, messages: [{ key: message.key, value: message.value, headers: deadLetterHeaders(message, position, groupId, error.message) }] });
      this.deps.logger.warn({ ...position, reason: error.message }, 'malformed booking event sent to the dead-letter topic');
      return { outcome: 'dead-lettered' };
    }
    const outcome = await applyBookingEvent(this.deps.blocks, event);
    if (outcome === 'applied') await this.deps.cache.invalidateAvailability(event.listingType);
    return { outcome, event };
  }

  private record(outcome: Outcome, event: BookingEvent | undefined): void {
    this.counts.processed += 1;
    if (outcome === 'applied') this.counts.applied += 1;
    else if (outcome === 'dead-lettered') this.counts.deadLettered += 1;
    else this.counts.ignored += 1;
    this.lastEventAt = new Date();
    if (event) this.lastEventOccurredAt = new Date(event.occurredAt);
    this.lastError = null;
  }
}
