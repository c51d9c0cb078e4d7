import type { InfraConfig } from '@kayak/common/config';
import type { Detached } from '../process.js';

/** What the stack manager knows of one backing service: one file per service beside this one. */
export type ServiceName = 'mariadb' | 'redis' | 'kafka' | 'mongodb' | 'maildev' | 'jaeger';

/** `up`: usable; `down`: nothing answers; otherwise something answers but is not usable. */
export type ProbeResult = { state: 'up' } | { state: 'down' } | { state: 'broken'; problem: string };

export interface ServiceDefinition {
  name: ServiceName;
  label: string;
  /** Opt-in (the trace backend): started only when asked, never by a plain `stack:up` or `npm start`. */
  optional?: boolean;
  url(config: InfraConfig): string;
  /** The host of the configured URL: only loopback services are started here. */
  host(config: InfraConfig): string;
  probe(config: InfraConfig): Promise<ProbeResult>;
  /** Makes the binaries available (installing them when missing). */
  install(): void;
  /** Starts a local server for the configured URL and waits until it is healthy. */
  start(config: InfraConfig): Promise<Detached>;
}

export const down: ProbeResult = { state: 'down' };
export const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'ER_GET_CONNECTION_TIMEOUT']);
export const errorCode = (error: unknown): string => (typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '');
export const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function endpoint(url: string, defaultPort: number): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port ? Number(parsed.port) : defaultPort };
}

export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || host.startsWith('127.');
