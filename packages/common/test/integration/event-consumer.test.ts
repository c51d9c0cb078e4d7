import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOKING_EVENT_TYPES, parseDomainEvent, type BookingDomainEvent } from '../../src/domain-events.js';
import { EventConsumer } from '../../src/event-consumer.js';
import { createKafka, ensureTopics } from '../../src/kafka.js';
import { createLogger } from '../../src/logger.js';
import { bookingEventMessage, eventMessageOf, testConfig, uniqueName } from '../../src/testing.js';

// EventConsumer.replayFrom against the real broker, on two topics (three partitions each) and a
// group of its own. Messages carry explicit timestamps (the producer's CreateTime, kept by the
// broker), so "at or after a time" does not depend on when the test runs: an older batch half an
// hour ago, a newer one ten minutes later.
const config = testConfig();
const kafka = createKafka(config.KAFKA_BROKERS, 'event-consumer-replay-test');
const topics = [uniqueName('t_replay_a'), uniqueName('t_replay_b')];
const deadLetterTopic = uniqueName('t_replay_dlq');
const groupId = uniqueName('t_replay_group');
const logger = createLogger('event-consumer-test', 'silent');
const older = Date.now() - 30 * 60_000;
const newer = older + 10 * 60_000;

let admin: Admin;
let producer: Producer;
/** Event ids in the order the handler applied them (a replay appends them again). */
const applied: string[] = [];
const olderIds: string[] = [];
const newerIds: string[] = [];

function consumer(): EventConsumer<BookingDomainEvent> {
  return new EventConsumer<BookingDomainEvent>({
    name: 'replay-test',
    kafka,
    admin,
    logger,
    settings: { groupId, topics, deadLetterTopic },
    restartBackoff: { initialMs: 100, maxMs: 500 },
    handler: {
      parse: (value) => parseDomainEvent(value, BOOKING_EVENT_TYPES),
      occurredAt: (event) => new Date(event.occurredAt),
      async apply(event) {
        applied.push(event.id);
        return 'applied';
      },
    },
  });
}
let subject: EventConsumer<BookingDomainEvent>;

/** Four events on each topic at `timestamp`, spread over the partitions by listing. */
async function produce(timestamp: number, ids: string[]): Promise<void> {
  for (const topic of topics) {
    for (let n = 0; n < 4; n += 1) {
      const event = bookingEventMessage('booking.created', { listingId: `HTL-R${n}`, occurredAt: new Date(timestamp) });
      ids.push(event.id);
      await producer.send({ topic, messages: [{ ...eventMessageOf(event), timestamp: String(timestamp) }] });
    }
  }
}

const processed = async (): Promise<number> => (await subject.health()).processed;
const sorted = (ids: string[]): string[] => [...ids].sort();

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [...topics, deadLetterTopic], 3);
  producer = kafka.producer();
  await producer.connect();
  await produce(older, olderIds);
  await produce(newer, newerIds);
  subject = consumer();
  await subject.start();
});

afterAll(async () => {
  await subject?.stop();
  await producer?.disconnect();
  await admin?.deleteGroups([groupId]).catch(() => undefined);
  await admin?.deleteTopics({ topics: [...topics, deadLetterTopic] }).catch(() => undefined);
  await admin?.disconnect();
});

describe('EventConsumer.replayFrom', () => {
  it('moves every partition of every topic to the first message at or after the time, and re-applies from there', { timeout: 60_000 }, async () => {
    await expect.poll(processed, { timeout: 30_000, interval: 100 }).toBe(16);
    expect(sorted(applied)).toEqual(sorted([...olderIds, ...newerIds]));
    const positions = await subject.replayFrom(new Date(older + 5 * 60_000));
    expect(positions).toHaveLength(6);
    expect(new Set(positions.map((position) => position.topic))).toEqual(new Set(topics));
    expect(subject.started).toBe(true);
    await expect.poll(processed, { timeout: 30_000, interval: 100 }).toBe(24);
    // Exactly the newer batch again, nothing older.
    expect(sorted(applied.slice(16))).toEqual(sorted(newerIds));
    await expect.poll(async () => (await subject.health()).lag, { timeout: 10_000 }).toBe(0);
  });

  it('replays everything from a time before the first message', { timeout: 60_000 }, async () => {
    await subject.replayFrom(new Date(older - 60_000));
    await expect.poll(processed, { timeout: 30_000, interval: 100 }).toBe(40);
    expect(sorted(applied.slice(24))).toEqual(sorted([...olderIds, ...newerIds]));
  });

  it('on a stopped consumer sets the offsets and leaves it stopped; a time after the last message replays nothing', { timeout: 60_000 }, async () => {
    await subject.stop();
    const positions = await subject.replayFrom(new Date(newer + 60_000));
    expect(subject.started).toBe(false);
    const ends = new Map<string, string>();
    for (const topic of topics) for (const partition of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${partition.partition}`, partition.high);
    expect(new Map(positions.map((position) => [`${position.topic}/${position.partition}`, position.offset]))).toEqual(ends);
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const { topic, partitions } of committed) for (const { partition, offset } of partitions) expect(offset).toBe(ends.get(`${topic}/${partition}`));
    await subject.start();
    expect((await subject.health()).lag).toBe(0);
  });

  it('refuses while another member is in the group, and this one keeps consuming where it was', { timeout: 90_000 }, async () => {
    const other = consumer();
    await other.start();
    try {
      await expect(subject.replayFrom(new Date(older))).rejects.toThrow(/no running instances/);
      expect(subject.started).toBe(true);
      const committed = await admin.fetchOffsets({ groupId, topics });
      expect(committed.flatMap(({ partitions }) => partitions.map(({ offset }) => Number(offset))).reduce((sum, offset) => sum + offset, 0)).toBe(16);
    } finally {
      await other.stop();
    }
    expect(applied).toHaveLength(40);
  });
});
