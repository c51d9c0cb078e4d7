import { describe, expect, it } from 'vitest';
import { backoffDelay, createRelayLoop } from '../../src/relay.js';

const tick = (ms = 20): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('relay loop', () => {
  it('doubles the retry delay from the initial one and stays at the cap', () => {
    expect([1, 2, 3, 4, 5, 10].map((failures) => backoffDelay(failures, 250, 2_000))).toEqual([250, 500, 1_000, 2_000, 2_000, 2_000]);
  });

  it('runs a round at start, sleeps when idle, and runs again at once when notified', async () => {
    let rounds = 0;
    const loop = createRelayLoop({ round: async () => ((rounds += 1), false), idleMs: 60_000, backoff: { initialMs: 60_000, maxMs: 60_000 }, onFailure: () => undefined });
    loop.start();
    await expect.poll(() => rounds).toBe(1);
    loop.notify();
    await expect.poll(() => rounds).toBe(2);
    await tick();
    expect(rounds).toBe(2);
    await loop.stop();
    expect(loop.running).toBe(false);
  });

  it('goes on without pausing while a round says more is waiting', async () => {
    let rounds = 0;
    const loop = createRelayLoop({ round: async () => ((rounds += 1), rounds < 3), idleMs: 60_000, backoff: { initialMs: 60_000, maxMs: 60_000 }, onFailure: () => undefined });
    loop.start();
    await expect.poll(() => rounds).toBe(3);
    await tick();
    expect(rounds).toBe(3);
    await loop.stop();
  });

  it('counts failures, backs off (a notify does not cut the backoff short), and resets once a round succeeds', async () => {
    let failing = true;
    const startedAt: number[] = [];
    const reported: Array<[number, number]> = [];
    const recovered: number[] = [];
    const loop = createRelayLoop({
      round: async () => {
        startedAt.push(Date.now());
        if (failing) throw new Error('broker down');
        return false;
      },
      idleMs: 60_000,
      backoff: { initialMs: 30, maxMs: 40 },
      onFailure: (_error, failures, retryInMs) => {
        reported.push([failures, retryInMs]);
      },
      onRecovery: (failures) => recovered.push(failures),
    });
    loop.start();
    await expect.poll(() => loop.failures).toBe(1);
    loop.notify();
    await expect.poll(() => reported.length).toBeGreaterThanOrEqual(2);
    expect(reported.slice(0, 2)).toEqual([[1, 30], [2, 40]]);
    // The retry waited out the backoff although notified at once (however slow this machine is).
    expect((startedAt[1] ?? 0) - (startedAt[0] ?? 0)).toBeGreaterThanOrEqual(29);
    failing = false;
    await expect.poll(() => loop.failures).toBe(0);
    expect(recovered).toHaveLength(1);
    await loop.stop();
  });

  it('stops during an idle pause without waiting for it', async () => {
    const loop = createRelayLoop({ round: async () => false, idleMs: 60_000, backoff: { initialMs: 60_000, maxMs: 60_000 }, onFailure: () => undefined });
    loop.start();
    await tick();
    const started = Date.now();
    await loop.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
