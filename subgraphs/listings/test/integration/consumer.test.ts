import { createKafka, ensureTopics, watchCommands, type BookingDomainEvent } from '@kayak/common';
import { createTestMongo, eventMessageOf, testConfig, uniqueName, type BookingEventFields, type TestMongo } from '@kayak/common/testing';
import type { Admin, IHeaders, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsumerHealth, MessagePosition } from '../../src/events/availabilityConsumer.js';
import { AvailabilityBlockRepository } from '../../src/repositories/availabilityBlocks.js';
import { createServer } from '../../src/server.js';
import { at, bookingEvent, caller, carDoc, flightDoc, hotelDoc, insertListings, type GraphQLCaller } from './fixtures.js';

// The availability consumer against the real Kafka broker, on topics and a group of its own.
const config = testConfig();
const topics = {
  created: uniqueName('t_lst_created'),
  confirmed: uniqueName('t_lst_confirmed'),
  cancelled: uniqueName('t_lst_cancelled'),
  deadLetter: uniqueName('t_lst_dlq'),
};
const groupId = uniqueName('t_lst_group');
const kafka = createKafka(config.KAFKA_BROKERS, 'listings-consumer-test');
let admin: Admin;
let producer: Producer;
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let call: GraphQLCaller;

/** Fault injection: positions for which the commit step throws once (after the write). */
const failBeforeCommit = new Set<string>();
const commitAttempts = new Map<string, number>();
const positionKey = (position: MessagePosition): string => `${position.topic}/${position.partition}/${position.offset}`;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, Object.values(topics), 3);
  producer = kafka.producer();
  await producer.connect();
  mongo = await createTestMongo(config, 'listings_consumer');
  await insertListings(mongo.db, {
    hotels: [hotelDoc('HTL-K1', { number_of_rooms: 5 }), hotelDoc('HTL-K2', { number_of_rooms: 5 })],
    flights: [flightDoc('FL-K1', { total_available_seats: 10 })],
    cars: [carDoc('CAR-K1')],
  });
  server = await createServer({
    config,
    port: 0,
    mongoDb: mongo.name,
    availabilityConsumer: { groupId, topics: [topics.created, topics.confirmed, topics.cancelled], deadLetterTopic: topics.deadLetter },
    beforeCommit: async (position) => {
      const key = positionKey(position);
      commitAttempts.set(key, (commitAttempts.get(key) ?? 0) + 1);
      if (failBeforeCommit.delete(key)) throw new Error('injected failure between the write and the commit');
    },
  });
  call = caller(server.url, config);
  await server.availabilityConsumer.start();
});

const readerGroups: string[] = [];

afterAll(async () => {
  await server?.close();
  await producer?.disconnect();
  await admin?.deleteGroups([groupId, ...readerGroups]).catch(() => undefined);
  await admin?.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
  await admin?.disconnect();
  await mongo?.drop();
});

const topicOf = (event: BookingDomainEvent): string => ({ 'booking.created': topics.created, 'booking.confirmed': topics.confirmed, 'booking.cancelled': topics.cancelled })[event.type];

/** Publishes events (keyed by listing, as the bookings outbox does); returns their positions. */
async function publish(...events: BookingDomainEvent[]): Promise<MessagePosition[]> {
  const positions: MessagePosition[] = [];
  for (const event of events) {
    const [metadata] = await producer.send({ topic: topicOf(event), messages: [eventMessageOf(event)] });
    positions.push({ topic: topicOf(event), partition: metadata?.partition ?? 0, offset: metadata?.baseOffset ?? '0' });
  }
  return positions;
}

async function publishRaw(value: string | null, key = 'Hotel:HTL-K1'): Promise<void> {
  await producer.send({ topic: topics.created, messages: [{ key, value }] });
}

const health = (): Promise<ConsumerHealth> => server.availabilityConsumer.health();

