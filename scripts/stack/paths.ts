import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@kayak/common/env';

/** Per-checkout state: data, logs and pid files of the services this checkout started. */
export const stackDir = process.env.STACK_DIR ?? join(repoRoot, '.stack');

/**
 * Per-machine cache of what is slow to build and identical for every checkout (Kafka jars,
 * the mongo-java-server jars and its compiled launcher), so a fresh clone on the same machine starts in seconds.
 */
export const cacheDir = process.env.STACK_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kayak-supergraph');

export function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}

export const logFile = (service: string): string => join(ensureDir(join(stackDir, 'logs')), `${service}.log`);
export const pidFile = (service: string): string => join(ensureDir(stackDir), `${service}.pid`);
export const dataDir = (service: string): string => ensureDir(join(stackDir, service));
