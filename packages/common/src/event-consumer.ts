import { ConsumerSupervisor, DEFAULT_READINESS_LIMITS, judgeConsumer, type ConsumerMetricsSample, type ConsumerReadinessLimits, type SupervisorBackoff } from './consumer-supervisor.js';
import { MalformedEventError } from './events.js';
import type { Logger } from './logger.js';
import { contextFromHeaders, inSpan, SpanKind, tracer } from './telemetry.js';
import type { Admin, Consumer, EachMessagePayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { consumerLag } from './consumer-lag.js';

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
  /** Consumers the supervisor created after a crash or a lost membership. */
  restarts: number;
  /** Running and not lagging: what the subgraph's /ready uses. */
  ready: boolean;
  /** Why it is not ready; null when ready. */
  notReadyReason: string | null;
}

export interface ConsumerReadiness {
  name: string;
  groupId: string;
  ready: boolean;
  reason: string | null;
}

export interface MessagePosition {
  topic: string;
  partition: number;
  offset: string;
}

export interface EventConsumerDependencies<E> extends SupervisionSettings {
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

/** How a consumer is supervised and judged ready (defaults: packages/common/src/consumer-supervisor.ts). */
export interface SupervisionSettings {
  readiness?: ConsumerReadinessLimits;
  restartBackoff?: Partial<SupervisorBackoff>;
  /** Kafka session timeout (ms): how long the broker keeps a silent member; kafkajs's default otherwise. */
  sessionTimeoutMs?: number;
}

type Outcome = EventOutcome | 'dead-lettered';


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
 * retries the same message; when kafkajs gives up on the consumer the supervisor replaces it.
 */
const spans = tracer('@kayak/listings');

export class EventConsumer<E> {
  private supervisor: ConsumerSupervisor | null = null;
  private producer: Producer | null = null;
  private readonly counts = { processed: 0, applied: 0, ignored: 0, deadLettered: 0 };
  private lastEventAt: Date | null = null;
  private lastEventOccurredAt: Date | null = null;
  private lastError: string | null = null;
  /** When it last handled a message or was seen caught up: a consumer behind that stops moving is stalled. */
  private lastProgressAt = new Date();

  constructor(private readonly deps: EventConsumerDependencies<E>) {}

  get name(): string {
    return this.deps.name;
  }

  get settings(): ConsumerSettings {
    return this.deps.settings;
  }

  /** Whether start() was called (and stop() not since): the consumer is part of this process's health. */
  get started(): boolean {
    return this.supervisor !== null;
  }