/** Waits (by polling the consumer's own count, never a fixed sleep) until `count` messages were handled. */
async function handled(count: number): Promise<ConsumerHealth> {
  await expect.poll(async () => (await health()).processed, { timeout: 30_000, interval: 100 }).toBe(count);
  return health();
}

const block = (bookingId: string) => mongo.db.collection('availability_blocks').findOne({ booking_id: bookingId }, { projection: { _id: 0 } });

async function remainingRooms(hotelId: string): Promise<number> {
  const response = await call<{ hotel: { remainingCapacity: number } }>(`{ hotel(hotelId: "${hotelId}") { remainingCapacity(startDate: "${at(1).toISOString()}", endDate: "${at(3).toISOString()}") } }`);
  expect(response.errors).toBeUndefined();
  return response.data?.hotel.remainingCapacity ?? -1;
}

// Revisions 1, 2 and 3 (Pending, Confirmed, Cancelled) unless told otherwise.
const created = (bookingId: string, fields: BookingEventFields<'booking.created'> = {}) => bookingEvent('booking.created', { bookingId, ...fields });
const confirmed = (bookingId: string, fields: BookingEventFields<'booking.confirmed'> = {}) => bookingEvent('booking.confirmed', { bookingId, ...fields });
const cancelled = (bookingId: string, fields: BookingEventFields<'booking.cancelled'> = {}) => bookingEvent('booking.cancelled', { bookingId, ...fields });

