import { EventEmitter } from 'node:events';
import type { Consumer, Kafka } from 'kafkajs';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Registry } from 'prom-client';
import { ConsumerSupervisor, judgeConsumer, registerConsumerMetrics, restartDelay } from '../../src/consumer-supervisor.js';

/** A stand-in for a kafkajs consumer: only what the supervisor touches, with events the test fires. */
class FakeConsumer {
  readonly events = { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash' };
  readonly emitter = new EventEmitter();
  connected = false;
  disconnects = 0;
  on(event: string, listener: (payload: unknown) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
  async connect(): Promise<void> {
    this.connected = true;
  }
  async disconnect(): Promise<void> {
    this.connected = false;
    this.disconnects += 1;
  }
  join(): void {
    this.emitter.emit(this.events.GROUP_JOIN, { payload: {} });
  }
  crash(restart: boolean, message = 'The coordinator is not aware of this member'): void {
    this.emitter.emit(this.events.CRASH, { payload: { error: new Error(message), groupId: 'g', restart } });
  }
}

function harness(options: { joins?: (index: number) => boolean; joinTimeoutMs?: number } = {}) {
  const consumers: FakeConsumer[] = [];
  const kafka = {
    consumer: () => {
      const consumer = new FakeConsumer();
      consumers.push(consumer);
      return consumer as unknown as Consumer;
    },
  } as unknown as Kafka;
  const supervisor = new ConsumerSupervisor({
    name: 'test',
    kafka,
    logger: pino({ level: 'silent' }),
    consumerConfig: { groupId: 'g' },
    backoff: { initialMs: 100, maxMs: 1_000 },
    joinTimeoutMs: options.joinTimeoutMs ?? 5_000,
    random: () => 1,
    run: async (consumer) => {
      const fake = consumer as unknown as FakeConsumer;
      if (options.joins?.(consumers.indexOf(fake)) ?? true) fake.join();
    },
  });
  return { supervisor, consumers, latest: () => consumers.at(-1) as FakeConsumer };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ConsumerSupervisor', () => {
  it('creates a new consumer after a crash kafkajs will not restart, and counts it', async () => {
    vi.useFakeTimers();
    const { supervisor, consumers, latest } = harness();
    await supervisor.start();
    expect(supervisor.status()).toMatchObject({ state: 'running', running: true, restarts: 0 });
    latest().crash(false);
    expect(supervisor.status()).toMatchObject({ state: 'restarting', running: false, crashes: 1 });
    await vi.advanceTimersByTimeAsync(100);
    expect(consumers).toHaveLength(2);
    expect(consumers[0]?.disconnects).toBe(1);
    expect(supervisor.status()).toMatchObject({ state: 'running', running: true, restarts: 1, crashes: 1, lastCrash: expect.objectContaining({ restart: false }) });
    await supervisor.stop();
  });

  it('backs off more for each restart that does not get back into the group, and forever', async () => {
    vi.useFakeTimers();
    const { supervisor, consumers, latest } = harness({ joins: (index) => index === 0 });
    await supervisor.start();
    latest().crash(false);
    // The next consumers crash before they join: 100, 200, 400, 800, then 1000 ms (the cap) apart.
    const delays = [100, 200, 400, 800, 1_000, 1_000, 1_000];
    for (const delay of delays) {
      const before = consumers.length;
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(consumers).toHaveLength(before);
      await vi.advanceTimersByTimeAsync(1);
      expect(consumers).toHaveLength(before + 1);
      latest().crash(false);
    }
    expect(supervisor.status().restarts).toBe(delays.length);
    await supervisor.stop();
  });

  it('leaves a retriable crash to kafkajs, but replaces the consumer when it does not rejoin in time', async () => {
    vi.useFakeTimers();
    const { supervisor, consumers, latest } = harness({ joinTimeoutMs: 2_000 });
    await supervisor.start();
    latest().crash(true);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(consumers).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1 + 100);
    expect(consumers).toHaveLength(2);
    expect(supervisor.status().running).toBe(true);
    await supervisor.stop();
  });

  it('ignores events of a replaced consumer and stops restarting once stopped', async () => {
    vi.useFakeTimers();
    const { supervisor, consumers } = harness();
    await supervisor.start();
    const first = consumers[0] as FakeConsumer;
    first.crash(false);
    await vi.advanceTimersByTimeAsync(100);
    first.crash(false); // stale
    expect(supervisor.status()).toMatchObject({ running: true, crashes: 1 });
    await supervisor.stop();
    (consumers[1] as FakeConsumer).crash(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(consumers).toHaveLength(2);
    expect(supervisor.status().state).toBe('stopped');
  });

  it('fails the first start when the group is not joined in time', async () => {
    const { supervisor, latest } = harness({ joins: () => false, joinTimeoutMs: 50 });
    await expect(supervisor.start()).rejects.toThrow('consumer group g not joined within 50 ms');
    expect(latest().connected).toBe(false);
    expect(supervisor.started).toBe(false);
  });
});

describe('restartDelay', () => {
  it('doubles from the initial delay up to the cap, jittered within its upper half', () => {
    const backoff = { initialMs: 500, maxMs: 10_000 };
    expect([0, 1, 2, 3, 4, 5, 10].map((attempt) => restartDelay(attempt, backoff, () => 1))).toEqual([500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    expect(restartDelay(3, backoff, () => 0)).toBe(2_000);
  });
});

describe('judgeConsumer', () => {
  const limits = { maxLag: 100, stallMs: 60_000 };
  const now = new Date('2026-01-01T00:10:00Z');
  const recently = new Date('2026-01-01T00:09:30Z');
  const longAgo = new Date('2026-01-01T00:08:00Z');

  it('is ready when running, caught up or moving, within the lag limit', () => {
    expect(judgeConsumer({ running: true, lag: 0, lastProgressAt: longAgo, now }, limits)).toEqual({ ready: true, reason: null });
    expect(judgeConsumer({ running: true, lag: 100, lastProgressAt: recently, now }, limits)).toEqual({ ready: true, reason: null });
  });

  it('reports a dead, lagging, stalled or unobservable consumer with the reason', () => {
    expect(judgeConsumer({ running: false, lag: 0, lastProgressAt: recently, now }, limits).reason).toBe('not running (crashed or restarting)');
    expect(judgeConsumer({ running: true, lag: 101, lastProgressAt: recently, now }, limits).reason).toBe('lagging: 101 messages behind (limit 100)');
    expect(judgeConsumer({ running: true, lag: 3, lastProgressAt: longAgo, now }, limits).reason).toBe('stalled: 3 messages behind and none handled for 120 s');
    expect(judgeConsumer({ running: true, lag: null, lastProgressAt: longAgo, now }, limits)).toEqual({ ready: false, reason: 'lag unknown (Kafka cannot be asked) and nothing handled for 120 s' });
  });

  it('gives a consumer that moved recently the benefit of the doubt while Kafka cannot be asked', () => {
    expect(judgeConsumer({ running: true, lag: null, lastProgressAt: recently, now }, limits)).toEqual({ ready: true, reason: null });
  });
});

describe('registerConsumerMetrics', () => {
  it('writes one series per consumer in the Prometheus text format, leaving out an unknown lag', async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: 'listings' });
    let reads = 0;
    registerConsumerMetrics(registry, async () => {
      reads += 1;
      return [
        { name: 'availability', groupId: 'listings-availability', running: false, ready: false, lag: null, restarts: 2, crashes: 3, processed: 40, deadLettered: 1 },
        { name: 'rating', groupId: 'listings-ratings', running: true, ready: true, lag: 0, restarts: 0, crashes: 0, processed: 5, deadLettered: 0 },
      ];
    });
    const text = await registry.metrics();
    expect(text).toContain('# TYPE kafka_consumer_up gauge');
    expect(text).toContain('kafka_consumer_up{consumer="availability",group="listings-availability",service="listings"} 0');
    expect(text).toContain('kafka_consumer_restarts_total{consumer="availability",group="listings-availability",service="listings"} 2');
    expect(text).toContain('kafka_consumer_dead_lettered_total{consumer="availability",group="listings-availability",service="listings"} 1');
    expect(text).toContain('kafka_consumer_lag_messages{consumer="rating",group="listings-ratings",service="listings"} 0');
    expect(text).not.toContain('kafka_consumer_lag_messages{consumer="availability"');
    // Seven metrics, one read of the consumers (their lag is a Kafka call) per scrape.
    expect(reads).toBe(1);
  });
});
