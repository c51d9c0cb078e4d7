import { describe, expect, it } from 'vitest';
import { connectionFailure, mayRetryOnAnotherReplica, parseUrlList, ReplicaSet, sendToReplicas } from '../../src/replicas.js';

const A = 'http://127.0.0.1:4012/graphql';
const B = 'http://127.0.0.1:4022/graphql';
const C = 'http://127.0.0.1:4032/graphql';

/** An error shaped like undici's: `fetch failed` wrapping the socket error and its code. */
const socketError = (code: string): Error => new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });

function clock(): { now: () => number; advance(ms: number): void } {
  let at = 1_000_000;
  return { now: () => at, advance: (ms) => (at += ms) };
}

describe('parseUrlList', () => {
  it('reads one URL or a comma-separated list, ignoring blanks and spaces', () => {
    expect(parseUrlList(A)).toEqual([A]);
    expect(parseUrlList(` ${A} , ${B},`)).toEqual([A, B]);
  });
});

describe('ReplicaSet', () => {
  it('starts each request at the next replica of the rotation', () => {
    const replicas = new ReplicaSet([A, B, C]);
    expect([replicas.order()[0], replicas.order()[0], replicas.order()[0], replicas.order()[0]]).toEqual([A, B, C, A]);
    expect(replicas.order()).toEqual([B, C, A]);
  });

  it('keeps a failed replica out of the rotation for the cooldown, then takes it back', () => {
    const time = clock();
    const replicas = new ReplicaSet(`${A},${B}`, { cooldownMs: 5000, now: time.now });
    replicas.markFailed(A);
    expect([replicas.order(), replicas.order(), replicas.order()]).toEqual([
      [B, A],
      [B, A],
      [B, A],
    ]);
    expect(replicas.cooling()).toEqual([A]);
    time.advance(5001);
    expect(replicas.cooling()).toEqual([]);
    expect(new Set([replicas.order()[0], replicas.order()[0]])).toEqual(new Set([A, B]));
  });

  it('tries replicas that sit out last, the one back soonest first, never dropping any', () => {
    const time = clock();
    const replicas = new ReplicaSet([A, B, C], { cooldownMs: 5000, now: time.now });
    replicas.markFailed(B);
    time.advance(1000);
    replicas.markFailed(A);
    expect(replicas.order()).toEqual([C, B, A]);
  });

  it('takes a replica back at once when it answers', () => {
    const replicas = new ReplicaSet([A, B]);
    replicas.markFailed(A);
    replicas.markHealthy(A);
    expect(replicas.cooling()).toEqual([]);
  });

  it('refuses an empty list', () => {
    expect(() => new ReplicaSet(' , ')).toThrow(/at least one URL/);
  });
});

describe('the retry rule', () => {
  it('tells a request that never left from one that may have reached the replica', () => {
    expect(connectionFailure(socketError('ECONNREFUSED'))).toBe('never-sent');
    expect(connectionFailure(socketError('UND_ERR_CONNECT_TIMEOUT'))).toBe('never-sent');
    expect(connectionFailure(socketError('ECONNRESET'))).toBe('connection-lost');
    expect(connectionFailure(socketError('UND_ERR_SOCKET'))).toBe('connection-lost');
    expect(connectionFailure(new Error('Unexpected token < in JSON'))).toBeNull();
  });

  it('retries queries after any connection failure, mutations only when they were never sent', () => {
    expect(mayRetryOnAnotherReplica('query', 'never-sent')).toBe(true);
    expect(mayRetryOnAnotherReplica('query', 'connection-lost')).toBe(true);
    expect(mayRetryOnAnotherReplica('mutation', 'never-sent')).toBe(true);
    expect(mayRetryOnAnotherReplica('mutation', 'connection-lost')).toBe(false);
    expect(mayRetryOnAnotherReplica('query', null)).toBe(false);
  });
});

describe('sendToReplicas', () => {
  it('sends a query whose replica reset the connection to the next replica, which then leads the rotation', async () => {
    const replicas = new ReplicaSet([A, B]);
    const tried: string[] = [];
    const answer = await sendToReplicas(replicas, 'query', async (url) => {
      tried.push(url);
      if (url === A) throw socketError('ECONNRESET');
      return 'ok';
    });
    expect(answer).toBe('ok');
    expect(tried).toEqual([A, B]);
    expect(replicas.cooling()).toEqual([A]);
    expect(replicas.order()).toEqual([B, A]);
  });

  it('does not resend a mutation whose connection was lost after sending, but still benches the replica', async () => {
    const replicas = new ReplicaSet([A, B]);
    const tried: string[] = [];
    await expect(
      sendToReplicas(replicas, 'mutation', async (url) => {
        tried.push(url);
        throw socketError('ECONNRESET');
      }),
    ).rejects.toThrow('fetch failed');
    expect(tried).toEqual([A]);
    expect(replicas.cooling()).toEqual([A]);
  });

  it('resends a mutation that was refused (never received) to the next replica', async () => {
    const replicas = new ReplicaSet([A, B]);
    const tried: string[] = [];
    const answer = await sendToReplicas(replicas, 'mutation', async (url) => {
      tried.push(url);
      if (url === A) throw socketError('ECONNREFUSED');
      return 'done';
    });
    expect(answer).toBe('done');
    expect(tried).toEqual([A, B]);
  });

  it('tries each replica once and rethrows the last failure when all are down', async () => {
    const replicas = new ReplicaSet([A, B, C]);
    const tried: string[] = [];
    await expect(
      sendToReplicas(replicas, 'query', async (url) => {
        tried.push(url);
        throw socketError('ECONNREFUSED');
      }),
    ).rejects.toThrow('fetch failed');
    expect(tried).toEqual([A, B, C]);
    expect(replicas.cooling()).toEqual([A, B, C]);
  });

  it('tells its listener of each connection failure and whether the request moved on', async () => {
    const replicas = new ReplicaSet([A, B, C]);
    const seen: Array<[string, string, boolean]> = [];
    await expect(
      sendToReplicas(
        replicas,
        'query',
        async () => {
          throw socketError('ECONNRESET');
        },
        (url, failure, retried) => seen.push([url, failure, retried]),
      ),
    ).rejects.toThrow();
    expect(seen).toEqual([
      [A, 'connection-lost', true],
      [B, 'connection-lost', true],
      [C, 'connection-lost', false],
    ]);
    seen.length = 0;
    await expect(
      sendToReplicas(
        new ReplicaSet([A, B]),
        'mutation',
        async () => {
          throw socketError('ECONNRESET');
        },
        (url, failure, retried) => seen.push([url, failure, retried]),
      ),
    ).rejects.toThrow();
    expect(seen).toEqual([[A, 'connection-lost', false]]);
  });

  it('does not retry an error that is no connection failure', async () => {
    const replicas = new ReplicaSet([A, B]);
    let calls = 0;
    await expect(
      sendToReplicas(replicas, 'query', async () => {
        calls += 1;
        throw new Error('bad answer');
      }),
    ).rejects.toThrow('bad answer');
    expect(calls).toBe(1);
    expect(replicas.cooling()).toEqual([]);
  });
});
