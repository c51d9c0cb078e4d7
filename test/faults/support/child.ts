import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * A subgraph in its own process (test/faults/support/subgraph-process.ts), so a fault test can
 * kill it for real (SIGKILL) and start it again. Resolves once the child printed its URL.
 */
export interface ChildSubgraph {
  url: string;
  pid: number;
  process: ChildProcess;
  /** Output lines, for diagnosing a failed test. */
  output: string[];
  /** Resolves with the signal or exit code once the process ended. */
  exited: Promise<NodeJS.Signals | number | null>;
  kill(signal?: NodeJS.Signals): Promise<NodeJS.Signals | number | null>;
}

const entry = fileURLToPath(new URL('./subgraph-process.ts', import.meta.url));

/** With `waitReady: false` it resolves at once (url ''), e.g. for a child expected to die while starting. */
export async function startChildSubgraph(name: 'users' | 'listings' | 'bookings', env: Record<string, string>, options: { waitReady?: boolean; timeoutMs?: number } = {}): Promise<ChildSubgraph> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const child = spawn(process.execPath, ['--import', 'tsx', entry, name], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${output.slice(-20).join('\n')}`)), timeoutMs);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        const ready = /^READY (\S+)$/.exec(line);
        if (ready?.[1]) {
          clearTimeout(timer);
          resolve(ready[1]);
        }
      });
    }
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${String(how)}) before it was ready:\n${output.slice(-20).join('\n')}`));
    });
  });
  if (options.waitReady === false) ready.catch(() => undefined);
  const url = options.waitReady === false ? '' : await ready;
  return {
    url,
    pid: child.pid ?? -1,
    process: child,
    output,
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