  /**
   * Connects, subscribes (from the beginning for a new group) and resolves once the group is
   * joined. From then on the supervisor (packages/common) recreates the consumer after any crash
   * kafkajs does not restart itself, or a lost membership, with backoff, until stop().
   */
  async start(): Promise<void> {
    if (this.supervisor) return;
    const { kafka, settings, logger, name } = this.deps;
    const producer = kafka.producer();
    const supervisor = new ConsumerSupervisor({
      name,
      kafka,
      logger,
      consumerConfig: { groupId: settings.groupId, ...(this.deps.sessionTimeoutMs ? { sessionTimeout: this.deps.sessionTimeoutMs, heartbeatInterval: Math.floor(this.deps.sessionTimeoutMs / 3) } : {}) },
      backoff: this.deps.restartBackoff,
      run: async (consumer) => {
        await consumer.subscribe({ topics: settings.topics, fromBeginning: true });
        await consumer.run({ autoCommit: false, eachMessage: (payload) => this.handle(consumer, producer, payload) });
      },
    });
    this.supervisor = supervisor;
    this.producer = producer;
    this.lastProgressAt = new Date();
    try {
      await producer.connect();
      await supervisor.start();
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Finishes the message in flight, then leaves the group. */
  async stop(): Promise<void> {
    const { supervisor, producer } = this;
    this.supervisor = null;
    this.producer = null;
    await supervisor?.stop();
    await producer?.disconnect();
  }

  /**
   * Replays the group's topics from `time`: moves the group's committed offset on every partition
   * of its topics to the first message written at or after `time` (a partition with none: its
   * end, so nothing of it is replayed), then resumes if it was running. Handlers are idempotent,
   * so what was applied before comes back as duplicates (or is rewritten the same way); a rebuilt
   * read model uses this after losing data, a new one to start from a point in time.
   *
   * Kafka only moves the offsets of a group without members: this replica's consumer is stopped
   * for the move, and the group's other members (other replicas) must be stopped first, or it
   * throws (and this consumer resumes where it was). Returns the offsets it set.
   */
  async replayFrom(time: Date): Promise<MessagePosition[]> {
    const wasStarted = this.started;
    const { admin, settings, logger, name } = this.deps;
    await this.stop();
    try {
      const positions: MessagePosition[] = [];
      for (const topic of settings.topics) {
        const partitions = await admin.fetchTopicOffsetsByTimestamp(topic, time.getTime());
        await admin.setOffsets({ groupId: settings.groupId, topic, partitions });
        positions.push(...partitions.map(({ partition, offset }) => ({ topic, partition, offset })));
      }
      logger.info({ groupId: settings.groupId, from: time.toISOString(), positions }, `${name} consumer replays from ${time.toISOString()}`);
      return positions;
    } finally {
      if (wasStarted) await this.start();
    }
  }

  async health(): Promise<ConsumerHealth> {
    const { groupId, topics } = this.deps.settings;
    const status = this.supervisor?.status();
    const running = status?.running ?? false;
    const lag = await consumerLag(this.deps.admin, groupId, topics);
    const now = new Date();
    if (lag === 0) this.lastProgressAt = now;
    const verdict = judgeConsumer({ running, lag, lastProgressAt: this.lastProgressAt, now }, this.deps.readiness ?? DEFAULT_READINESS_LIMITS);
    return {
      groupId,
      topics,
      running,
      lag,
      lastEventAt: this.lastEventAt,
      lastEventOccurredAt: this.lastEventOccurredAt,
      ...this.counts,
      lastError: this.lastError ?? status?.lastCrash?.message ?? null,
      restarts: status?.restarts ?? 0,
      ready: verdict.ready,
      notReadyReason: verdict.reason,
    };
  }

  async readiness(): Promise<ConsumerReadiness> {
    const health = await this.health();
    return { name: this.deps.name, groupId: health.groupId, ready: health.ready, reason: health.notReadyReason };
  }

  async metricsSample(): Promise<ConsumerMetricsSample> {
    const health = await this.health();
    return {
      name: this.deps.name,
      groupId: health.groupId,
      running: health.running,
      ready: health.ready,
      lag: health.lag,
      restarts: health.restarts,
      crashes: this.supervisor?.status().crashes ?? 0,
      processed: health.processed,
      deadLettered: health.deadLettered,
    };
  }

  /**
   * One CONSUMER span per message, continuing the trace in its headers (the outbox relay's publish
   * span, itself a child of the request that wrote the event).
   */
  private handle(consumer: Consumer, producer: Producer, payload: EachMessagePayload): Promise<void> {
    const { topic, partition, message } = payload;
    const attributes = {
      'messaging.system': 'kafka',
      'messaging.destination.name': topic,
      'messaging.operation.type': 'process',
      'messaging.consumer.group.name': this.deps.settings.groupId,
      'messaging.destination.partition.id': String(partition),
      'messaging.kafka.offset': Number(message.offset),
    };
    return inSpan(spans, `${topic} process`, { kind: SpanKind.CONSUMER, attributes, parent: contextFromHeaders(message.headers) }, () => this.handleMessage(consumer, producer, payload));
  }

  private async handleMessage(consumer: Consumer, producer: Producer, { topic, partition, message }: EachMessagePayload): Promise<void> {
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
    this.lastProgressAt = this.lastEventAt;
    if (event) this.lastEventOccurredAt = this.deps.handler.occurredAt(event);
    this.lastError = null;
  }
}
