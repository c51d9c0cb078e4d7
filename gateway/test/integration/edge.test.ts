import { createHash } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig, RunningHttpServer } from '@kayak/common';
import { createTestMongo, graphqlRequest, testConfig, type TestMongo } from '@kayak/common/testing';
import { createServer as createReviews } from '@kayak/reviews';
import { createServer as createUsers } from '@kayak/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewaySettings } from '../../src/config.js';
import { createGateway } from '../../src/server.js';
import { readSupergraphConfig } from '../../src/supergraph.js';

// The gateway's edge behaviour (API keys, rate limits, query limits, APQ, allow-list, metrics,
// CORS, partial results) with two real subgraphs behind it.
let config: AppConfig;
let mongo: TestMongo;
let users: RunningHttpServer;
let reviews: RunningHttpServer;
let gateway: Awaited<ReturnType<typeof createGateway>>;
const registered = 'query RegisteredHealth { usersHealth { ok } }';

beforeAll(async () => {
  config = testConfig();
  mongo = await createTestMongo(config, 'edge');
  users = await createUsers({ config, port: 0, mongoDb: mongo.name });
  reviews = await createReviews({ config, port: 0, mongoDb: mongo.name });
  const operations = mkdtempSync(join(tmpdir(), 'operations-'));
  writeFileSync(join(operations, 'registered.graphql'), `# saved operation\n${registered}\n`);
  gateway = await createGateway({
    config,
    settings: { ...loadGatewaySettings({ NODE_ENV: 'test' }), limits: { maxDepth: 4, maxCost: 200, maxAliases: 3 }, maxBodyBytes: 16 * 1024 },
    port: 0,
    mongoDb: mongo.name,
    subgraphs: readSupergraphConfig().filter((subgraph) => subgraph.name === 'users' || subgraph.name === 'reviews'),
    subgraphUrls: { users: users.url, reviews: reviews.url },
    operationDirs: [operations],
  });
});

afterAll(async () => {
  await gateway?.close();
  await users?.close();
  await reviews?.close();
  await mongo?.drop();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

interface Body {
  data?: Record<string, unknown> | null;
  errors: Array<{ message: string; extensions: Record<string, unknown> }>;
}
const json = async (response: Response): Promise<Body> => (await response.json()) as Body;

describe('partner API keys', () => {
  it('rejects an unknown API key with UNAUTHENTICATED (401)', async () => {
    const response = await post({ query: '{ usersHealth { ok } }' }, { 'x-api-key': 'kpk_0123456789abcdef_not-a-real-secret-not-a-real-secret' });
    expect(response.status).toBe(401);
    expect((await json(response)).errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('stores only a hash of the key', async () => {
    const { apiKey, key } = await gateway.partners.create({ owner: 'hash-check', scopes: ['query'], rateLimit: { limit: 10, windowSeconds: 60 }, allowlistOnly: false });
    const stored = await mongo.db.collection('partner_api_keys').findOne({ key_id: key.keyId });
    // The whole secret: it is base64url, so it may itself contain '_' (its first fragment alone can be
    // a single character that any stored field happens to contain).
    const secret = apiKey.split('_').slice(2).join('_');
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored?.key_hash).toBe(createHash('sha256').update(secret).digest('hex'));
  });

  it('limits each key to its rate and answers RATE_LIMITED (429) with retry-after', async () => {
    const { apiKey } = await gateway.partners.create({ owner: 'acme', scopes: ['query'], rateLimit: { limit: 3, windowSeconds: 3600 }, allowlistOnly: false });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post({ query: '{ usersHealth { ok } }' }, { 'x-api-key': apiKey })).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await post({ query: '{ usersHealth { ok } }' }, { 'x-api-key': apiKey });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await json(limited);
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });

    const other = await gateway.partners.create({ owner: 'globex', scopes: ['query'], rateLimit: { limit: 3, windowSeconds: 3600 }, allowlistOnly: false });
    expect((await post({ query: '{ usersHealth { ok } }' }, { 'x-api-key': other.apiKey })).status).toBe(200);
  });

  it('lets an allow-list key run registered operations only', async () => {
    const { apiKey } = await gateway.partners.create({ owner: 'strict', scopes: ['query'], rateLimit: { limit: 100, windowSeconds: 60 }, allowlistOnly: true });
    const allowed = await graphqlRequest(gateway.url, '  query   RegisteredHealth {\n usersHealth { ok } }', { headers: { 'x-api-key': apiKey } });
    expect(allowed.errors).toBeUndefined();
    const refused = await graphqlRequest(gateway.url, '{ usersHealth { ok dependencies { name } } }', { headers: { 'x-api-key': apiKey } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_ALLOWED');
    expect(refused.data ?? null).toBeNull();
  });
});

describe('query limits', () => {
  it('rejects a query deeper than the limit before execution', async () => {
    const response = await graphqlRequest(gateway.url, '{ usersHealth { dependencies { name } } q: __schema { types { fields { type { name } } } } }');
    expect(response.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
    expect(response.status).toBe(400);
  });

  it('rejects too many aliases', async () => {
    const response = await graphqlRequest(gateway.url, '{ a: usersHealth { ok } b: usersHealth { ok } c: usersHealth { ok } d: usersHealth { ok } }');
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX' }, message: expect.stringMatching(/4 aliases/) });
  });

  it('rejects an oversized body with 413', async () => {
    const response = await post({ query: '{ usersHealth { ok } }', variables: { padding: 'x'.repeat(20 * 1024) } });
    expect(response.status).toBe(413);
  });

  it.each([
    ['with a content-length', false],
    ['chunked, without a content-length', true],
  ])('closes the connection cleanly after a 413 (%s), so the client\'s next request on a new one succeeds', async (_how, chunked) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const send = (body: string, streamed: boolean) =>
      new Promise<{ status: number; connection: string | undefined; text: string }>((resolve, reject) => {
        const request = http.request(gateway.url, { method: 'POST', agent, headers: { 'content-type': 'application/json', ...(streamed ? {} : { 'content-length': Buffer.byteLength(body) }) } }, (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, text }));
        });
        request.on('socket', (socket) => sockets.add(socket));
        request.on('error', reject);
        if (streamed) for (let i = 0; i < 40; i++) request.write(body.slice((i * body.length) / 40, ((i + 1) * body.length) / 40));
        else request.write(body);
        request.end();
      });
    try {
      const tooLarge = await send(JSON.stringify({ query: '{ usersHealth { ok } }', variables: { padding: 'x'.repeat(200 * 1024) } }), chunked);
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.connection).toBe('close');
      expect(JSON.parse(tooLarge.text)).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
      const next = await send(JSON.stringify({ query: '{ usersHealth { ok } }' }), false);
      expect(next.status).toBe(200);
      expect(JSON.parse(next.text)).toEqual({ data: { usersHealth: { ok: true } } });
      expect(sockets.size).toBe(2);
    } finally {
      agent.destroy();
    }
  });

  it('rejects malformed JSON with 400', async () => {
    const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    expect((await json(response)).errors[0]?.extensions.code).toBe('BAD_REQUEST');
  });
});

