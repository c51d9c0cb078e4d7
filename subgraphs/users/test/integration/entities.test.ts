import { watchCommands } from '@kayak/common';
import { graphqlRequest, testConfig } from '@kayak/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server.js';
import { admin, insertAdmin, insertUsers, startHarness, type Harness } from './harness.js';

let h: Harness;
let userIds: string[];

beforeAll(async () => {
  h = await startHarness('users_entities');
  userIds = await insertUsers(h, '500', 50);
  for (let index = 0; index < 20; index += 1) await insertAdmin(h, `ADM${600 + index}`, 'Analytics Admin');
});

afterAll(async () => {
  await h?.close();
});

const ENTITIES = 'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { userId firstName } ... on Admin { adminId role } } }';
type Entities = { _entities: Array<{ userId?: string; firstName?: string; adminId?: string } | null> };

describe('reference resolution', () => {
  it('resolves 50 users in one request with a single find, in order, then from Redis with none', async () => {
    const representations = userIds.map((userId) => ({ __typename: 'User', userId }));
    const commands = watchCommands(h.server.mongo.client);
    try {
      const response = await h.call<Entities>(ENTITIES, { representations });
      expect(response.errors).toBeUndefined();
      expect(response.data?._entities.map((entity) => entity?.userId)).toEqual(userIds);
      expect(response.data?._entities[7]?.firstName).toBe('First7');
      expect(commands.count('find', 'users')).toBe(1);

      commands.reset();
      const cached = await h.call<Entities>(ENTITIES, { representations });
      expect(cached.data?._entities).toEqual(response.data?._entities);
      expect(commands.count('find', 'users')).toBe(0);
    } finally {
      commands.stop();
    }
  });

  it('returns null for unknown users among known ones, still with one find', async () => {
    const representations = ['501-00-0001', userIds[3], '501-00-0002', userIds[4]].map((userId) => ({ __typename: 'User', userId }));
    const commands = watchCommands(h.server.mongo.client);
    try {
      await h.server.redis.del(`users:${h.mongo.name}:user:${userIds[3]}`);
      const response = await h.call<Entities>(ENTITIES, { representations });
      expect(response.errors).toBeUndefined();
      expect(response.data?._entities.map((entity) => entity?.userId ?? null)).toEqual([null, userIds[3], null, userIds[4]]);
      expect(commands.count('find', 'users')).toBe(1);
    } finally {
      commands.stop();
    }
  });

  it('resolves 20 admins with a single find', async () => {
    const representations = Array.from({ length: 20 }, (_, index) => ({ __typename: 'Admin', adminId: `ADM${600 + index}` }));
    const commands = watchCommands(h.server.mongo.client);
    try {
      const response = await h.call<Entities>(ENTITIES, { representations }, admin('ADM600', 'Analytics Admin'));
      expect(response.errors).toBeUndefined();
      expect(response.data?._entities.map((entity) => entity?.adminId)).toEqual(representations.map((r) => r.adminId));
      expect(commands.count('find', 'admins')).toBe(1);
    } finally {
      commands.stop();
    }
  });

  it('still answers from Mongo when Redis is unreachable', async () => {
    const config = testConfig({ REDIS_URL: 'redis://127.0.0.1:1' });
    const degraded = await createServer({ config, port: 0, mongoDb: h.mongo.name });
    try {
      const representations = userIds.slice(0, 5).map((userId) => ({ __typename: 'User', userId }));
      const response = await graphqlRequest<Entities>(degraded.url, ENTITIES, { variables: { representations }, viewer: { kind: 'anonymous' }, gatewaySecret: config.GATEWAY_SECRET });
      expect(response.errors).toBeUndefined();
      expect(response.data?._entities.map((entity) => entity?.userId)).toEqual(userIds.slice(0, 5));
    } finally {
      await degraded.close();
    }
  });
});
