import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type RawResponse, type Supergraph } from '../abuse/support/supergraph.js';
import { startChildSubgraph, type ChildSubgraph } from './support/child.js';
import { startHoldingProxy, type HoldingProxy } from './support/proxy.js';
import { eventually } from './support/wait.js';

// The users subgraph runs as its own process behind a proxy that can hold a request; the test
// kills the process (SIGKILL) while the gateway waits for its answer, then starts it again.
let sg: Supergraph;
let proxy: HoldingProxy;
let users: ChildSubgraph | null = null;
let port: number;

const QUERY = '{ usersHealth { ok } listingsHealth { ok } flight(flightId: "FL001") { flightId airlineName } }';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port: free } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return free;
}

const startUsers = (mongoDb: string): Promise<ChildSubgraph> => startChildSubgraph('users', { FAULT_PORT: String(port), MONGO_DB: mongoDb });

function expectPartial(response: RawResponse): void {
  expect(response.status).toBe(200);
  expect(response.body?.data).toEqual({ usersHealth: null, listingsHealth: { ok: true }, flight: { flightId: 'FL001', airlineName: expect.any(String) } });
  // One error for the failed fetch (the gateway gives it no path: a fetch can serve several fields).
  expect(response.body?.errors).toEqual([expect.objectContaining({ message: 'The users service is unavailable', extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }) })]);
}

beforeAll(async () => {
  port = await freePort();
  proxy = await startHoldingProxy(port);
  sg = await startSupergraph({ prefix: 'fault_killed', external: { users: proxy.url } });
  users = await startUsers(sg.mongo.name);
}, 180_000);

afterAll(async () => {
  await users?.kill('SIGTERM');
  await sg?.close();
  await proxy?.close();
});

describe('a subgraph killed in the middle of a request', () => {
  it('answers with every subgraph up (the baseline)', async () => {
    const response = await sg.post({ query: QUERY });
    expect(response.body?.errors).toBeUndefined();
    expect(response.body?.data).toMatchObject({ usersHealth: { ok: true }, listingsHealth: { ok: true }, flight: { flightId: 'FL001' } });
  });

  it('returns the other subgraphs’ data plus SERVICE_UNAVAILABLE for the killed one’s fields', async () => {
    proxy.hold();
    const pending = sg.post({ query: QUERY });
    await proxy.held(); // the gateway sent its request to users and waits for the answer
    expect(await users?.kill('SIGKILL')).toBe('SIGKILL');
    proxy.release();
    expectPartial(await pending);
  });

  it('keeps answering partially while the subgraph is down', async () => {
    expectPartial(await sg.post({ query: QUERY }));
  });

  it('recovers once the subgraph is back, without restarting the gateway', async () => {
    users = await startUsers(sg.mongo.name);
    await eventually('the gateway answers fully again', async () => {
      const response = await sg.post({ query: QUERY });
      return response.body?.errors === undefined && (response.body?.data?.usersHealth as { ok: boolean } | null)?.ok === true;
    }, 60_000);
    const response = await sg.post({ query: QUERY });
    expect(response.body?.errors).toBeUndefined();
    expect(response.body?.data).toMatchObject({ usersHealth: { ok: true }, listingsHealth: { ok: true }, flight: { flightId: 'FL001' } });
    const ready = await fetch(new URL('/ready', sg.gateway.url));
    expect(ready.status).toBe(200);
  });
});