describe('availability consumer', () => {
  it('applies booking.created as a Pending hold on the listing, with one insert and no lookup', async () => {
    const commands = watchCommands(server.mongo.client);
    await publish(created('BK-A', { quantity: 2 }));
    await handled(1);
    expect(commands.count('insert', 'availability_blocks')).toBe(1);
    expect(commands.count('find', 'availability_blocks')).toBe(0);
    commands.stop();
    expect(await block('BK-A')).toMatchObject({ listing_type: 'Hotel', reference_id: 'HTL-K1', booking_status: 'Pending', quantity: 2, version: 1, user_id: '123-45-6789', start_date: at(1), end_date: at(3) });
    expect(await remainingRooms('HTL-K1')).toBe(3);
  });

  it('moves the block to Confirmed and ignores a redelivered duplicate', async () => {
    const event = confirmed('BK-A', { quantity: 2 });
    await publish(event, event);
    const state = await handled(3);
    expect(state).toMatchObject({ applied: 2, ignored: 1, deadLettered: 0 });
    expect(await block('BK-A')).toMatchObject({ booking_status: 'Confirmed', version: 2, last_event_id: event.id });
  });

  it('ignores events older than the block, whatever order the topics deliver them in', async () => {
    await publish(cancelled('BK-B', { quantity: 4 }));
    await handled(4);
    await publish(created('BK-B', { quantity: 4 }), confirmed('BK-B', { quantity: 4 }));
    const state = await handled(6);
    expect(state).toMatchObject({ applied: 3, ignored: 3 });
    expect(await block('BK-B')).toMatchObject({ booking_status: 'Cancelled', version: 3, quantity: 4 });
    expect(await remainingRooms('HTL-K1')).toBe(3);
  });

  it('releases the hold when the booking is cancelled or its payment fails', async () => {
    await publish(created('BK-C', { listingType: 'Flight', listingId: 'FL-K1', quantity: 4 }), created('BK-D', { listingType: 'Car', listingId: 'CAR-K1' }));
    await handled(8);
    const query = `{ flight(flightId: "FL-K1") { remainingCapacity } car(carId: "CAR-K1") { available(startDate: "${at(1).toISOString()}", endDate: "${at(2).toISOString()}") } }`;
    expect((await call(query)).data).toEqual({ flight: { remainingCapacity: 6 }, car: { available: false } });
    await publish(cancelled('BK-D', { listingType: 'Car', listingId: 'CAR-K1', status: 'PaymentFailed', revision: 2 }));
    await handled(9);
    expect((await call(query)).data).toEqual({ flight: { remainingCapacity: 6 }, car: { available: true } });
  });

  it('sends malformed messages to the dead-letter topic with the reason, and keeps consuming', async () => {
    await publishRaw('not json');
    await publishRaw(JSON.stringify({ bookingId: 'BK-X' }));
    await publishRaw(JSON.stringify(created('BK-Y', { startDate: at(3).toISOString(), endDate: at(1).toISOString() })));
    await publishRaw(null);
    await publish(created('BK-E', { listingId: 'HTL-K2' }));
    const state = await handled(14);
    expect(state).toMatchObject({ deadLettered: 4 });
    expect(await block('BK-E')).toMatchObject({ booking_status: 'Pending' });
    expect(await block('BK-Y')).toBeNull();

    const dead = await readDeadLetters(4);
    expect(dead.map((message) => message.value)).toEqual(['not json', JSON.stringify({ bookingId: 'BK-X' }), expect.stringContaining('"bookingId":"BK-Y"'), null]);
    expect(dead.map((message) => message.headers['dlq-reason'])).toEqual([
      'value is not JSON',
      expect.stringMatching(/^id: .*type: /),
      'payload.endDate: must not be before startDate',
      'empty message',
    ]);
    expect(dead[0]?.headers).toMatchObject({ 'dlq-original-topic': topics.created, 'dlq-consumer-group': groupId });
  });

  it('invalidates cached availability searches when an event is applied, leaving other searches cached', async () => {
    const commands = watchCommands(server.mongo.client);
    const availabilitySearch = `{ searchHotels(filter: { availability: { startDate: "${at(1).toISOString()}", endDate: "${at(3).toISOString()}", quantity: 3 } }) { nodes { hotelId } } }`;
    const plainSearch = '{ searchHotels { nodes { hotelId } } }';
    try {
      expect((await call(availabilitySearch)).data).toEqual({ searchHotels: { nodes: [{ hotelId: 'HTL-K1' }, { hotelId: 'HTL-K2' }] } });
      await call(plainSearch);
      commands.reset();
      await call(availabilitySearch);
      await call(plainSearch);
      expect(commands.count('aggregate', 'hotels')).toBe(0);

      await publish(created('BK-F', { quantity: 1 }));
      await handled(15);
      commands.reset();
      expect((await call(availabilitySearch)).data).toEqual({ searchHotels: { nodes: [{ hotelId: 'HTL-K2' }] } });
      expect(commands.count('aggregate', 'hotels')).toBe(1);
      commands.reset();
      await call(plainSearch);
      expect(commands.count('aggregate', 'hotels')).toBe(0);
    } finally {
      commands.stop();
    }
  });

  it('reports zero lag, the last event time and a healthy consumer in listingsHealth', async () => {
    const last = created('BK-G', { listingId: 'HTL-K2', occurredAt: '2031-01-02T03:04:05.000Z' });
    await publish(last);
    await handled(16);
    const response = await call<{ availabilityConsumerHealth: Record<string, unknown>; listingsHealth: { ok: boolean; dependencies: Array<{ name: string; ok: boolean }> } }>(
      '{ availabilityConsumerHealth { groupId topics running lag lastEventAt lastEventOccurredAt processed applied ignored deadLettered lastError } listingsHealth { ok dependencies { name ok } } }',
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.availabilityConsumerHealth).toMatchObject({ groupId, running: true, lag: 0, lastEventOccurredAt: '2031-01-02T03:04:05.000Z', processed: 16, applied: 9, ignored: 3, deadLettered: 4, lastError: null });
    expect(response.data?.availabilityConsumerHealth.lastEventAt).toEqual(expect.any(String));
    expect(response.data?.listingsHealth.ok).toBe(true);
    expect(response.data?.listingsHealth.dependencies).toContainEqual({ name: 'availability-consumer', ok: true });
  });

  it('resumes after a restart from the committed offsets: nothing lost, nothing handled twice', { timeout: 90_000 }, async () => {
    await server.availabilityConsumer.stop();
    // Independent bookings, so the counts do not depend on the order the three topics deliver in.
    await publish(created('BK-H', { listingId: 'HTL-K2', quantity: 2 }), confirmed('BK-G', { listingId: 'HTL-K2' }), created('BK-I', { listingId: 'HTL-K2' }));
    await expect.poll(async () => (await health()).lag, { timeout: 10_000 }).toBe(3);
    expect((await health()).running).toBe(false);

    await server.availabilityConsumer.start();
    const state = await handled(19);
    expect(state).toMatchObject({ applied: 12, ignored: 3, deadLettered: 4, running: true });
    expect(await block('BK-H')).toMatchObject({ booking_status: 'Pending', version: 1, quantity: 2 });
    expect(await block('BK-G')).toMatchObject({ booking_status: 'Confirmed', version: 2 });
    expect(await block('BK-I')).toMatchObject({ booking_status: 'Pending', version: 1 });
    await expect.poll(async () => (await health()).lag, { timeout: 10_000 }).toBe(0);
    expect(await mongo.db.collection('availability_blocks').countDocuments()).toBe(9);
  });

  it('redelivers a message whose commit failed after the write; the redelivery changes nothing', async () => {
    const event = created('BK-J', { listingId: 'HTL-K2' });
    // Published to an explicit partition, so its offset (that partition's end) is known in advance.
    const offset = (await admin.fetchTopicOffsets(topics.created)).find((partition) => partition.partition === 1)?.high ?? '0';
    const key = positionKey({ topic: topics.created, partition: 1, offset });
    failBeforeCommit.add(key);
    await producer.send({ topic: topics.created, messages: [{ key: 'Hotel:HTL-K2', value: JSON.stringify(event), partition: 1 }] });
    const state = await handled(20);
    expect(commitAttempts.get(key)).toBe(2);
    expect(failBeforeCommit.has(key)).toBe(false);
    // The first attempt wrote the block but was never counted; the redelivery found it and was ignored.
    expect(state).toMatchObject({ applied: 12, ignored: 4, lastError: null });
    expect(await block('BK-J')).toMatchObject({ booking_status: 'Pending', version: 1, last_event_id: event.id });
    await expect.poll(async () => (await health()).lag, { timeout: 10_000 }).toBe(0);
  });
});

