import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { domainEvent, userKey } from '../../src/domain-events.js';
import type { EventPublisher, OutgoingMessage } from '../../src/kafka.js';
import { createLogger } from '../../src/logger.js';
import { createMongoOutboxRelay, newEventMeta, OUTBOX_COLLECTION, OutboxWriter, type OutboxSource } from '../../src/mongo-outbox.js';
import { createTestMongo, testConfig, type TestMongo } from '../../src/testing.js';

/**
 * The outbox's write and relay logic against the real Mongo server (mongo-java-server locally). The
 * publisher is the relay's seam: it records what would go to Kafka and can fail on demand (the
 * Kafka path itself is covered by the subgraphs' event tests and test/faults/mongo-outbox).
 */
class RecordingPublisher implements EventPublisher {
  readonly sent: OutgoingMessage[] = [];
  /** Called after a batch was "sent": lets a test act in the window between publish and $pull. */
  afterSend: (() => Promise<void>) | null = null;
  failAfterSend = false;
  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    this.sent.push(...messages);
    await this.afterSend?.();
    if (this.failAfterSend) throw new Error('connection lost before the acknowledgement');
  }
  async close(): Promise<void> {}
}

interface Person {
  person_id: string;
  name: string;
  revision?: number;
}

const SOURCE: OutboxSource = { collection: 'people', idField: 'person_id' };
const logger = createLogger('outbox-test', 'silent');
let mongo: TestMongo;
let writer: OutboxWriter;
let publisher: RecordingPublisher;

const renamed = (id: string, name: string, revision: number) =>
  domainEvent('user.updated', userKey(id), { userId: id, email: `${id}@example.com`, firstName: name, lastName: 'X', city: null, state: null, revision }, newEventMeta());
const people = () => mongo.db.collection<Person>('people');
const relay = (options: { deleteGraceMs?: number } = {}) => createMongoOutboxRelay({ db: mongo.db, sources: [SOURCE], publisher, logger, writer, ...options });
const rename = (id: string, name: string) => writer.update(people(), SOURCE, { person_id: id }, (_current, revision) => ({ update: { $set: { name } }, events: [renamed(id, name, revision)] }));
const payloadOf = (message: OutgoingMessage) => JSON.parse(message.value) as { id: string; payload: { firstName: string; revision: number } };

beforeAll(async () => {
  mongo = await createTestMongo(testConfig(), 'common_outbox');
});
afterAll(async () => {
  await mongo?.drop();
});
beforeEach(async () => {
  await people().deleteMany({});
  await mongo.db.collection(OUTBOX_COLLECTION).deleteMany({});
  writer = new OutboxWriter(mongo.db);
  publisher = new RecordingPublisher();
});

