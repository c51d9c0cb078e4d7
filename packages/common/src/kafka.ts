import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';

/** Booking lifecycle topics (design doc) and the dead-letter topic for unprocessable events. */
export const TOPICS = {
  bookingCreated: 'booking.created',
  bookingConfirmed: 'booking.confirmed',
  bookingCancelled: 'booking.cancelled',
  deadLetter: 'booking.dlq',
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

/** Creates the missing topics (3 partitions each, so per-listing keys spread); idempotent. */
export async function ensureTopics(admin: Admin, topics: string[], numPartitions = 3): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
    });
  }
  return missing;
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