describe('resync', () => {
  const snapshot = async () =>
    (await mongo.db.collection('availability_blocks').find({}, { projection: { _id: 0, synced_at: 0, created_at: 0, updated_at: 0 } }).sort({ booking_id: 1 }).toArray());

  it('rebuilds the blocks from the topics: restores lost and altered blocks, removes unbacked ones', { timeout: 90_000 }, async () => {
    const before = await snapshot();
    expect(before).toHaveLength(10);
    const blocks = mongo.db.collection('availability_blocks');
    await blocks.deleteOne({ booking_id: 'BK-A' });
    await blocks.updateOne({ booking_id: 'BK-E' }, { $set: { quantity: 99 } });
    const template = await blocks.findOne({ booking_id: 'BK-I' }, { projection: { _id: 0 } });
    await blocks.insertOne({ ...template, booking_id: 'BK-BOGUS', synced_at: new Date('2020-01-01') });
    const deadLettersBefore = await deadLetterCount();

    const report = await server.resync();

    // 20 messages: 4 malformed; BK-A is re-created by its created and/or confirmed event (the
    // topics are not ordered with each other), every other event finds its block.
    expect(report).toMatchObject({ events: 20, malformed: 4, removed: 1 });
    expect(report.applied).toBeGreaterThanOrEqual(1);
    expect(report.applied + report.unchanged).toBe(16);
    expect(await snapshot()).toEqual(before);
    expect(await deadLetterCount()).toBe(deadLettersBefore);
    const groups = await admin.listGroups();
    expect(groups.groups.map((group) => group.groupId)).not.toContain(report.groupId);
  });
});

