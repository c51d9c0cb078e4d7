import { MalformedEventError, type Logger } from '@kayak/common';
import type { Admin, Consumer, EachMessagePayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { consumerLag } from './lag.js';

/** What an applied, redelivered or outdated event did. */
export type EventOutcome = 'applied' | 'duplicate' | 'stale';

/** How one kind of event is read and applied; `apply` must be idempotent. */
export interface EventHandler<E> {
  /** Throws MalformedEventError (the dead-letter reason) for a poison message. */
  parse(value: Buffer | null): E;
  apply(event: E): Promise<EventOutcome>;
  occurredAt(event: E): Date;
}

export interface ConsumerSettings {
  /** The consumer group: its committed offsets are how far the cache is built. */
  groupId: string;
  topics: string[];
  deadLetterTopic: string;
}

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

export interface EventConsumerDependencies<E> {
  /** Names the consumer in logs. */
  name: string;
  kafka: Kafka;
  admin: Admin;
  logger: Logger;
  settings: ConsumerSettings;
  handler: EventHandler<E>;
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
 * Applies the events of some topics in its own consumer group. Offsets are committed one
 * message at a time and only after the write (or the dead-letter send) succeeded, so a crash or
 * restart re-delivers at most the message in flight, which the handler's version check then
 * ignores: nothing is lost and nothing is applied twice. A failing write throws, and kafkajs
 * retries the same message (restarting the consumer if needed).
 */
export class EventConsumer<E> {
  private consumer: Consumer | null = null;
  private producer: Producer | null = null;
  private crashed = false;
  private readonly counts = { processed: 0, applied: 0, ignored: 0, deadLettered: 0 };
  private lastEventAt: Date | null = null;
  private lastEventOccurredAt: Date | null = null;
  private lastError: string | null = null;

  constructor(private readonly deps: EventConsumerDependencies<E>) {}

  get settings(): ConsumerSettings {
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
        this.deps.logger.error({ err: payload.error, restart: payload.restart }, `${this.deps.name} consumer crashed`);
      });
      await consumer.run({ autoCommit: false, eachMessage: (payload) => this.handle(consumer, producer, payload) });
      await joined;
      this.deps.logger.info({ groupId: settings.groupId, topics: settings.topics }, `${this.deps.name} consumer started`);
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
      this.deps.logger.warn({ err: error, ...position }, `${this.deps.name} event failed; it will be retried`);
      throw error;
    }
  }

  private async process(producer: Producer, position: MessagePosition, message: KafkaMessage): Promise<{ outcome: Outcome; event?: E }> {
    let event: E;
    try {
      event = this.deps.handler.parse(message.value);
    } catch (error) {
      if (!(error instanceof MalformedEventError)) throw error;
      const { groupId, deadLetterTopic } = this.deps.settings;
      await producer.send({ topic: deadLetterTopic, messages: [{ key: message.key, value: message.value, headers: deadLetterHeaders(message, position, groupId, error.message) }] });
      this.deps.logger.warn({ ...position, reason: error.message }, `malformed ${this.deps.name} event sent to the dead-letter topic`);
      return { outcome: 'dead-lettered' };
    }
    return { outcome: await this.deps.handler.apply(event), event };
  }

  private record(outcome: Outcome, event: E | undefined): void {
    this.counts.processed += 1;
    if (outcome === 'applied') this.counts.applied += 1;
    else if (outcome === 'dead-lettered') this.counts.deadLettered += 1;
    else this.counts.ignored += 1;
    this.lastEventAt = new Date();
    if (event) this.lastEventOccurredAt = this.deps.handler.occurredAt(event);
    this.lastError = null;
  }
}
