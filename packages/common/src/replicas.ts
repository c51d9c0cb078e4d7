/**
 * Replicas of one subgraph as seen by a caller (the gateway, or a subgraph's entity client):
 * requests take turns (round robin), a replica whose connection failed sits out for `cooldownMs`,
 * and a request that failed on one replica may be sent to the next one when that is safe
 * (`mayRetryOnAnotherReplica`). docs/gateway.md describes the rule.
 */

/** `<NAME>_URL` holds one URL or several separated by commas (one per replica). */
export function parseUrlList(value: string): string[] {
  return value
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
}

export interface ReplicaSetOptions {
  /** How long a replica whose connection failed is tried only after every other one (default 5 s). */
  cooldownMs?: number;
  /** The clock (tests pass one they move). */
  now?: () => number;
}

export const DEFAULT_REPLICA_COOLDOWN_MS = 5_000;

export class ReplicaSet {
  readonly urls: readonly string[];
  private readonly cooldownMs: number;
  private readonly now: () => number;
  private next = 0;
  /** Until when each failed replica sits out (epoch ms). */
  private readonly coolingUntil = new Map<string, number>();

  constructor(urls: readonly string[] | string, options: ReplicaSetOptions = {}) {
    const list = typeof urls === 'string' ? parseUrlList(urls) : [...urls];
    if (list.length === 0) throw new Error('a replica set needs at least one URL');
    this.urls = list;
    this.cooldownMs = options.cooldownMs ?? DEFAULT_REPLICA_COOLDOWN_MS;
    this.now = options.now ?? Date.now;
  }

  /**
   * The replicas to try for one request, each once, in order: the healthy ones starting at the
   * next turn of the rotation, then those sitting out (soonest back first), so a request is never
   * refused without trying every replica.
   */
  order(): string[] {
    const start = this.next % this.urls.length;
    this.next = (start + 1) % this.urls.length;
    const rotated = [...this.urls.slice(start), ...this.urls.slice(0, start)];
    const now = this.now();
    const healthy = rotated.filter((url) => (this.coolingUntil.get(url) ?? 0) <= now);
    const cooling = rotated.filter((url) => (this.coolingUntil.get(url) ?? 0) > now).sort((a, b) => (this.coolingUntil.get(a) ?? 0) - (this.coolingUntil.get(b) ?? 0));
    return [...healthy, ...cooling];
  }

  /** The connection to `url` failed: it sits out of the rotation for the cooldown. */
  markFailed(url: string): void {
    this.coolingUntil.set(url, this.now() + this.cooldownMs);
  }

  /** `url` answered: back in the rotation at once. */
  markHealthy(url: string): void {
    if (this.coolingUntil.size > 0) this.coolingUntil.delete(url);
  }

  /** Replicas sitting out now. */
  cooling(): string[] {
    const now = this.now();
    return this.urls.filter((url) => (this.coolingUntil.get(url) ?? 0) > now);
  }
}

/**
 * Connection errors that prove the request never reached the replica: nothing listened (refused),
 * no route or name, or the connection could not be opened in time. Anything else (reset, closed
 * socket, timeout while waiting for the answer) may come after the replica received the request.
 */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);
/** Connection-level failures after the request may have been sent: the replica died or dropped us. */
const CONNECTION_LOST = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** The error codes of an error and its causes (fetch wraps the socket's error in `cause`). */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

export type ConnectionFailure = 'never-sent' | 'connection-lost';

/** How a request failed at the connection level, or null when it is no connection failure (an HTTP answer, a bug...). */
export function connectionFailure(error: unknown): ConnectionFailure | null {
  const codes = errorCodes(error);
  if (codes.some((code) => NEVER_SENT.has(code))) return 'never-sent';
  if (codes.some((code) => CONNECTION_LOST.has(code))) return 'connection-lost';
  return null;
}

/**
 * The retry rule: a query (reads only) may run again anywhere; a mutation only when the failed
 * replica certainly never received it, else it could be applied twice.
 */
export function mayRetryOnAnotherReplica(operation: 'query' | 'mutation', failure: ConnectionFailure | null): boolean {
  if (failure === null) return false;
  return operation === 'query' || failure === 'never-sent';
}

/** Told of every connection failure: which replica, how it failed, and whether the request moves on to another one. */
export type ReplicaFailureListener = (url: string, failure: ConnectionFailure, retried: boolean) => void;

/**
 * Sends one request to the replicas in `replicas.order()` until one answers. `send` throws on a
 * connection failure; the failed replica sits out, and the request moves on to the next replica
 * when the retry rule allows it. The last failure is rethrown.
 */
export async function sendToReplicas<T>(replicas: ReplicaSet, operation: 'query' | 'mutation', send: (url: string) => Promise<T>, onFailure?: ReplicaFailureListener): Promise<T> {
  let lastError: unknown;
  const order = replicas.order();
  for (const [index, url] of order.entries()) {
    try {
      const answer = await send(url);
      replicas.markHealthy(url);
      return answer;
    } catch (error) {
      const failure = connectionFailure(error);
      if (failure === null) throw error;
      replicas.markFailed(url);
      const retried = mayRetryOnAnotherReplica(operation, failure) && index < order.length - 1;
      onFailure?.(url, failure, retried);
      if (!mayRetryOnAnotherReplica(operation, failure)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}
