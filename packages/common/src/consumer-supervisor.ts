import type { Consumer, ConsumerConfig, Kafka } from 'kafkajs';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from './logger.js';
import { sharedRead } from './metrics.js';

/**
 * Keeps one kafkajs consumer alive for the life of the process. kafkajs 2.2.4 restarts a crashed
 * consumer only when the root cause is retriable; otherwise (`restart: false`: e.g. "The
 * coordinator is not aware of this member" after the broker evicted the member during a pause,
 * or a TypeError from a handler) it disconnects and stays dead. The supervisor then creates a
 * fresh consumer in the same group, after a capped exponential backoff, for as long as the
 * process runs. It does the same when kafkajs's own restart does not bring the consumer back into
 * its group within `joinTimeoutMs`. Consumers commit only after their write, so a new incarnation
 * re-reads at most the messages in flight, which idempotent handlers ignore.
 */

export type SupervisedState = 'starting' | 'running' | 'restarting' | 'stopped';

export interface SupervisorBackoff {
  initialMs: number;
  maxMs: number;
}

export interface SupervisorStatus {
  state: SupervisedState;
  /** Joined its group and consuming (not crashed, not between incarnations). */
  running: boolean;
  /** Consumers created after the first one. */
  restarts: number;
  crashes: number;
  lastCrash: { message: string; restart: boolean; at: Date } | null;
  /** When the current incarnation last joined its group. */
  joinedAt: Date | null;
}

export interface ConsumerSupervisorOptions {
  /** Names the consumer in logs and metrics. */
  name: string;
  kafka: Kafka;
  logger: Logger;
  consumerConfig: ConsumerConfig;
  /** Subscribes a fresh, connected consumer and calls its `run`; called for every incarnation. */
  run(consumer: Consumer): Promise<void>;
  backoff?: Partial<SupervisorBackoff>;
  /** How long an incarnation (or kafkajs's own restart) may take to join the group. */
  joinTimeoutMs?: number;
  random?: () => number;
}

export const DEFAULT_SUPERVISOR_BACKOFF: SupervisorBackoff = { initialMs: 500, maxMs: 10_000 };
const DEFAULT_JOIN_TIMEOUT_MS = 60_000;

