import { createKafka, ensureTopics } from '@kayak/common';
import type { Producer } from 'kafkajs';

export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Where the outbox relay sends events: Kafka in production, anything with this shape in tests. */
export interface EventPublisher {
  /** Sends the messages in order; resolves only when the broker acknowledged all of them. */
  publish(messages: OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * An idempotent Kafka producer with one request in flight, so a retried send cannot overtake an
 * earlier one (per-partition order). Any failure drops the connection; the next call reconnects,
 * which also recovers from a broker restart. Missing topics are created on first use.
 */
export function createKafkaPublisher(brokers: string[], topics: string[], clientId = 'bookings-outbox'): EventPublisher {
  const kafka = createKafka(brokers, clientId);
  let producer: Producer | null = null;
  let topicsReady = false;

  async function connected(): Promise<Producer> {
    if (!topicsReady) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, topics);
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
          topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list.map(({ key, value, headers }) => ({ key, value, headers })) })),
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
