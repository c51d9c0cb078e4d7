import { BOOKING_EVENT_TYPES, createKafka, ensureTopics, parseDomainEvent, type BookingDomainEvent } from '@kayak/common';
import { uniqueName } from '@kayak/common/testing';

export interface ReceivedEvent {
  topic: string;
  partition: number;
  key: string;
  event: BookingDomainEvent;
}

export interface EventCollector {
  events: ReceivedEvent[];
  /** Resolves once at least `count` events arrived (polls; fails after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedEvent[]>;
  stop(): Promise<void>;
}

/** Reads the given topics from the beginning with a consumer group of its own. */
export async function collectEvents(brokers: string[], topics: string[]): Promise<EventCollector> {
  const kafka = createKafka(brokers, uniqueName('bookings-test'));
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics);
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: uniqueName('bookings-test') });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const events: ReceivedEvent[] = [];
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      events.push({ topic, partition, key: message.key?.toString() ?? '', event: parseDomainEvent(message.value, BOOKING_EVENT_TYPES) });
    },
  });
  return {
    events,
    async waitFor(count, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} events, got ${events.length}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return events;
    },
    async stop() {
      await consumer.disconnect();
    },
  };
}