/** Delay before the n-th consecutive restart (0-based): doubling from initialMs, capped, with jitter in its upper half. */
export function restartDelay(attempt: number, backoff: SupervisorBackoff, random: () => number = Math.random): number {
  const full = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(full / 2 + (random() * full) / 2);
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class ConsumerSupervisor {
  private consumer: Consumer | null = null;
  private state: SupervisedState = 'stopped';
  /** Incarnations are numbered; events of an older one are ignored. */
  private generation = 0;
  /** Consecutive restarts without a join in between: what the backoff grows with. */
  private attempt = 0;
  private restarts = 0;
  private crashes = 0;
  private lastCrash: SupervisorStatus['lastCrash'] = null;
  private joinedAt: Date | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private joinWatchdog: NodeJS.Timeout | null = null;
  private firstJoin: { resolve(): void; reject(error: Error): void } | null = null;
  private readonly backoff: SupervisorBackoff;
  private readonly joinTimeoutMs: number;

  constructor(private readonly options: ConsumerSupervisorOptions) {
    this.backoff = { ...DEFAULT_SUPERVISOR_BACKOFF, ...options.backoff };
    this.joinTimeoutMs = options.joinTimeoutMs ?? DEFAULT_JOIN_TIMEOUT_MS;
  }

  get started(): boolean {
    return this.state !== 'stopped';
  }

  status(): SupervisorStatus {
    return {
      state: this.state,
      running: this.state === 'running',
      restarts: this.restarts,
      crashes: this.crashes,
      lastCrash: this.lastCrash,
      joinedAt: this.joinedAt,
    };
  }

  /**
   * Starts the first consumer and resolves once it joined its group. A process that cannot join
   * at boot fails loudly (rejects, everything stopped); after that, crashes are restarted forever.
   */
  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    this.state = 'starting';
    const joined = new Promise<void>((resolve, reject) => {
      this.firstJoin = { resolve, reject };
    });
    const timer = setTimeout(() => this.firstJoin?.reject(new Error(`consumer group ${this.options.consumerConfig.groupId} not joined within ${this.joinTimeoutMs} ms`)), this.joinTimeoutMs);
    try {
      await this.incarnate();
      await joined;
    } catch (error) {
      await this.stop();
      throw error;
    } finally {
      clearTimeout(timer);
      this.firstJoin = null;
    }
    this.options.logger.info({ groupId: this.options.consumerConfig.groupId }, `${this.options.name} consumer started`);
  }

  /** Stops restarting, lets the message in flight finish, and leaves the group. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    this.generation += 1;
    this.clearTimers();
    const consumer = this.consumer;
    this.consumer = null;
    await consumer?.disconnect().catch((error: unknown) => this.options.logger.warn({ err: error }, `${this.options.name} consumer did not disconnect cleanly`));
  }

  private clearTimers(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.joinWatchdog) clearTimeout(this.joinWatchdog);
    this.restartTimer = null;
    this.joinWatchdog = null;
  }

  private armJoinWatchdog(generation: number): void {
    if (this.joinWatchdog) clearTimeout(this.joinWatchdog);
    this.joinWatchdog = setTimeout(() => {
      this.joinWatchdog = null;
      if (generation === this.generation) this.replace(`not back in its group within ${this.joinTimeoutMs} ms`);
    }, this.joinTimeoutMs);
  }

  /** Creates, wires, connects and runs one consumer; the join is reported by its GROUP_JOIN event. */
  private async incarnate(): Promise<void> {
    const generation = this.generation;
    const { kafka, consumerConfig, logger, name } = this.options;
    const consumer = kafka.consumer(consumerConfig);
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (generation !== this.generation || this.state === 'stopped') return;
      this.state = 'running';
      this.attempt = 0;
      this.joinedAt = new Date();
      if (this.joinWatchdog) clearTimeout(this.joinWatchdog);
      this.joinWatchdog = null;
      this.firstJoin?.resolve();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (generation !== this.generation || this.state === 'stopped') return;
      this.crashes += 1;
      this.lastCrash = { message: payload.error.message, restart: payload.restart, at: new Date() };
      logger.error({ err: payload.error, restart: payload.restart, groupId: payload.groupId }, `${name} consumer crashed`);
      if (!payload.restart) {
        this.replace(`crashed without a restart: ${payload.error.message}`);
        return;
      }
      // kafkajs restarts this one itself; make sure it really gets back into the group.
      this.state = 'restarting';
      this.armJoinWatchdog(generation);
    });
    this.armJoinWatchdog(generation);
    try {
      await consumer.connect();
      await this.options.run(consumer);
    } catch (error) {
      if (this.state === 'starting') throw error;
      this.replace(`could not start: ${messageOf(error)}`);
    }
  }

  /** Drops the current consumer and creates a new one after the backoff (once per incident). */
  private replace(reason: string): void {
    if (this.state === 'stopped' || this.restartTimer) return;
    this.generation += 1;
    if (this.joinWatchdog) clearTimeout(this.joinWatchdog);
    this.joinWatchdog = null;
    const previous = this.consumer;
    this.consumer = null;
    const wasStarting = this.state === 'starting';
    this.state = wasStarting ? 'starting' : 'restarting';
    const delay = restartDelay(this.attempt, this.backoff, this.options.random);
    this.attempt += 1;
    this.options.logger.warn({ reason, delayMs: delay, attempt: this.attempt }, `${this.options.name} consumer replaced`);
    this.restartTimer = setTimeout(() => {
      void (async () => {
        await previous?.disconnect().catch(() => undefined);
        this.restartTimer = null;
        if (this.state === 'stopped') return;
        this.restarts += 1;
        try {
          await this.incarnate();
        } catch (error) {
          // Only the first incarnation throws (state 'starting'); later ones replace themselves.
          this.replace(`could not start: ${messageOf(error)}`);
        }
      })();
    }, delay);
  }
}

