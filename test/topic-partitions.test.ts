import { createKafka, ensureTopicLayout, TOPIC_PARTITIONS } from '@kayak/common';
import { testConfig, uniqueName } from '@kayak/common/testing';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The topic layout of db:init and the publishers (packages/common/src/kafka.ts) on the real broker:
// new topics get TOPIC_PARTITIONS partitions, older ones with fewer are grown, never shrunk.
const config = testConfig();
let admin: Admin;
const created: string[] = [];

const partitionsOf = async (topic: string): Promise<number> => (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions.length ?? 0;

beforeAll(async () => {
  admin = createKafka(config.KAFKA_BROKERS, 'topic-partitions-test').admin();
  await admin.connect();
});

afterAll(async () => {
  await admin.deleteTopics({ topics: created }).catch(() => undefined);
  await admin.disconnect();
});

describe('ensureTopicLayout', () => {
  it('creates missing topics with at least 6 partitions, so up to 6 listings replicas share the work', async () => {
    const topic = uniqueName('t_layout_new');
    created.push(topic);
    expect(TOPIC_PARTITIONS).toBeGreaterThanOrEqual(6);
    expect(await ensureTopicLayout(admin, [topic])).toEqual({ created: [topic], grown: [] });
    expect(await partitionsOf(topic)).toBe(TOPIC_PARTITIONS);
  });

  it('grows an existing topic with fewer partitions once, and leaves a larger one alone', async () => {
    const small = uniqueName('t_layout_small');
    const large = uniqueName('t_layout_large');
    created.push(small, large);
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: small, numPartitions: 3 }, { topic: large, numPartitions: 8 }] });
    expect(await ensureTopicLayout(admin, [small, large])).toEqual({ created: [], grown: [small] });
    expect(await partitionsOf(small)).toBe(TOPIC_PARTITIONS);
    expect(await partitionsOf(large)).toBe(8);
    expect(await ensureTopicLayout(admin, [small, large])).toEqual({ created: [], grown: [] });
  });

  it('is safe when two processes grow the same topic at once', async () => {
    const topic = uniqueName('t_layout_race');
    created.push(topic);
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
    const other = createKafka(config.KAFKA_BROKERS, 'topic-partitions-test-2').admin();
    await other.connect();
    try {
      await Promise.all([ensureTopicLayout(admin, [topic]), ensureTopicLayout(other, [topic])]);
    } finally {
      await other.disconnect();
    }
    expect(await partitionsOf(topic)).toBe(TOPIC_PARTITIONS);
  });
});
