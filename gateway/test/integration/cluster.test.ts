import type { AppConfig } from '@kayak/common';
import { repoRoot } from '@kayak/common/env';
import { createTestMongo, createTestMySql, testConfig, type TestMongo, type TestMySql } from '@kayak/common/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessSupergraph, type InProcessSupergraph } from '../../../test/support/supergraph.js';

// GATEWAY_WORKERS: the real entry point (gateway/src/index.ts) as a process with two workers in
// front of four in-process subgraphs. Counts, not timings: every request is answered, /metrics on
// any worker counts the requests of all of them, a killed worker is replaced, SIGTERM stops all.
let config: AppConfig;
let mongo: TestMongo;
let mysql: TestMySql;
let graph: InProcessSupergraph;
let primary: ChildProcess;
let base: string;
let output = '';

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** The gateway workers among a process's children (Linux /proc; tsx's esbuild is a child too). */
const childrenOf = (pid: number): number[] =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        return Number(readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .filter((name) => {
      try {
        return readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('index.ts');
      } catch {
        return false;
      }
    })
    .map(Number);

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await Promise.resolve(check()).catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} within ${timeoutMs} ms (gateway pid ${primary?.pid}, exit ${primary?.exitCode}, workers ${childrenOf(primary?.pid ?? 0).join(',')}); output:\n${output.slice(-2000)}`);
}

/** `{ __typename }` on a new connection (no keep-alive): a socket to a killed worker is not reused. */
const typename = (): Promise<string> =>
  new Promise((resolve, reject) => {
    const request = httpRequest(`${base}/graphql`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(String((JSON.parse(body) as { data?: { __typename?: unknown } }).data?.__typename)));
    });
    request.once('error', reject);
    request.setTimeout(15_000, () => request.destroy(new Error('no answer within 15 s')));
    request.end(JSON.stringify({ query: '{ __typename }' }));
  });

const requestsCounted = async (): Promise<number> => {
  const text = await (await fetch(`${base}/metrics`, { headers: { connection: 'close' } })).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('gateway_requests_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
};

beforeAll(async () => {
  config = testConfig();
  mongo = await createTestMongo(config, 'gateway_cluster');
  mysql = await createTestMySql(config, 'gateway_cluster');
  // The harness's four subgraphs (its own in-process gateway is not used here).
  graph = await startInProcessSupergraph({ config, mongoDb: mongo.name, databaseUrl: mysql.url });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  primary = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'gateway', 'src', 'index.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      GATEWAY_WORKERS: '2',
      GATEWAY_PORT: String(port),
      HOST: '127.0.0.1',
      MONGO_DB: mongo.name,
      LOG_LEVEL: 'info',
      USERS_URL: graph.urls.users,
      LISTINGS_URL: graph.urls.listings,
      BOOKINGS_URL: graph.urls.bookings,
      REVIEWS_URL: graph.urls.reviews,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  primary.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  primary.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await until('two workers ready', async () => childrenOf(primary.pid ?? 0).length === 2 && (await fetch(`${base}/ready`)).ok, 30_000);
}, 120_000);

afterAll(async () => {
  if (primary && primary.exitCode === null) primary.kill('SIGKILL');
  await graph?.close();
  await mongo?.drop();
  await mysql?.drop();
});

describe('gateway workers', () => {
  it('answers every request and reports the metrics of all workers on any of them', async () => {
    const before = await requestsCounted();
    const answers = await Promise.all(Array.from({ length: 20 }, () => typename()));
    expect(answers).toEqual(Array.from({ length: 20 }, () => 'Query'));
    // Round-robin over two workers: one worker's own registry would hold about half of them.
    for (let attempt = 0; attempt < 4; attempt += 1) expect((await requestsCounted()) - before).toBe(20);
  });

  it('replaces a worker that dies, and keeps answering meanwhile', async () => {
    const [victim, survivor] = childrenOf(primary.pid ?? 0);
    process.kill(victim ?? 0, 'SIGKILL');
    // Once the primary has reaped it (its /proc entry is gone, not just a zombie), new connections go
    // to the survivor until the new worker listens.
    await until('the killed worker reaped', () => !existsSync(`/proc/${victim ?? 0}`));
    expect(await typename()).toBe('Query');
    // A new worker compiles and composes the supergraph before it listens: slow on a busy machine.
    await until('a new worker', () => {
      const now = childrenOf(primary.pid ?? 0);
      return now.length === 2 && !now.includes(victim ?? 0) && now.includes(survivor ?? 0);
    }, 90_000);
    await until('ready again', async () => (await fetch(`${base}/ready`)).ok);
  }, 120_000);

  it('stops every worker on SIGTERM', async () => {
    const workers = childrenOf(primary.pid ?? 0);
    const exited = new Promise<number | null>((resolve) => primary.once('exit', (code) => resolve(code)));
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    await until('workers gone', () => workers.every((pid) => !readdirSync('/proc').includes(String(pid))), 20_000);
  });
});
