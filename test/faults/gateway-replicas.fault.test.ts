import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type RawResponse, type Supergraph } from '../abuse/support/supergraph.js';
import { startChildSubgraph, type ChildSubgraph } from './support/child.js';
import { startHoldingProxy, type HoldingProxy } from './support/proxy.js';
import { eventually } from './support/wait.js';

// The users subgraph runs as two replicas (child processes), each behind a proxy that can hold a
// request; the gateway is given both (USERS_URL as a list). A replica is killed (SIGKILL) while the
// gateway waits for its answer: a query is answered by the other replica, a mutation is not sent
// twice (it fails with SERVICE_UNAVAILABLE and was applied nowhere). Only the children this test
// starts are killed.
let sg: Supergraph;
const replicas: Array<{ port: number; proxy: HoldingProxy; child: ChildSubgraph | null }> = [];

const QUERY = '{ usersHealth { ok } listingsHealth { ok } flight(flightId: "FL001") { flightId airlineName } }';
const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }';
const LOGIN = 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const startReplica = (port: number): Promise<ChildSubgraph> => startChildSubgraph('users', { FAULT_PORT: String(port), MONGO_DB: sg.mongo.name });

/** gateway_subgraph_replica_failures_total of users with these labels (0 when never counted). */
async function replicaFailures(failure: string, retried: boolean): Promise<number> {
  const text = await (await fetch(new URL('/metrics', sg.gateway.url))).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith('gateway_subgraph_replica_failures_total{') && candidate.includes('subgraph="users"') && candidate.includes(`failure="${failure}"`) && candidate.includes(`retried="${retried}"`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

function expectFull(response: RawResponse): void {
  expect(response.body?.errors).toBeUndefined();
  expect(response.body?.data).toMatchObject({ usersHealth: { ok: true }, listingsHealth: { ok: true }, flight: { flightId: 'FL001' } });
}

/** Holds both proxies, sends `request`, and returns which replica got it (the other is released again). */
async function sendHeld(request: () => Promise<RawResponse>): Promise<{ index: number; pending: Promise<RawResponse> }> {
  for (const replica of replicas) replica.proxy.hold();
  const pending = request();
  const index = await Promise.race(replicas.map((replica, n) => replica.proxy.held().then(() => n)));
  replicas.forEach((replica, n) => {
    if (n !== index) replica.proxy.release();
  });
  return { index, pending };
}

async function killHeld(index: number): Promise<void> {
  const replica = replicas[index];
  if (!replica?.child) throw new Error(`replica ${index} is not running`);
  expect(await replica.child.kill('SIGKILL')).toBe('SIGKILL');
  replica.child = null;
  replica.proxy.release(); // the held request goes to a dead process: the gateway's connection is reset
}

const registration = {
  userId: '920-11-0001',
  email: 'replica.mutation@example.com',
  password: 'Str0ng!Password',
  firstName: 'Rita',
  lastName: 'Replica',
  address: { street: '1 Main St', city: 'Boston', state: 'MA', zip: '02116' },
  phoneNumber: '617-555-0101',
};

beforeAll(async () => {
  for (let n = 0; n < 2; n += 1) {
    const port = await freePort();
    replicas.push({ port, proxy: await startHoldingProxy(port), child: null });
  }
  sg = await startSupergraph({ prefix: 'fault_gw_replicas', external: { users: replicas.map((replica) => replica.proxy.url).join(',') } });
  for (const replica of replicas) replica.child = await startReplica(replica.port);
}, 240_000);

afterAll(async () => {
  for (const replica of replicas) await replica.child?.kill('SIGTERM');
  await sg?.close();
  for (const replica of replicas) await replica.proxy.close();
});

describe('the gateway in front of two replicas of a subgraph, one killed mid-request', () => {
  it('balances queries over both replicas', async () => {
    const served = new Set<number>();
    for (let n = 0; n < 4; n += 1) {
      const { index, pending } = await sendHeld(() => sg.post({ query: QUERY }));
      served.add(index);
      replicas[index]?.proxy.release();
      expectFull(await pending);
    }
    expect([...served].sort()).toEqual([0, 1]);
  });

  it('answers a query in full from the other replica when its replica dies mid-request', async () => {
    const retriedBefore = await replicaFailures('connection-lost', true);
    const { index, pending } = await sendHeld(() => sg.post({ query: QUERY }));
    await killHeld(index);
    expectFull(await pending);
    expect(await replicaFailures('connection-lost', true)).toBe(retriedBefore + 1);
  });

  it('keeps answering in full while that replica is down', async () => {
    for (let n = 0; n < 6; n += 1) expectFull(await sg.post({ query: QUERY }));
    const ready = await fetch(new URL('/ready', sg.gateway.url));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ replicas: { users: '1/2' } });
  });

  it('takes the replica back once it is up again', async () => {
    const dead = replicas.findIndex((replica) => replica.child === null);
    const replica = replicas[dead];
    if (!replica) throw new Error('no replica was killed');
    replica.child = await startReplica(replica.port);
    await eventually('both replicas serve again', async () => {
      const served = new Set<number>();
      for (let n = 0; n < 4; n += 1) {
        const { index, pending } = await sendHeld(() => sg.post({ query: QUERY }));
        served.add(index);
        replicas[index]?.proxy.release();
        if ((await pending).body?.errors) return false;
      }
      return served.size === 2;
    }, 60_000, 500);
  });

  it('does not send a mutation to another replica once its replica may have received it', async () => {
    const notRetriedBefore = await replicaFailures('connection-lost', false);
    const { index, pending } = await sendHeld(() => sg.post({ query: REGISTER, variables: { input: registration }, headers: { 'x-forwarded-for': '203.0.113.7' } }));
    await killHeld(index);
    const response = await pending;
    expect(await replicaFailures('connection-lost', false)).toBe(notRetriedBefore + 1);
    expect(response.body?.data).toBeNull();
    expect(response.body?.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }) })]);
    // Applied nowhere: the user does not exist, and registering again (now on the survivor) works once.
    const login = await sg.post({ query: LOGIN, variables: { email: registration.email, password: registration.password }, headers: { 'x-forwarded-for': '203.0.113.8' } });
    expect(login.body?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const again = await sg.post({ query: REGISTER, variables: { input: registration }, headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(again.body?.errors).toBeUndefined();
    expect(await sg.mongo.db.collection('users').countDocuments({ email: registration.email })).toBe(1);
  });
});
