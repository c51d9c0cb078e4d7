import { ensureCollections, OUTBOX_COLLECTION, userKey, type AppConfig, type Viewer } from '@kayak/common';
import { createTestMongo, graphqlRequest, testConfig, type TestMongo } from '@kayak/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDomainTopics, type DomainTopicReader } from '../../../../test/support/domain-topics.js';
import { collections } from '../../src/repositories/indexes.js';
import { USER_EVENT_TYPES } from '../../src/repositories/userEvents.js';
import { createServer } from '../../src/server.js';
import { admin, AUTH_FIELDS, insertAdmin, registerInput, user, type Harness } from './harness.js';

/** user.* events: written with the change (Mongo outbox), published by the relay to this file's own topics. */
let config: AppConfig;
let mongo: TestMongo;
let server: Awaited<ReturnType<typeof createServer>>;
let reader: DomainTopicReader;

const call = <T>(query: string, variables: Record<string, unknown>, viewer: Viewer = { kind: 'anonymous' }) =>
  graphqlRequest<T>(server.url, query, { variables, viewer, gatewaySecret: config.GATEWAY_SECRET });

beforeAll(async () => {
  config = testConfig();
  mongo = await createTestMongo(config, 'users_events');
  await ensureCollections(mongo.db, collections);
  reader = await readDomainTopics(config.KAFKA_BROKERS, USER_EVENT_TYPES);
  server = await createServer({ config, port: 0, mongoDb: mongo.name, domainEvents: { relay: true, topicPrefix: reader.prefix, pollIntervalMs: 200 } });
  await insertAdmin({ mongo } as Harness, 'ADM030', 'User Admin');
});

afterAll(async () => {
  await server?.close();
  await reader?.close();
  await mongo?.drop();
});

describe('user events', () => {
  it('publishes user.created, user.updated and user.deleted with growing revisions, keyed by user', async () => {
    const input = registerInput();
    const userId = String(input.userId);
    const registered = await call(`mutation ($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`, { input });
    expect(registered.errors).toBeUndefined();
    const update = 'mutation ($userId: ID, $input: UpdateProfileInput!) { updateProfile(userId: $userId, input: $input) { userId } }';
    expect((await call(update, { input: { firstName: 'Dora', address: { street: '5 Pine St', city: 'Austin', state: 'TX', zip: '78701' } } }, user(userId))).errors).toBeUndefined();
    expect((await call(update, { userId, input: { lastName: 'Admin-Set' } }, admin('ADM030', 'User Admin'))).errors).toBeUndefined();
    // The erasure drops events still unpublished (they carry the personal data it removes): the
    // updates must have left before it, however slow the relay is on a busy machine.
    await reader.waitFor((event) => event.key === userKey(userId), 3);
    expect((await call('mutation ($userId: ID) { deleteUser(userId: $userId) { userId } }', { userId }, user(userId))).errors).toBeUndefined();

    const mine = (await reader.waitFor((event) => event.key === userKey(userId), 4)).sort((a, b) => revisionOf(a) - revisionOf(b));
    expect(mine.map((event) => event.type)).toEqual(['user.created', 'user.updated', 'user.updated', 'user.deleted']);
    expect(mine.map(revisionOf)).toEqual([1, 2, 3, 4]);
    expect(mine[0]?.payload).toEqual({ userId, email: input.email, firstName: 'Dana', lastName: 'Lee', city: 'San Jose', state: 'CA', revision: 1 });
    expect(mine[2]?.payload).toMatchObject({ firstName: 'Dora', lastName: 'Admin-Set', city: 'Austin', state: 'TX', revision: 3 });
    expect(mine[3]?.payload).toEqual({ userId, revision: 4 });
    for (const message of reader.messages.filter((m) => m.key === userKey(userId))) expect(message.topic).toBe(`${reader.prefix}.${message.event.type}`);
    // Published events leave the document; handled hints leave the outbox.
    await expect.poll(async () => (await mongo.db.collection('users').findOne({ user_id: userId }))?.pendingEvents).toEqual([]);
    await expect.poll(() => mongo.db.collection(OUTBOX_COLLECTION).countDocuments()).toBe(0);
  });

  it('writes no event when a registration is refused', async () => {
    const first = registerInput();
    await call(`mutation ($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`, { input: first });
    const again = await call(`mutation ($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`, { input: { ...registerInput(), userId: first.userId } });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    await reader.waitFor((event) => event.key === userKey(String(first.userId)));
    await server.eventRelay?.publishPending({ sweep: true });
    expect(reader.messages.filter((m) => m.key === userKey(String(first.userId)))).toHaveLength(1);
  });
});

function revisionOf(event: { payload: unknown }): number {
  return (event.payload as { revision: number }).revision;
}
