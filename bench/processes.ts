import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { GATEWAY_ASSERTION_HEADER, signGatewayAssertion } from '@kayak/common';
import { repoRoot } from '@kayak/common/env';

/** The bench's child processes (4 subgraphs, our gateway, Hive Gateway), like scripts/start.ts. */
export interface BenchProcess {
  name: string;
  child: ChildProcess;
  logPath: string;
}

/** Fails when something already listens on one of the ports (e.g. a stale bench process). */
export async function assertPortsFree(ports: number[], host = '127.0.0.1'): Promise<void> {
  const taken: number[] = [];
  await Promise.all(
    ports.map(
      (port) =>
        new Promise<void>((resolve) => {
          const socket = connect({ port, host });
          socket.once('connect', () => {
            taken.push(port);
            socket.destroy();
            resolve();
          });
          socket.once('error', () => resolve());
        }),
    ),
  );
  if (taken.length > 0) throw new Error(`ports ${taken.sort().join(', ')} are in use; stop what listens there or set BENCH_BASE_PORT`);
}

export function launch(name: string, entry: string, args: string[], env: NodeJS.ProcessEnv, logDir: string): BenchProcess {
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, `${name}.log`);
  const log = createWriteStream(logPath, { flags: 'w' });
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, entry), ...args], { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return { name, child, logPath };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` passes; fails early when the process exited. */
export async function waitFor(what: string, check: () => Promise<boolean>, process: BenchProcess | undefined, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process && process.child.exitCode !== null) throw new Error(`${what}: the process exited (${process.child.exitCode}); see ${process.logPath}`);
    try {
      if (await check()) return;
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  throw new Error(`${what} not ready within ${timeoutMs / 1000} s${process ? `; see ${process.logPath}` : ''}`);
}

/** A subgraph is ready when it answers `{ __typename }` to a request the gateway could have sent. */
export async function subgraphAnswers(url: string, gatewaySecret: string): Promise<boolean> {
  const assertion = await signGatewayAssertion(gatewaySecret, { kind: 'anonymous' }, 'bench-ready');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [GATEWAY_ASSERTION_HEADER]: assertion },
    body: JSON.stringify({ query: '{ __typename }' }),
    signal: AbortSignal.timeout(2_000),
  });
  return response.ok;
}

export async function httpOk(url: string, init: RequestInit = {}): Promise<boolean> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(2_000) });
  return response.ok;
}

/** SIGTERM, then SIGKILL after a grace period; resolves once every process exited. */
export async function stopAll(processes: BenchProcess[], graceMs = 10_000): Promise<void> {
  const running = processes.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
  const exits = running.map((p) => new Promise<void>((resolve) => p.child.once('exit', () => resolve())));
  for (const p of running) p.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  }, graceMs);
  await Promise.all(exits);
  clearTimeout(timer);
}