describe('automatic persisted queries', () => {
  it('registers a query on first use and then answers the hash alone', async () => {
    const query = `query Apq${Date.now()} { reviewsHealth { ok } }`; // unique: Redis keeps hashes across runs
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const unknown = await json(await post({ extensions }));
    expect(unknown.errors[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await json(await post({ query, extensions }))).data).toEqual({ reviewsHealth: { ok: true } });
    expect((await json(await post({ extensions }))).data).toEqual({ reviewsHealth: { ok: true } });
  });
});

describe('observability and browsers', () => {
  it('echoes a well-formed request id and counts requests in /metrics', async () => {
    const response = await post({ query: 'query MetricsProbe { usersHealth { ok } }' }, { 'x-request-id': 'test-request-0001' });
    expect(response.headers.get('x-request-id')).toBe('test-request-0001');
    const metrics = await (await fetch(gateway.url.replace(/\/$/, '/metrics'))).text();
    expect(metrics).toMatch(/gateway_requests_total\{operation="MetricsProbe",outcome="ok"\} 1/);
    expect(metrics).toMatch(/gateway_subgraph_fetch_duration_seconds_count\{subgraph="users",outcome="ok"\} \d+/);
  });

  it('answers CORS preflight requests', async () => {
    const response = await fetch(gateway.url, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' } });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
  });
});

describe('a subgraph that is down', () => {
  it('gives partial data with SERVICE_UNAVAILABLE for its part, then recovers when it returns', async () => {
    const query = '{ usersHealth { ok } reviewsHealth { ok } }';
    await reviews.close();
    const partial = await graphqlRequest<{ usersHealth: { ok: boolean } | null; reviewsHealth: { ok: boolean } | null }>(gateway.url, query);
    expect(partial.data?.usersHealth).toEqual({ ok: true });
    expect(partial.data?.reviewsHealth).toBeNull();
    expect(partial.errors?.[0]).toMatchObject({ message: 'The reviews service is unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } });

    reviews = await createReviews({ config, port: reviews.port, mongoDb: mongo.name });
    const recovered = await graphqlRequest(gateway.url, query);
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data).toEqual({ usersHealth: { ok: true }, reviewsHealth: { ok: true } });
  });
});