/** When a consumer stops counting as ready: dead, too far behind, or behind without moving. */
export interface ConsumerReadinessLimits {
  /** Uncommitted messages above which the consumer is lagging. */
  maxLag: number;
  /** How long it may stay behind (lag > 0) without handling a message. */
  stallMs: number;
}

export const DEFAULT_READINESS_LIMITS: ConsumerReadinessLimits = { maxLag: 1000, stallMs: 60_000 };

export interface ConsumerObservation {
  running: boolean;
  /** Null when Kafka could not be asked. */
  lag: number | null;
  /** When it last handled a message or was seen caught up (lag 0); start time before that. */
  lastProgressAt: Date;
  now: Date;
}

/** Ready only when running and provably close behind the topics; the reason names what is wrong. */
export function judgeConsumer(observation: ConsumerObservation, limits: ConsumerReadinessLimits): { ready: boolean; reason: string | null } {
  const { running, lag, lastProgressAt, now } = observation;
  if (!running) return { ready: false, reason: 'not running (crashed or restarting)' };
  const idleMs = now.getTime() - lastProgressAt.getTime();
  // Kafka not answering (frozen, stopped, overloaded) says nothing about the lag by itself; a
  // consumer that has not moved for stallMs while Kafka cannot be asked is treated as behind.
  if (lag === null) return idleMs > limits.stallMs ? { ready: false, reason: `lag unknown (Kafka cannot be asked) and nothing handled for ${Math.round(idleMs / 1000)} s` } : { ready: true, reason: null };
  if (lag > limits.maxLag) return { ready: false, reason: `lagging: ${lag} messages behind (limit ${limits.maxLag})` };
  if (lag > 0 && idleMs > limits.stallMs) return { ready: false, reason: `stalled: ${lag} messages behind and none handled for ${Math.round(idleMs / 1000)} s` };
  return { ready: true, reason: null };
}

export interface ConsumerMetricsSample {
  name: string;
  groupId: string;
  running: boolean;
  ready: boolean;
  lag: number | null;
  restarts: number;
  crashes: number;
  processed: number;
  /** Messages sent to the dead-letter topic. */
  deadLettered: number;
}

/**
 * The `kafka_consumer_*` metrics of a process's consumers, read once per scrape (the lag is a
 * Kafka admin call) and shared by all of them.
 */
export function registerConsumerMetrics(registry: Registry, read: () => Promise<ConsumerMetricsSample[]>): void {
  const samples = sharedRead(read);
  const labelNames = ['consumer', 'group'] as const;
  const labels = (sample: ConsumerMetricsSample) => ({ consumer: sample.name, group: sample.groupId });
  const gauge = (name: string, help: string, value: (sample: ConsumerMetricsSample) => number | null): void => {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const current = await samples();
        this.reset();
        for (const sample of current) {
          const observed = value(sample);
          if (observed !== null) this.set(labels(sample), observed);
        }
      },
    });
  };
  // The counts live in the supervisor and the consumer; a scrape copies them (they only grow).
  const counter = (name: string, help: string, value: (sample: ConsumerMetricsSample) => number): void => {
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const current = await samples();
        this.reset();
        for (const sample of current) this.inc(labels(sample), value(sample));
      },
    });
  };
  gauge('kafka_consumer_up', '1 while the consumer is in its group and consuming', (s) => (s.running ? 1 : 0));
  gauge('kafka_consumer_ready', '1 while the consumer is running and not lagging (what /ready uses)', (s) => (s.ready ? 1 : 0));
  gauge('kafka_consumer_lag_messages', 'Messages not yet committed by the group (absent when Kafka cannot be asked)', (s) => s.lag);
  counter('kafka_consumer_restarts_total', 'Consumers recreated by the supervisor', (s) => s.restarts);
  counter('kafka_consumer_crashes_total', 'kafkajs CRASH events', (s) => s.crashes);
  counter('kafka_consumer_processed_total', 'Messages handled (applied, ignored or dead-lettered)', (s) => s.processed);
  counter('kafka_consumer_dead_lettered_total', 'Malformed messages sent to the dead-letter topic', (s) => s.deadLettered);
}
