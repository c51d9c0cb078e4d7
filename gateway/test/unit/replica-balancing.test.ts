import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReplicaSet } from '@kayak/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationOfBody, SubgraphConnections } from '../../src/datasource.js';

// The gateway's fetcher over a subgraph's replicas, against real sockets: a healthy replica, one
// that drops the connection after reading the request (it died mid-request), and a port nobody
// listens on (connection refused).
const servers: Server[] = [];
const received = { healthy: [] as string[], dying: [] as string[] };
let healthy: string;
let dying: string;
let refused: string;
let connections: SubgraphConnections;

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

async function closedPort(): Promise<string> {
  const url = await listen(() => undefined);
  const server = servers.pop();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  return url;
}

const readBody = async (req: AsyncIterable<Buffer>): Promise<string> => {
  let body = '';
  for await (const chunk of req) body += chunk.toString();
  return body;
};

beforeAll(async () => {
  healthy = await listen(async (req, res) => {
    received.healthy.push(await readBody(req));
    res.setHeader('content-type', 'application/json');
    res.end('{"data":{"ok":true}}');
  });
  dying = await listen(async (req) => {
    received.dying.push(await readBody(req));
    req.socket.destroy();
  });
  refused = await closedPort();
  connections = new SubgraphConnections(4);
});

afterAll(async () => {
  await connections.close();
  for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
});

const QUERY = JSON.stringify({ query: 'query Q__listings__0{listingsHealth{ok}}', variables: {} });
const ENTITIES = JSON.stringify({ query: '{_entities(representations:$r){__typename}}' });
const MUTATION = JSON.stringify({ query: 'mutation M__bookings__0($id:ID!){cancelBooking(bookingId:$id){bookingStatus}}', variables: { id: 'B1' } });

async function send(replicas: ReplicaSet, body: string): Promise<number> {
  const answer = await connections.post(replicas, { 'content-type': 'application/json' }, body);
  return answer.status;
}

function reset(): void {
  received.healthy.length = 0;
  received.dying.length = 0;
}

describe('operationOfBody', () => {
  it('recognises the queries the gateway sends and treats everything else as a mutation', () => {
    expect(operationOfBody(QUERY)).toBe('query');
    expect(operationOfBody(ENTITIES)).toBe('query');
    expect(operationOfBody(MUTATION)).toBe('mutation');
    expect(operationOfBody(JSON.stringify({ variables: {}, query: '{a}' }))).toBe('mutation');
    expect(operationOfBody(undefined)).toBe('mutation');
  });
});

describe('SubgraphConnections.post', () => {
  it('balances requests across the replicas in turn', async () => {
    reset();
    const other = await listen(async (req, res) => {
      await readBody(req);
      res.setHeader('content-type', 'application/json');
      res.end('{"data":{"ok":true}}');
    });
    const replicas = new ReplicaSet([healthy, other]);
    for (let n = 0; n < 6; n += 1) expect(await send(replicas, QUERY)).toBe(200);
    expect(received.healthy).toHaveLength(3);
  });

  it('sends a query that lost its connection mid-request to another replica', async () => {
    reset();
    const replicas = new ReplicaSet([dying, healthy]);
    expect(await send(replicas, QUERY)).toBe(200);
    expect(received.dying).toEqual([QUERY]);
    expect(received.healthy).toEqual([QUERY]);
    expect(replicas.cooling()).toEqual([dying]);
  });

  it('keeps the failed replica out of the rotation afterwards', async () => {
    reset();
    const replicas = new ReplicaSet([dying, healthy], { cooldownMs: 60_000 });
    expect(await send(replicas, QUERY)).toBe(200);
    for (let n = 0; n < 4; n += 1) expect(await send(replicas, QUERY)).toBe(200);
    expect(received.dying).toHaveLength(1);
    expect(received.healthy).toHaveLength(5);
  });

  it('never sends a mutation twice when the replica may have received it', async () => {
    reset();
    const replicas = new ReplicaSet([dying, healthy]);
    await expect(send(replicas, MUTATION)).rejects.toThrow();
    expect(received.dying).toEqual([MUTATION]);
    expect(received.healthy).toEqual([]);
  });

  it('sends a mutation refused by a replica (never received) to another one', async () => {
    reset();
    const replicas = new ReplicaSet([refused, healthy]);
    expect(await send(replicas, MUTATION)).toBe(200);
    expect(received.healthy).toEqual([MUTATION]);
    expect(replicas.cooling()).toEqual([refused]);
  });

  it('fails when every replica is down', async () => {
    const replicas = new ReplicaSet([refused, dying]);
    await expect(send(replicas, QUERY)).rejects.toThrow();
    expect(replicas.cooling().sort()).toEqual([refused, dying].sort());
  });
});
