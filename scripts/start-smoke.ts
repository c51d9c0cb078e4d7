/**
 * What a new user does first, as CI does it on its clean clone: `npm start` (nothing generated,
 * maybe no service running), wait for the gateway's /ready, sign in as a demo traveller, run the
 * flagship query (gateway/operations/flagship.graphql) and check its answer, then stop everything
 * `npm start` started. Exits non-zero with the reason and the tail of the start log on any failure.
 *
 * Imports nothing of the project: it must run before anything is generated.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const gateway = `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.GATEWAY_PORT ?? '4000'}`;
const readyTimeoutMs = Number(process.env.START_SMOKE_TIMEOUT_MS ?? 15 * 60_000);

const log: string[] = [];
const child = spawn('npm', ['start'], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
for (const stream of [child.stdout, child.stderr]) {
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => log.push(...chunk.split('\n').filter(Boolean)));
}
let exited = false;
child.on('exit', () => {
  exited = true;
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function graphql(query: string, token?: string): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const response = await fetch(`${gateway}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

async function waitReady(): Promise<void> {
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error('npm start exited before the gateway was ready');
    try {
      if ((await fetch(`${gateway}/ready`, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(1000);
  }
  throw new Error(`the gateway was not ready within ${readyTimeoutMs / 1000} s`);
}

interface FlagshipBooking {
  bookingId: string;
  listing: Record<string, unknown> | null;
  billing: { invoiceNumber: string } | null;
}

async function check(): Promise<string> {
  const started = Date.now();
  await waitReady();
  const readyAfter = ((Date.now() - started) / 1000).toFixed(0);
  // npm start prints the URL once its own readiness poll sees what ours just saw.
  for (let waited = 0; !log.some((line) => line.includes('Apollo Sandbox:')); waited += 200) {
    if (waited >= 30_000 || exited) throw new Error('npm start did not print the Sandbox URL');
    await sleep(200);
  }
  const login = await graphql('mutation { login(email: "alice@example.com", password: "Kayak!2026") { accessToken } }');
  const token = (login.data?.login as { accessToken?: string } | undefined)?.accessToken;
  if (!token) throw new Error(`demo sign-in failed: ${JSON.stringify(login)}`);
  const flagship = await graphql(readFileSync(join(root, 'gateway/operations/flagship.graphql'), 'utf8'), token);
  if (flagship.errors) throw new Error(`the flagship query answered errors: ${JSON.stringify(flagship.errors)}`);
  const me = flagship.data?.me as { userId?: string; bookings?: { nodes: FlagshipBooking[] } } | undefined;
  const bookings = me?.bookings?.nodes ?? [];
  if (me?.userId !== '123-45-6789') throw new Error(`the flagship query answered another user: ${JSON.stringify(me)}`);
  if (bookings.length === 0) throw new Error('the demo traveller has no bookings in the flagship answer');
  const broken = bookings.filter((booking) => booking.listing === null);
  if (broken.length > 0) throw new Error(`bookings without their listing: ${broken.map((b) => b.bookingId).join(', ')}`);
  if (!bookings.some((booking) => booking.billing?.invoiceNumber.startsWith('INV'))) throw new Error('no paid booking with an invoice in the flagship answer');
  return `start smoke: ready after ${readyAfter} s; flagship answered ${bookings.length} bookings of ${me.userId} with listings and invoices`;
}

async function stop(): Promise<void> {
  if (exited || child.pid === undefined) return;
  process.kill(-child.pid, 'SIGINT');
  for (let waited = 0; !exited && waited < 30_000; waited += 200) await sleep(200);
  if (!exited) process.kill(-child.pid, 'SIGKILL');
}

try {
  console.log(await check());
  await stop();
} catch (error) {
  console.error(`start smoke FAILED: ${error instanceof Error ? error.message : String(error)}\nLast lines of npm start:\n${log.slice(-40).join('\n')}`);
  await stop();
  process.exit(1);
}
