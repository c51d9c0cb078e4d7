import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { loadConfig } from '@kayak/common';
import { loadEnvFile, repoRoot } from '@kayak/common/env';
import { readSupergraphConfig } from '@kayak/gateway/supergraph';
import { loadWebSettings } from '../web/server/settings.js';
import { prepare } from './prepare.js';
import { planLaunches, type Launch } from './replicas.js';
import { tracesLine, tracingRequested, withTracing } from './tracing.js';

const children: ChildProcess[] = [];
let stopping = false;

function launch({ name, entry, env }: Launch): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(repoRoot, entry)], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => console.log(`[${name}] ${line}`));
  }
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[${name}] exited (${signal ?? code}); stopping the others`);
    void stop(1);
  });
  return child;
}

async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const exits = children.filter((child) => child.exitCode === null).map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of children) child.kill('SIGTERM');
  await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); // never leave one behind
  console.log('stopped the subgraphs and the gateway (backing services keep running: npm run stack:down stops them)');
  process.exit(exitCode);
}

async function waitReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`the gateway was not ready within ${timeoutMs / 1000} s (${url})`);
}

try {
  loadEnvFile();
  const argv = process.argv.slice(2);
  // --tracing / STACK_TRACING=1: Jaeger too, and every process sends its spans there.
  const tracing = tracingRequested(argv, process.env);
  await prepare(console.log, { tracing });
  const config = loadConfig();
  // Imported only now: the seed reaches the Prisma client that prepare() has just generated.
  const { seed } = await import('./seed/index.js');
  console.log(await seed(config));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // Every subgraph of supergraph.yaml (as many replicas as REPLICAS / --replicas asks), then the
  // gateway and the web client (Vite dev server, /graphql proxied to the gateway).
  const env = withTracing(tracing, process.env);
  const processes = planLaunches(config, readSupergraphConfig(), argv, env);
  for (const launched of processes) children.push(launch(launched));
  const replicated = processes.filter((launched) => launched.name.includes('#')).map((launched) => launched.name);
  if (replicated.length > 0) console.log(`replicas: ${replicated.join(', ')}`);
  const base = `http://${config.HOST}:${config.GATEWAY_PORT}`;
  await waitReady(`${base}/ready`, 60_000);
  const traces = tracing ? `\n  ${await tracesLine(env)}` : '';
  console.log(`\n  Supergraph ready. Apollo Sandbox: ${base}/   (GraphQL endpoint ${base}/graphql)${traces}\n  Web client: ${loadWebSettings().url}   (demo traveller alice@example.com / Kayak!2026; admin area #/admin, e.g. listings@example.com / Kayak!2026)\n  Mail inbox: ${config.MAILDEV_URL}   (what the notifications sent)\n  Ctrl-C stops the gateway and subgraphs.\n`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stop(1);
}
