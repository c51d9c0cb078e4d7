import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@kayak/common';
import { startMariaDbInstance, stopInstance } from '../../scripts/stack/index.js';
import { ALICE, startSupergraph, type RawResponse, type Supergraph } from '../abuse/support/supergraph.js';
import { eventually } from './support/wait.js';

// A private MariaDB (the shared one on 3306 is never touched) under the bookings subgraph: it is
// stopped and started again while the subgraph keeps running; the subgraph must reconnect by
// itself, and a request that failed during the outage must have written nothing.
const INSTANCE = 'mariadb-faults';
const PORT = 23317;
let sg: Supergraph;
const shared = new URL(loadConfig().DATABASE_URL);
const credentials = { user: decodeURIComponent(shared.username || 'root'), password: decodeURIComponent(shared.password) };
const privateUrl = `mysql://${shared.username}:${shared.password}@127.0.0.1:${PORT}/kayak`;

const CREATE = 'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { bookingId bookingStatus } }';
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();
const create = (days: number): Promise<RawResponse> =>
  sg.post({ query: CREATE, variables: { input: { listingType: 'Hotel', listingId: 'HTL004', startDate: inDays(days), endDate: inDays(days + 1), quantity: 1 } }, viewer: ALICE });
const mysqlHealth = async (): Promise<boolean | undefined> => {
  const response = await sg.post({ query: '{ bookingsHealth { dependencies { name ok } } }' });
  const health = response.body?.data?.bookingsHealth as { dependencies: Array<{ name: string; ok: boolean }> } | null;
  return health?.dependencies.find((dependency) => dependency.name === 'mysql')?.ok;
};
const bookingRows = async (): Promise<number> => {
  const [row] = await sg.sql<{ n: bigint }>('SELECT COUNT(*) AS n FROM bookings');
  return Number(row?.n ?? -1);
};

beforeAll(async () => {
  await stopInstance(INSTANCE); // a leftover of an interrupted run, if any (only ours, by pid file)
  await startMariaDbInstance(INSTANCE, PORT, credentials, { bufferPool: '64M' });
  sg = await startSupergraph({ prefix: 'fault_mariadb', configOverrides: { DATABASE_URL: privateUrl } });
}, 180_000);

afterAll(async () => {
  await sg?.close().catch(() => undefined);
  await stopInstance(INSTANCE);
}, 120_000);

describe('MariaDB restarted under the bookings subgraph', () => {
  it('books while MariaDB is up (the baseline)', async () => {
    const response = await create(30);
    expect(response.body?.errors).toBeUndefined();
    expect(await mysqlHealth()).toBe(true);
    expect(await bookingRows()).toBe(1);
  });

  it('fails bookings cleanly while MariaDB is stopped, and reports mysql unhealthy', async () => {
    expect(await stopInstance(INSTANCE)).toBe(true);
    const response = await create(31);
    expect(response.body?.data ?? null).toBeNull();
    expect(response.body?.errors?.[0]?.extensions?.code).toMatch(/^(INTERNAL_SERVER_ERROR|SERVICE_UNAVAILABLE)$/);
    expect(response.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1:23317|prisma/i);
    expect(await mysqlHealth()).toBe(false);
  });

  it('reconnects by itself once MariaDB is back: bookings succeed again, the failed one left no row', async () => {
    await startMariaDbInstance(INSTANCE, PORT, credentials, { bufferPool: '64M' });
    await eventually('the bookings subgraph reports mysql healthy', async () => (await mysqlHealth()) === true, 90_000, 500);
    const response = await create(32);
    expect(response.body?.errors).toBeUndefined();
    const bookingId = (response.body?.data as { createBooking: { bookingId: string } }).createBooking.bookingId;
    expect(await bookingRows()).toBe(2);
    const read = await sg.post({ query: 'query ($b: ID!) { booking(bookingId: $b) { bookingId bookingStatus } }', variables: { b: bookingId }, viewer: ALICE });
    expect(read.body).toEqual({ data: { booking: { bookingId, bookingStatus: 'Pending' } } });
  });
});
