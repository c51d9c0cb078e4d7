import { BOOKING_EVENT_TYPES, createKafka, ensureTopics, parseDomainEvent, type BookingDomainEvent, type DomainEventOf, type EventType } from '@kayak/common';
import { uniqueName } from '@kayak/common/testing';

export interface ReceivedEvent<E = BookingDomainEvent> {
  topic: string;
  partition: number;
  key: string;
  event: E;
}

export interface EventCollector<E = BookingDomainEvent> {
  events: ReceivedEvent<E>[];
  /** Resolves once at least `count` events arrived (polls; fails after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedEvent<E>[]>;
  stop(): Promise<void>;
}

/** Reads the given topics from the beginning with a consumer group of its own (booking events). */
export function collectEvents(brokers: string[], topics: string[]): Promise<EventCollector> {
  return collectEventsOf(brokers, topics, BOOKING_EVENT_TYPES);
}

/** The same for the given event types (e.g. booking and trip events). */
export async function collectEventsOf<T extends EventType>(brokers: string[], topics: string[], types: readonly T[]): Promise<EventCollector<DomainEventOf<T>>> {
  const kafka = createKafka(brokers, uniqueName('bookings-test'));
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics);
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: uniqueName('bookings-test') });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const events: ReceivedEvent<DomainEventOf<T>>[] = [];
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      events.push({ topic, partition, key: message.key?.toString() ?? '', event: parseDomainEvent(message.value, types) });
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
