import { GATEWAY_ASSERTION_HEADER, signAccessToken, signGatewayAssertion, type AppConfig, type RunningHttpServer } from '@kayak/common';
import { createTestMongo, createTestMySql, graphqlRequest, testConfig, type TestMongo, type TestMySql } from '@kayak/common/testing';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewaySettings } from '../../src/config.js';
import { createGateway } from '../../src/server.js';
import { startInProcessSupergraph, type InProcessSupergraph } from '../../../test/support/supergraph.js';

// The whole supergraph in one process: four real subgraphs on their own databases, the gateway
// in front, all on ephemeral ports.
let config: AppConfig;
let mongo: TestMongo;
let mysql: TestMySql;
const subgraphs: Record<string, RunningHttpServer> = {};
let graph: InProcessSupergraph;
let gateway: RunningHttpServer;

beforeAll(async () => {
  config = testConfig();
  mongo = await createTestMongo(config, 'gateway');
  mysql = await createTestMySql(config, 'gateway');
  graph = await startInProcessSupergraph({ config, mongoDb: mongo.name, databaseUrl: mysql.url });
  for (const [name, server] of [['users', graph.users], ['listings', graph.listings], ['bookings', graph.bookings], ['reviews', graph.reviews]] as const) {
    if (server) subgraphs[name] = server;
  }
  gateway = graph.gateway;
});

afterAll(async () => {
  await graph?.close();
  await mongo?.drop();
  await mysql?.drop();
});

const healthQuery = `{
  __typename
  usersHealth { service ok dependencies { name ok } }
  listingsHealth { service ok dependencies { name ok } }
  bookingsHealth { service ok dependencies { name ok } }
  reviewsHealth { service ok dependencies { name ok } }
}`;

describe('gateway', () => {
  it('answers one query touching all four subgraphs and their backing services', async () => {
    const response = await graphqlRequest<Record<string, { service: string; ok: boolean; dependencies: Array<{ name: string; ok: boolean }> } | string>>(gateway.url, healthQuery);
    expect(response.errors).toBeUndefined();
    expect(response.data?.__typename).toBe('Query');
    const dependencies = (name: string) => {
      const health = response.data?.[`${name}Health`];
      if (typeof health !== 'object') throw new Error(`no ${name}Health`);
      expect(health).toMatchObject({ service: name, ok: true });
      return health.dependencies.map((d) => d.name);
    };
    expect(dependencies('users')).toEqual(expect.arrayContaining(['mongodb', 'redis']));
    expect(dependencies('listings')).toEqual(expect.arrayContaining(['mongodb', 'redis', 'kafka']));
    expect(dependencies('bookings')).toEqual(expect.arrayContaining(['mysql', 'redis', 'kafka']));
    expect(dependencies('reviews')).toEqual(expect.arrayContaining(['mongodb']));
  });

  it('serves /health, and /ready once every subgraph answers', async () => {
    const base = gateway.url.replace(/\/$/, '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', subgraphs: { users: true, listings: true, bookings: true, reviews: true }, replicas: { users: '1/1', listings: '1/1', bookings: '1/1', reviews: '1/1' } });
  });

  it('answers 503 on /ready while a subgraph says it is not ready (e.g. a dead consumer), naming it', async () => {
    // Answers GraphQL like a live subgraph, but its /ready says a consumer is dead.
    const notReady = createHttpServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url !== '/ready') return res.end(JSON.stringify({ data: { __typename: 'Query' } }));
      res.statusCode = 503;
      res.end(JSON.stringify({ status: 'not ready', consumers: [{ name: 'availability', ready: false, reason: 'not running (crashed or restarting)' }] }));
    });
    await new Promise<void>((resolve) => notReady.listen(0, '127.0.0.1', () => resolve()));
    const { port } = notReady.address() as AddressInfo;
    const urls = { ...Object.fromEntries(Object.entries(subgraphs).map(([name, server]) => [name, server.url])), listings: `http://127.0.0.1:${port}/graphql` };
    const probing = await createGateway({ config, port: 0, mongoDb: mongo.name, subgraphUrls: urls });
    try {
      const ready = await fetch(`${probing.url.replace(/\/$/, '')}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'not ready', subgraphs: { users: true, listings: false, bookings: true, reviews: true }, replicas: { users: '1/1', listings: '0/1', bookings: '1/1', reviews: '1/1' } });
    } finally {
      await probing.close();
      await new Promise<void>((resolve) => notReady.close(() => resolve()));
    }
  });

  it('rejects an invalid access token with UNAUTHENTICATED before reaching any subgraph', async () => {
    const response = await graphqlRequest(gateway.url, '{ __typename }', { headers: { authorization: 'Bearer not-a-token' } });
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.data ?? null).toBeNull();
  });

  it('accepts a valid access token', async () => {
    const token = await signAccessToken(config.JWT_SECRET, { kind: 'user', userId: '123-45-6789' });
    const response = await graphqlRequest(gateway.url, '{ usersHealth { ok } }', { headers: { authorization: `Bearer ${token}` } });
    expect(response.errors).toBeUndefined();
  });
});

describe('development mode', () => {
  it('composes the supergraph from the running subgraphs (poll mode)', async () => {
    const settings = { ...loadGatewaySettings({ NODE_ENV: 'test' }), supergraph: { mode: 'poll' as const, pollMs: 60_000 } };
    const polling = await createGateway({ config, settings, port: 0, mongoDb: mongo.name, subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, server]) => [name, server.url])) });
    try {
      const response = await graphqlRequest(polling.url, '{ usersHealth { ok } bookingsHealth { ok } }');
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({ usersHealth: { ok: true }, bookingsHealth: { ok: true } });
    } finally {
      await polling.close();
    }
  });
});

describe('subgraphs trust only the gateway', () => {
  it('rejects a request without the gateway assertion', async () => {
    const response = await graphqlRequest(subgraphs.users?.url ?? '', '{ usersHealth { ok } }');
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects an assertion signed with another secret', async () => {
    const forged = await signGatewayAssertion('x'.repeat(40), { kind: 'admin', adminId: 'ADM001', role: 'Super Admin' }, 'forged');
    const response = await graphqlRequest(subgraphs.bookings?.url ?? '', '{ bookingsHealth { ok } }', { headers: { [GATEWAY_ASSERTION_HEADER]: forged } });
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers a request carrying a valid assertion', async () => {
    const response = await graphqlRequest(subgraphs.reviews?.url ?? '', '{ reviewsHealth { ok } }', { viewer: { kind: 'anonymous' }, gatewaySecret: config.GATEWAY_SECRET });
    expect(response.data).toEqual({ reviewsHealth: { ok: true } });
  });
});