describe('mongo outbox', () => {
  it('stores the change, its event and the next revision in the document, and a hint in the outbox', async () => {
    await people().insertOne({ person_id: 'p1', name: 'Ann' });
    await rename('p1', 'Bea');
    const stored = await people().findOne({ person_id: 'p1' });
    expect(stored).toMatchObject({ name: 'Bea', revision: 1, pendingEvents: [expect.objectContaining({ type: 'user.updated', key: 'user:p1' })] });
    expect(await mongo.db.collection(OUTBOX_COLLECTION).countDocuments({ kind: 'pending', documentId: 'p1' })).toBe(1);
  });

  it('publishes pending events with their key, then pulls them and drops the hint', async () => {
    await people().insertOne({ person_id: 'p1', name: 'Ann' });
    await rename('p1', 'Bea');
    await rename('p1', 'Cid');
    expect(await relay().publishPending()).toBe(2);
    expect(publisher.sent.map((message) => [message.topic, message.key, payloadOf(message).payload.firstName, payloadOf(message).payload.revision])).toEqual([
      ['user.updated', 'user:p1', 'Bea', 1],
      ['user.updated', 'user:p1', 'Cid', 2],
    ]);
    expect(publisher.sent[0]?.headers?.['event-id']).toBe(payloadOf(publisher.sent[0] as OutgoingMessage).id);
    expect((await people().findOne({ person_id: 'p1' }))?.pendingEvents).toEqual([]);
    expect(await mongo.db.collection(OUTBOX_COLLECTION).countDocuments()).toBe(0);
    expect(await relay().publishPending({ sweep: true })).toBe(0);
  });

  it('pulls exactly the published ids: an event written during the publish stays pending', async () => {
    await people().insertOne({ person_id: 'p1', name: 'Ann' });
    await rename('p1', 'Bea');
    publisher.afterSend = async () => {
      publisher.afterSend = null;
      await rename('p1', 'Cid');
    };
    const outbox = relay();
    expect(await outbox.publishPending()).toBe(1);
    expect((await people().findOne({ person_id: 'p1' }))?.pendingEvents?.map((event) => JSON.parse(event.value).payload.firstName)).toEqual(['Cid']);
    expect(await outbox.publishPending()).toBe(1);
    expect(publisher.sent.map((message) => payloadOf(message).payload.firstName)).toEqual(['Bea', 'Cid']);
  });

  it('finds events whose hint was lost with the sweep', async () => {
    await people().insertOne({ person_id: 'p1', name: 'Ann' });
    await rename('p1', 'Bea');
    await mongo.db.collection(OUTBOX_COLLECTION).deleteMany({});
    expect(await relay().publishPending({ sweep: true })).toBe(1);
  });

  it('republishes after a failure between the send and the pull, with the same event ids (consumers dedupe)', async () => {
    await people().insertOne({ person_id: 'p1', name: 'Ann' });
    await rename('p1', 'Bea');
    publisher.failAfterSend = true;
    await expect(relay().publishPending()).rejects.toThrow('connection lost');
    expect((await people().findOne({ person_id: 'p1' }))?.pendingEvents).toHaveLength(1);
    const backlog = await relay().backlog();
    expect(backlog.unpublished).toBe(1);
    expect(backlog.oldestAt).toBeInstanceOf(Date);
    publisher.failAfterSend = false;
    expect(await relay().publishPending()).toBe(1);
    const ids = publisher.sent.map((message) => payloadOf(message).id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1);
    expect((await relay().backlog()).unpublished).toBe(0);
  });

  it('reads again when another writer changed the document between the read and the write', async () => {
    await people().insertOne({ person_id: 'p1', name: 'Ann' });
    let calls = 0;
    await writer.update(people(), SOURCE, { person_id: 'p1' }, async (_current, revision) => {
      calls += 1;
      if (calls === 1) await people().updateOne({ person_id: 'p1' }, { $set: { revision: 7 } });
      return { update: { $set: { name: `Bea${revision}` } }, events: [renamed('p1', 'Bea', revision)] };
    });
    // The first attempt read revision 0; the concurrent write moved it to 7, so the second wrote 8.
    expect(calls).toBe(2);
    expect((await people().findOne({ person_id: 'p1' }))?.revision).toBe(8);
    expect((await people().findOne({ person_id: 'p1' }))?.pendingEvents?.map((event) => JSON.parse(event.value).payload.revision)).toEqual([8]);
  });

  it('publishes a hard delete’s events, and the events still pending in the document, once it is gone', async () => {
    await people().insertOne({ person_id: 'p1', name: 'Ann' });
    await rename('p1', 'Bea');
    await writer.delete(people(), SOURCE, { person_id: 'p1' }, (_current, revision) => [domainEvent('user.deleted', userKey('p1'), { userId: 'p1', revision }, newEventMeta())]);
    expect(await people().countDocuments()).toBe(0);
    expect(await relay().publishPending()).toBe(2);
    expect(publisher.sent.map((message) => [message.topic, payloadOf(message).payload.revision])).toEqual([
      ['user.updated', 1],
      ['user.deleted', 2],
    ]);
    expect(await mongo.db.collection(OUTBOX_COLLECTION).countDocuments()).toBe(0);
  });

  it('leaves the outbox entries of other subgraphs’ collections alone (one database holds them all)', async () => {
    const entries = mongo.db.collection(OUTBOX_COLLECTION);
    await entries.insertMany([
      { kind: 'pending', source: 'elsewhere', documentId: 'x1', at: new Date() },
      { kind: 'delete', source: 'elsewhere', documentId: 'x2', events: [], at: new Date(0) },
    ]);
    expect(await relay({ deleteGraceMs: 0 }).publishPending({ sweep: true })).toBe(0);
    expect(await entries.countDocuments({ source: 'elsewhere' })).toBe(2);
    expect((await relay().backlog()).unpublished).toBe(0);
  });

  it('keeps a delete entry while its document exists and discards it after the grace period (the delete never happened)', async () => {
    await people().insertOne({ person_id: 'p1', name: 'Ann' });
    const event = domainEvent('user.deleted', userKey('p1'), { userId: 'p1', revision: 1 }, newEventMeta());
    const entries = mongo.db.collection(OUTBOX_COLLECTION);
    await entries.insertOne({ kind: 'delete', source: 'people', documentId: 'p1', events: [{ id: event.id, type: event.type, key: event.key, value: JSON.stringify(event), writtenAt: new Date() }], at: new Date() });
    expect(await relay({ deleteGraceMs: 60_000 }).publishPending()).toBe(0);
    expect(await entries.countDocuments()).toBe(1);
    await entries.updateMany({}, { $set: { at: new Date(Date.now() - 120_000) } });
    expect(await relay({ deleteGraceMs: 60_000 }).publishPending()).toBe(0);
    expect(await entries.countDocuments()).toBe(0);
    expect(publisher.sent).toHaveLength(0);
  });
});
