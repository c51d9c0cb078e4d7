import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { logFile, pidFile } from './paths.js';

export class StackError extends Error {}

export function findExecutable(name: string, extraDirs: string[] = ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/usr/bin', '/sbin']): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs];
  return dirs.map((dir) => join(dir, name)).find((path) => existsSync(path));
}

/** Runs a command to completion; on failure throws with the tail of its output. */
export function run(command: string, args: string[], options: SpawnOptions & { what: string }): void {
  const result = spawnSync(command, args, { ...options, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new StackError(`${options.what}: could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    throw new StackError(`${options.what} failed (${command} ${args.join(' ')} exited ${result.status}):\n${output}`);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function readPid(service: string): number | undefined {
  const path = pidFile(service);
  if (!existsSync(path)) return undefined;
  const pid = Number(readFileSync(path, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** The pid of a process this checkout started that is still running. */
export function managedPid(service: string): number | undefined {
  const pid = readPid(service);
  if (pid !== undefined && isAlive(pid)) return pid;
  rmSync(pidFile(service), { force: true });
  return undefined;
}

export interface Detached {
  pid: number;
  exited(): boolean;
  logPath: string;
}

/** Starts a long-running server detached from this process, output appended to its log file. */
export function spawnDetached(service: string, command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Detached {
  const logPath = logFile(service);
  const fd = openSync(logPath, 'a');
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  if (child.pid === undefined) throw new StackError(`could not start ${command}`);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  child.unref();
  writeFileSync(pidFile(service), String(child.pid));
  return { pid: child.pid, exited: () => exited, logPath };
}

export function logTail(path: string, lines = 20): string {
  if (!existsSync(path)) return '(no log)';
  return readFileSync(path, 'utf8').trim().split('\n').slice(-lines).join('\n');
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Stops a process started by `spawnDetached` (its whole process group): TERM, then KILL. */
export async function stopManaged(service: string, graceMs = 30_000): Promise<boolean> {
  const pid = managedPid(service);
  if (pid === undefined) return false;
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(-pid, name);
    } catch {
      try {
        process.kill(pid, name);
      } catch {
        /* already gone */
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) signal('SIGKILL');
  while (isAlive(pid)) await sleep(50);
  rmSync(pidFile(service), { force: true });
  return true;
}

/** Sends a signal to a process started by `spawnDetached` (e.g. SIGSTOP/SIGCONT to freeze it); false when it is not running. */
export function signalManaged(service: string, signal: NodeJS.Signals): boolean {
  const pid = managedPid(service);
  if (pid === undefined) return false;
  process.kill(pid, signal);
  return true;
}

export async function waitUntil(what: string, check: () => Promise<boolean>, options: { timeoutMs: number; process?: Detached }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await check()) return;
    if (options.process?.exited()) {
      throw new StackError(`${what} exited during start-up. Last lines of ${options.process.logPath}:\n${logTail(options.process.logPath)}`);
    }
    if (Date.now() > deadline) {
      const log = options.process ? `\nLast lines of ${options.process.logPath}:\n${logTail(options.process.logPath)}` : '';
      throw new StackError(`${what} did not become healthy within ${options.timeoutMs / 1000} s.${log}`);
    }
    await sleep(250);
  }
}

let aptUpdated = false;
/** Installs Debian packages when we are root on a Debian-like machine; otherwise says what to install. */
export function aptInstall(packages: string[], purpose: string): void {
  const apt = findExecutable('apt-get');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!apt || !isRoot) {
    throw new StackError(
      `${purpose} is missing and cannot be installed automatically (${!apt ? 'no apt-get' : 'not root'}). ` +
        `Install the Debian package(s) ${packages.join(', ')}, or run the service yourself and point its URL at it (see README).`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    run(apt, ['update', '-qq'], { env, what: 'apt-get update' });
    aptUpdated = true;
  }
  run(apt, ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env, what: `installing ${packages.join(', ')}` });
}