interface DeadLetter {
  value: string | null;
  headers: Record<string, string>;
}

const headerText = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, Array.isArray(value) ? value.map(String).join(',') : String(value)]));

/** Reads the dead-letter topic from the beginning with a throwaway group. */
async function readDeadLetters(count: number): Promise<DeadLetter[]> {
  const readerGroup = uniqueName('t_lst_dlq_reader');
  readerGroups.push(readerGroup);
  const consumer = kafka.consumer({ groupId: readerGroup });
  const messages: Array<DeadLetter & { order: number }> = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topics.deadLetter], fromBeginning: true });
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          messages.push({ value: message.value === null ? null : message.value.toString(), headers: headerText(message.headers), order: Number(headerText(message.headers)['dlq-original-offset']) });
          if (messages.length === count) resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  // Malformed messages came from one partition per key, so their original offsets give their order.
  return messages.sort((a, b) => a.order - b.order).map(({ value, headers }) => ({ value, headers }));
}

async function deadLetterCount(): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topics.deadLetter);
  return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
}

describe("listing holds beside the blocks", () => {
  const holds = () => new AvailabilityBlockRepository(mongo.db);
  /** The booking's newest entry in its listing's holds (older versions may stand beside it). */
  const entry = async (listing: string, bookingId: string) => {
    const versions = (await mongo.db.collection<{ holds: Record<string, Record<string, { version: number }>> }>('listing_holds').findOne({ _id: listing as never }))?.holds[bookingId];
    return Object.values(versions ?? {}).sort((a, b) => b.version - a.version)[0];
  };

  it('never moves a hold back to an older version, and repeating a write changes nothing', async () => {
    const repository = holds();
    const base = { listing_type: 'Hotel' as const, reference_id: 'HTL-H1', booking_id: 'BK-H1', start_date: at(1), end_date: at(2), quantity: 1 };
    await repository.recordHold({ ...base, version: 3, booking_status: 'Cancelled' });
    await repository.recordHold({ ...base, version: 2, booking_status: 'Confirmed' });
    await repository.recordHold({ ...base, version: 3, booking_status: 'Cancelled' });
    expect(await entry('Hotel:HTL-H1', 'BK-H1')).toMatchObject({ version: 3, holding: false });
    expect((await repository.holds({ listingType: 'Hotel', ids: ['HTL-H1'], range: null })).get('HTL-H1')).toBeUndefined();
    await repository.recordHold({ ...base, version: 4, booking_status: 'Confirmed' });
    await repository.recordHold({ ...base, version: 3, booking_status: 'Cancelled' });
    expect(await entry('Hotel:HTL-H1', 'BK-H1')).toMatchObject({ version: 4, holding: true });
    expect((await repository.holds({ listingType: 'Hotel', ids: ['HTL-H1'], range: null })).get('HTL-H1')).toHaveLength(1);
  });

  it('repairs a hold lost after its block was written (a crash between the two writes) when the event is redelivered', async () => {
    await insertListings(mongo.db, { hotels: [hotelDoc('HTL-R1', { number_of_rooms: 5 })] });
    await publish(created('BK-R', { listingId: 'HTL-R1', quantity: 2 }));
    await expect.poll(async () => entry('Hotel:HTL-R1', 'BK-R'), { timeout: 30_000, interval: 100 }).toMatchObject({ holding: true, quantity: 2 });
    const before = (await health()).processed;
    await mongo.db.collection('listing_holds').updateOne({ _id: 'Hotel:HTL-R1' as never }, { $unset: { 'holds.BK-R': '' } });
    expect(await entry('Hotel:HTL-R1', 'BK-R')).toBeUndefined();
    expect(await remainingRooms('HTL-R1')).toBe(5);
    await publish(created('BK-R', { listingId: 'HTL-R1', quantity: 2 }));
    await handled(before + 1);
    expect(await remainingRooms('HTL-R1')).toBe(3);
  });
});
