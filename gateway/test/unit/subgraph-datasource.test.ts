import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GATEWAY_ASSERTION_HEADER, REQUEST_ID_HEADER } from '@kayak/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheHintOf, SubgraphConnections, SubgraphDataSource } from '../../src/datasource.js';
import { createMetrics } from '../../src/metrics.js';

// The gateway's data source against a real socket: what it sends a subgraph, and what it makes of
// the answer (data, cache hint, cache tags, failures).
let server: Server;
let base: string;
const seen: { headers: IncomingHttpHeaders; body: string }[] = [];
const connections = new SubgraphConnections(2);

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    seen.push({ headers: req.headers, body });
    if (req.url === '/ok') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=30, public', 'x-cache-tags': 'listing:FL001 reviews:FL001' });
      res.end('{"data":{"flight":{"id":"FL001"}}}');
    } else if (req.url === '/html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>proxy error</html>');
    } else {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"errors":[{"message":"Invalid gateway assertion"}]}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await connections.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function operation(path: string) {
  const hints: unknown[] = [];
  const context = { requestId: 'req-12345678', assertion: async () => 'signed-assertion', cacheTags: new Set<string>() };
  const source = new SubgraphDataSource({ url: `${base}${path}` }, 'listings', createMetrics(), connections);
  const run = () =>
    source.process({
      kind: 'incoming operation',
      request: { query: 'query Q__listings__0($id:ID!){flight(id:$id){id}}', operationName: 'Q__listings__0', variables: { id: 'FL001' } },
      incomingRequestContext: { overallCachePolicy: { restrict: (hint: unknown) => hints.push(hint) } },
      context,
    } as never);
  return { run, hints, context };
}

describe('SubgraphDataSource', () => {
  it('sends the query with the signed assertion and request id, and returns the answer with its cache hint and tags', async () => {
    seen.length = 0;
    const { run, hints, context } = operation('/ok');
    expect(await run()).toEqual({ data: { flight: { id: 'FL001' } } });
    const [request] = seen;
    expect(request?.headers[GATEWAY_ASSERTION_HEADER]).toBe('signed-assertion');
    expect(request?.headers[REQUEST_ID_HEADER]).toBe('req-12345678');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ query: 'query Q__listings__0($id:ID!){flight(id:$id){id}}', operationName: 'Q__listings__0', variables: { id: 'FL001' } });
    expect(request?.body.startsWith('{"query":"query')).toBe(true);
    expect(hints).toEqual([{ maxAge: 30, scope: 'PUBLIC' }]);
    expect([...context.cacheTags]).toEqual(['listing:FL001', 'reviews:FL001']);
  });

  it('turns an answer that is not JSON into SERVICE_UNAVAILABLE', async () => {
    await expect(operation('/html').run()).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
  });

  it('keeps UNAUTHENTICATED from a subgraph that answers 401', async () => {
    await expect(operation('/denied').run()).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('turns a subgraph nobody listens on into SERVICE_UNAVAILABLE', async () => {
    const source = new SubgraphDataSource({ url: 'http://127.0.0.1:1/graphql' }, 'listings', createMetrics(), connections);
    await expect(source.process({ kind: 'health check', request: { query: '{ __typename }' }, context: {} } as never)).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
  });
});

describe('cacheHintOf', () => {
  it('reads max-age and scope; no max-age is not cacheable', () => {
    expect(cacheHintOf('max-age=60, public')).toEqual({ maxAge: 60, scope: 'PUBLIC' });
    expect(cacheHintOf('private, max-age=5')).toEqual({ maxAge: 5, scope: 'PRIVATE' });
    expect(cacheHintOf('no-store')).toEqual({ maxAge: 0 });
    expect(cacheHintOf(undefined)).toEqual({ maxAge: 0 });
    expect(cacheHintOf('max-age=abc')).toEqual({ maxAge: 0 });
  });
});
