import { ensureCollections, OUTBOX_COLLECTION, userKey, type AnyDomainEvent } from '@kayak/common';
import { createTestMongo, graphqlRequest, testConfig, type TestMongo } from '@kayak/common/testing';
import { collections } from '@kayak/users/indexes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDomainTopics, type DomainTopicReader } from '../support/domain-topics.js';
import { startChildSubgraph, type ChildSubgraph } from './support/child.js';
import { eventually } from './support/wait.js';

// The users subgraph runs as a child process and is killed at the two worst moments of the Mongo
// outbox (docs/events.md): right after a user write reached Mongo and before anything else (no
// outbox hint, nothing published), and right after Kafka acknowledged the events and before they
// were pulled from the document. After each restart the event arrives; a consumer that dedupes by
// envelope id applies every event exactly once.
const config = testConfig();
let mongo: TestMongo;
let reader: DomainTopicReader;
const children: ChildSubgraph[] = [];

const startUsers = (kill?: 'after-write' | 'after-publish'): Promise<ChildSubgraph> =>
  startChildSubgraph('users', { MONGO_DB: mongo.name, FAULT_EVENT_TOPIC_PREFIX: reader.prefix, ...(kill ? { FAULT_EVENT_KILL: kill } : {}) }).then((child) => {
    children.push(child);
    return child;
  });

/** The consumer the issue asks for: applies an event once per envelope id, whatever Kafka redelivers. */
class DedupingConsumer {
  private readonly seen = new Set<string>();
  readonly applied: AnyDomainEvent[] = [];
  catchUp(messages: ReadonlyArray<{ event: AnyDomainEvent }>): void {
    for (const { event } of messages) {
      if (this.seen.has(event.id)) continue;
      this.seen.add(event.id);
      this.applied.push(event);
    }
  }
}

const registerInput = (userId: string) => ({
  userId,
  email: `fault-${userId}@example.com`,
  password: 'Valid!Pass1',
  firstName: 'Fay',
  lastName: 'Ult',
  address: { street: '1 Main St', city: 'San Jose', state: 'CA', zip: '95113' },
  phoneNumber: '408-555-0199',
});
const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }';
const keyed = (userId: string) => reader.messages.filter((message) => message.key === userKey(userId));

beforeAll(async () => {
  mongo = await createTestMongo(config, 'fault_outbox');
  await ensureCollections(mongo.db, collections);
  reader = await readDomainTopics(config.KAFKA_BROKERS, ['user.created', 'user.updated', 'user.deleted']);
}, 120_000);

afterAll(async () => {
  for (const child of children) await child.kill('SIGKILL');
  await reader?.close();
  await mongo?.drop();
}, 120_000);

describe('the users subgraph killed between its write and the publication of the event', () => {
  const userId = '911-00-0001';

  it('dies right after the write reached Mongo: the event waits in the document, with no hint and nothing published', async () => {
    const child = await startUsers('after-write');
    const response = graphqlRequest(child.url, REGISTER, { variables: { input: registerInput(userId) }, viewer: { kind: 'anonymous' }, gatewaySecret: config.GATEWAY_SECRET }).catch((error: unknown) => error);
    expect(await child.exited).toBe('SIGKILL');
    expect(await response).toBeInstanceOf(Error); // the caller never got an answer
    const stored = await mongo.db.collection('users').findOne({ user_id: userId });
    expect(stored?.pendingEvents).toHaveLength(1);
    expect(await mongo.db.collection(OUTBOX_COLLECTION).countDocuments()).toBe(0);
    expect(keyed(userId)).toHaveLength(0);
  }, 120_000);

  it('publishes it after the restart (the relay sweeps for pending events), exactly once', async () => {
    await startUsers();
    await reader.waitFor((event) => event.key === userKey(userId), 1, 60_000);
    await eventually('the published event left the document', async () => ((await mongo.db.collection('users').findOne({ user_id: userId }))?.pendingEvents ?? []).length === 0);
    const consumer = new DedupingConsumer();
    consumer.catchUp(keyed(userId));
    expect(consumer.applied.map((event) => event.type)).toEqual(['user.created']);
    expect(consumer.applied[0]?.payload).toMatchObject({ userId, email: `fault-${userId}@example.com`, revision: 1 });
    expect(keyed(userId)).toHaveLength(1);
  }, 120_000);
});

describe('the users subgraph killed after Kafka acknowledged the events, before they were pulled', () => {
  const userId = '911-00-0002';

  it('publishes again after the restart; the consumer deduping by id applies the event once', async () => {
    for (const child of children) await child.kill('SIGKILL');
    const child = await startUsers('after-publish');
    await graphqlRequest(child.url, REGISTER, { variables: { input: registerInput(userId) }, viewer: { kind: 'anonymous' }, gatewaySecret: config.GATEWAY_SECRET }).catch(() => undefined);
    expect(await child.exited).toBe('SIGKILL');
    await reader.waitFor((event) => event.key === userKey(userId), 1, 60_000);
    // Killed before the pull: the published event is still pending in the document.
    expect((await mongo.db.collection('users').findOne({ user_id: userId }))?.pendingEvents).toHaveLength(1);

    await startUsers();
    await reader.waitFor((event) => event.key === userKey(userId), 2, 60_000);
    await eventually('the republished event left the document', async () => ((await mongo.db.collection('users').findOne({ user_id: userId }))?.pendingEvents ?? []).length === 0);
    const delivered = keyed(userId);
    expect(delivered).toHaveLength(2);
    expect(new Set(delivered.map((message) => message.event.id)).size).toBe(1);
    const consumer = new DedupingConsumer();
    consumer.catchUp(delivered);
    expect(consumer.applied.map((event) => [event.type, event.payload])).toEqual([['user.created', expect.objectContaining({ userId, revision: 1 })]]);
  }, 180_000);
});
