import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCESSED_EVENTS_COLLECTION, PROCESSED_EVENTS_TTL_SECONDS, ProcessedEvents } from '../../src/processed-events.js';
import { createTestMongo, testConfig, type TestMongo } from '../../src/testing.js';

// Against the real Mongo-protocol server, in a database of its own.
let mongo: TestMongo;

beforeAll(async () => {
  mongo = await createTestMongo(testConfig(), 'processed_events');
});
afterAll(async () => {
  await mongo?.drop();
});

describe('ProcessedEvents', () => {
  it('creates the collection with a 14-day TTL index on processedAt, once', async () => {
    await ProcessedEvents.open(mongo.db, 'a');
    await ProcessedEvents.open(mongo.db, 'b');
    const indexes = await mongo.db.collection(PROCESSED_EVENTS_COLLECTION).listIndexes().toArray();
    expect(indexes.find((index) => index.name === 'processed_events_ttl')).toMatchObject({ key: { processedAt: 1 }, expireAfterSeconds: PROCESSED_EVENTS_TTL_SECONDS });
    expect(PROCESSED_EVENTS_TTL_SECONDS).toBe(1_209_600);
  });

  it('says first time once per consumer and event, also when deliveries race', async () => {
    const notifications = await ProcessedEvents.open(mongo.db, 'notifications');
    const analytics = await ProcessedEvents.open(mongo.db, 'analytics');
    const answers = await Promise.all(Array.from({ length: 10 }, () => notifications.firstTime('evt-1')));
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(await notifications.firstTime('evt-1')).toBe(false);
    expect(await analytics.firstTime('evt-1')).toBe(true);
    expect(await notifications.firstTime('evt-2')).toBe(true);
    const ids = (await mongo.db.collection(PROCESSED_EVENTS_COLLECTION).find({}, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id).sort();
    expect(ids).toEqual(['analytics:evt-1', 'notifications:evt-1', 'notifications:evt-2']);
  });

  it('forgets an event whose effect failed, so its redelivery is the first time again', async () => {
    const mailer = await ProcessedEvents.open(mongo.db, 'mailer');
    expect(await mailer.firstTime('evt-9')).toBe(true);
    await mailer.forget('evt-9');
    expect(await mailer.firstTime('evt-9')).toBe(true);
    expect(await mailer.firstTime('evt-9')).toBe(false);
  });
});
