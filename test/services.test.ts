import { randomUUID } from 'node:crypto';
import { createKafka, createRedis, ensureTopics } from '@kayak/common';
import { connectionOptions } from '@kayak/common/migrate';
import { createTestMongo, testConfig, uniqueName, type TestMongo } from '@kayak/common/testing';
import mariadb from 'mariadb';
import { MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The four backing services over real connections: what every subgraph relies on.
const config = testConfig();

describe('MariaDB (MySQL protocol)', () => {
  it('runs a transaction that commits and one that rolls back', async () => {
    const connection = await mariadb.createConnection(connectionOptions(config.DATABASE_URL));
    const database = uniqueName('t_services');
    try {
      await connection.query(`CREATE DATABASE \`${database}\``);
      await connection.query(`CREATE TABLE \`${database}\`.items (id INT PRIMARY KEY, price DECIMAL(10,2) NOT NULL)`);
      await connection.beginTransaction();
      await connection.query(`INSERT INTO \`${database}\`.items VALUES (1, 19.99)`);
      await connection.commit();
      await connection.beginTransaction();
      await connection.query(`INSERT INTO \`${database}\`.items VALUES (2, 5.00)`);
      await connection.rollback();
      const rows = await connection.query<Array<{ id: number; price: string }>>(`SELECT id, price FROM \`${database}\`.items`);
      expect(rows).toEqual([{ id: 1, price: '19.99' }]);
    } finally {
      await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await connection.end();
    }
  });
});

describe('Redis', () => {
  it('stores a value with a TTL and deletes it', async () => {
    const redis = createRedis(config.REDIS_URL);
    const key = uniqueName('t_services');
    try {
      await redis.set(key, 'value', 'EX', 60);
      expect(await redis.get(key)).toBe('value');
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60);
      await redis.del(key);
      expect(await redis.get(key)).toBeNull();
    } finally {
      redis.disconnect();
    }
  });
});

describe('Kafka (KRaft)', () => {
  it('creates a topic idempotently, produces a keyed message and consumes it in a new group', async () => {
    const kafka = createKafka(config.KAFKA_BROKERS, 'services-test');
    const topic = uniqueName('t_services');
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: `${topic}-group` });
    try {
      expect(await ensureTopics(admin, [topic], 1)).toEqual([topic]);
      expect(await ensureTopics(admin, [topic], 1)).toEqual([]);

      const value = randomUUID();
      await producer.connect();
      await producer.send({ topic, messages: [{ key: 'Flight:FL001', value }] });

      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = await new Promise<{ key: string; value: string }>((resolve) => {
        void consumer.run({ eachMessage: async ({ message }) => resolve({ key: String(message.key), value: String(message.value) }) });
      });
      expect(received).toEqual({ key: 'Flight:FL001', value });
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});

describe('MongoDB protocol (mongo-java-server or mongod)', () => {
  let mongo: TestMongo;
  beforeAll(async () => {
    mongo = await createTestMongo(config, 'services');
  });
  afterAll(async () => mongo.drop());

  it('inserts, rejects a unique-index violation with E11000, and finds', async () => {
    const items = mongo.db.collection<{ sku: string; name: string }>('items');
    await items.createIndex({ sku: 1 }, { unique: true });
    await items.insertOne({ sku: 'A-1', name: 'first' });

    const duplicate = await items.insertOne({ sku: 'A-1', name: 'second' }).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(MongoServerError);
    expect((duplicate as MongoServerError).code).toBe(11000);

    const found = await items.find({ sku: { $in: ['A-1', 'B-2'] } }, { projection: { _id: 0 } }).toArray();
    expect(found).toEqual([{ sku: 'A-1', name: 'first' }]);
  });

  it('applies every one of 400 concurrent $inc upserts on one document (FerretDB 1.24 ended at 10)', async () => {
    const counters = mongo.db.collection<{ _id: string; hits: number; last: number[] }>('counters');
    await Promise.all(
      Array.from({ length: 400 }, (_, index) =>
        counters.updateOne({ _id: 'one' }, { $inc: { hits: 1 }, $push: { last: { $each: [index], $slice: -5 } } }, { upsert: true }),
      ),
    );
    const doc = await counters.findOne({ _id: 'one' });
    expect(doc?.hits).toBe(400);
    expect(doc?.last).toHaveLength(5);
  });

  it('reports a unique violation on update as E11000 and changes nothing', async () => {
    const items = mongo.db.collection<{ sku: string; name: string }>('items');
    await items.insertOne({ sku: 'B-2', name: 'second' });
    const clash = await items.updateOne({ sku: 'B-2' }, { $set: { sku: 'A-1' } }).catch((error: unknown) => error);
    expect((clash as MongoServerError).code).toBe(11000);
    expect(await items.countDocuments({ sku: 'B-2' })).toBe(1);
  });
});
