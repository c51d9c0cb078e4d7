import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';

/**
 * Booking lifecycle topics (design doc) and the dead-letter topics for unprocessable events:
 * `booking.dlq` for the listings availability/rating consumers, `events.dlq` for every consumer of
 * the domain events (packages/common/src/domain-events.ts; one topic per event type, EVENT_TOPICS).
 */
export const TOPICS = {
  bookingCreated: 'booking.created',
  bookingConfirmed: 'booking.confirmed',
  bookingCancelled: 'booking.cancelled',
  deadLetter: 'booking.dlq',
  eventsDeadLetter: 'events.dlq',
} as const;

export const BOOKING_TOPICS: string[] = [TOPICS.bookingCreated, TOPICS.bookingConfirmed, TOPICS.bookingCancelled];

export function createKafka(brokers: string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { retries: 5, initialRetryTime: 200 },
  });
}

/**
 * Partitions of the platform's topics: messages are keyed by listing, so this bounds how many
 * consumers of one group (listings replicas) share the work; 6 lets up to 6 replicas consume.
 */
export const TOPIC_PARTITIONS = 6;

export interface TopicLayoutChange {
  /** Topics that did not exist and were created. */
  created: string[];
  /** Existing topics that had fewer partitions and were grown. */
  grown: string[];
}

/**
 * Creates the missing topics with `numPartitions` partitions; idempotent, and safe when several
 * processes run it at once. Existing topics are left as they are (growing them is db:init's job,
 * `ensureTopicLayout`: a publisher growing a topic under running consumers would move keys to
 * partitions those consumers do not know yet). Returns the topics it created.
 */
export async function ensureTopics(admin: Admin, topics: string[], numPartitions = TOPIC_PARTITIONS): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length === 0) return [];
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
    });
  } catch (error) {
    // Another process created some of them meanwhile: fine if they all exist now.
    const now = new Set(await admin.listTopics());
    if (!missing.every((topic) => now.has(topic))) throw error;
  }
  return missing;
}

/**
 * Grows the topics that have fewer than `numPartitions` partitions (Kafka cannot shrink one);
 * idempotent, and safe when several processes run it at once. Returns the topics it grew.
 *
 * Growing a topic moves some keys (listings) to a new partition: events of one listing written
 * before and after the growth can then be consumed out of order across the two partitions. The
 * listings consumer applies an event only when its version is newer than the stored one, so the
 * final state is still the latest version (docs/bookings.md, "Replicas"). Running consumers see the
 * new partitions at their next metadata refresh and rejoin their group.
 */
export async function growTopics(admin: Admin, topics: string[], numPartitions = TOPIC_PARTITIONS): Promise<string[]> {
  const small = await topicsBelow(admin, topics, numPartitions);
  if (small.length === 0) return [];
  try {
    await admin.createPartitions({ validateOnly: false, topicPartitions: small.map((topic) => ({ topic, count: numPartitions })) });
  } catch (error) {
    // Another process grew them first (INVALID_PARTITIONS): fine once none is below the count.
    if (!(await partitionsSettled(admin, small, numPartitions))) throw error;
    return small;
  }
  // The broker answers before every metadata reply shows the new partitions (like waitForLeaders).
  if (!(await partitionsSettled(admin, small, numPartitions))) throw new Error(`Kafka did not show ${numPartitions} partitions of ${small.join(', ')} in time`);
  return small;
}

/** Waits (up to ~10 s) until no topic of `topics` shows fewer than `numPartitions` partitions. */
async function partitionsSettled(admin: Admin, topics: string[], numPartitions: number): Promise<boolean> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if ((await topicsBelow(admin, topics, numPartitions)).length === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

async function topicsBelow(admin: Admin, topics: string[], numPartitions: number): Promise<string[]> {
  if (topics.length === 0) return [];
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
  return metadata.filter((topic) => topic.partitions.length < numPartitions).map((topic) => topic.name);
}

/** What db:init does to the platform's topics: creates the missing ones and grows those with fewer partitions. */
export async function ensureTopicLayout(admin: Admin, topics: string[], numPartitions = TOPIC_PARTITIONS): Promise<TopicLayoutChange> {
  const created = await ensureTopics(admin, topics, numPartitions);
  const grown = await growTopics(admin, topics.filter((topic) => !created.includes(topic)), numPartitions);
  return { created, grown };
}

export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers?: Record<string, string>;
}

/** Where a relay sends events: Kafka in production, anything with this shape in tests. */
export interface EventPublisher {
  /** Sends the messages in order; resolves only when the broker acknowledged all of them. */
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The one Kafka producer of the platform: idempotent, with one request in flight, so a retried
 * send cannot overtake an earlier one (per-partition order). Any failure drops the connection;
 * the next call reconnects, which also recovers from a broker restart. Missing topics are created
 * on first use.
 */
export function createKafkaPublisher(brokers: string[], topics: readonly string[], clientId: string): EventPublisher {
  const kafka = createKafka(brokers, clientId);
  let producer: Producer | null = null;
  let topicsReady = false;

  async function connected(): Promise<Producer> {
    if (!topicsReady) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, [...topics]);
      } finally {
        await admin.disconnect();
      }
      topicsReady = true;
    }
    if (!producer) {
      const fresh = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await fresh.connect();
      producer = fresh;
    }
    return producer;
  }

  async function reset(): Promise<void> {
    const current = producer;
    producer = null;
    await current?.disconnect().catch(() => undefined);
  }

  return {
    async publish(messages) {
      if (messages.length === 0) return;
      try {
        const ready = await connected();
        const byTopic = new Map<string, OutgoingMessage[]>();
        for (const message of messages) byTopic.set(message.topic, [...(byTopic.get(message.topic) ?? []), message]);
        await ready.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list.map(({ key, value, headers }) => ({ key, value, ...(headers ? { headers } : {}) })) })),
        });
      } catch (error) {
        await reset();
        throw error;
      }
    },
    async close() {
      await reset();
    },
  };
}
