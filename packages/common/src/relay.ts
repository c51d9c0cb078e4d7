import type { Logger } from './logger.js';

/**
 * The one loop skeleton of the platform's background relays (bookings' outbox relay, reviews'
 * rating relay, bookings' hold sweeper): run a round, then pause — `idleMs` when nothing is left,
 * a growing backoff after a failure — until stopped. What a round reads (the store) and where it
 * sends (the publisher) belong to each subgraph; the loop only decides when the next round runs.
 */

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/** Delay before retry number `failures` (1, 2, …): doubling from initialMs, capped at maxMs. */
export function backoffDelay(failures: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, failures - 1));
}

export interface RelayLoopOptions {
  /** One round of work; resolves true when more is already waiting, so the next round starts at once. */
  round(): Promise<boolean>;
  /** Pause after a round that left nothing waiting; `notify()` ends it early. */
  idleMs: number;
  /** Pause after a failed round, growing with consecutive failures; only `stop()` ends it early. */
  backoff: Backoff;
  /** Called after a failed round, before the pause: log it, record it where operators look. */
  onFailure(error: unknown, failures: number, retryInMs: number): void | Promise<void>;
  /** Called after the first successful round that follows failures. */
  onRecovery?(failures: number): void;
}

export interface RelayLoop {
  start(): void;
  /** Stops the loop after the round in progress. */
  stop(): Promise<void>;
  /** Work was added: an idle loop runs a round now, a busy one runs another right after. */
  notify(): void;
  readonly running: boolean;
  /** Failed rounds since the last success (0 when healthy). */
  readonly failures: number;
}

export function createRelayLoop(options: RelayLoopOptions, logger?: Logger): RelayLoop {
  let running = false;
  let failures = 0;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let notified = false;

  function sleep(ms: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      // A backoff pause only ends early on stop(); an idle one also when notified.
      wake = wakeable ? done : () => (running ? undefined : done());
    });
  }

  async function run(): Promise<void> {
    while (running) {
      notified = false;
      let more: boolean;
      try {
        more = await options.round();
        if (failures > 0) options.onRecovery?.(failures);
        failures = 0;
      } catch (error) {
        failures += 1;
        const delay = backoffDelay(failures, options.backoff.initialMs, options.backoff.maxMs);
        try {
          await options.onFailure(error, failures, delay);
        } catch (reportError) {
          logger?.warn({ err: reportError }, 'relay failure could not be reported');
        }
        if (running) await sleep(delay, false);
        continue;
      }
      if (running && !more && !notified) await sleep(options.idleMs, true);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = null;
    },
    notify() {
      notified = true;
      wake?.();
    },
    get running() {
      return running;
    },
    get failures() {
      return failures;
    },
  };
}
