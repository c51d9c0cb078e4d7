import { createKafka, ensureTopics, parseDomainEvent, prefixedTopic, type AnyDomainEvent, type EventType } from '@kayak/common';
import { uniqueName } from '@kayak/common/testing';
import type { Consumer } from 'kafkajs';

/**
 * Reads the domain events a test's producers publish on their own topics (`<prefix>.<type>`), from
 * the beginning, with a fresh group: every message (duplicates included) and its parsed event.
 */
export interface DomainTopicReader {
  prefix: string;
  /** Every message read, in arrival order, each parsed by `parseDomainEvent` (a bad one throws in the test). */
  readonly messages: Array<{ topic: string; key: string; event: AnyDomainEvent }>;
  /** Resolves once `count` messages satisfy `match`; rejects after `timeoutMs`. */
  waitFor(match: (event: AnyDomainEvent) => boolean, count?: number, timeoutMs?: number): Promise<AnyDomainEvent[]>;
  close(): Promise<void>;
}

export async function readDomainTopics(brokers: string[], types: readonly EventType[], prefix = uniqueName('events')): Promise<DomainTopicReader> {
  const topicOf = prefixedTopic(prefix);
  const kafka = createKafka(brokers, `${prefix}-reader`);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, types.map(topicOf));
  } finally {
    await admin.disconnect();
  }
  const consumer: Consumer = kafka.consumer({ groupId: `${prefix}-reader` });
  const messages: DomainTopicReader['messages'] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: types.map(topicOf), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      messages.push({ topic, key: message.key?.toString() ?? '', event: parseDomainEvent(message.value) });
    },
  });
  return {
    prefix,
    messages,
    async waitFor(match, count = 1, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.map((message) => message.event).filter(match);
        if (found.length >= count) return found;
        if (Date.now() > deadline) throw new Error(`${found.length} of ${count} expected events arrived; read: ${messages.map((message) => message.event.type).join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    /** Stops reading and deletes the test's topics from the shared broker. */
    async close() {
      await consumer.disconnect();
      const cleanup = kafka.admin();
      await cleanup.connect();
      await cleanup.deleteTopics({ topics: types.map(topicOf) }).catch(() => undefined);
      await cleanup.disconnect();
    },
  };
}
