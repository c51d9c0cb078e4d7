import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

/**
 * Load generation. HTTP load at fixed concurrency comes from autocannon; each response's latency
 * is recorded (autocannon's own summary has no p95) and GraphQL errors inside 200 responses are
 * counted too. `closedLoop` drives requests that are more than one HTTP call (the direct path).
 */

export interface RoundResult {
  requests: number;
  seconds: number;
  rps: number;
  errors: number;
  /** The first few failures, to tell what the errors were. */
  errorSamples: string[];
}

const MAX_SAMPLES = 3;
const sample = (samples: string[], text: string): void => {
  if (samples.length < MAX_SAMPLES) samples.push(text.slice(0, 300));
};

export interface Summary {
  rounds: RoundResult[];
  /** Mean of the rounds' requests per second. */
  rps: number;
  rpsMin: number;
  rpsMax: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  requests: number;
  /** Non-2xx answers, socket errors, timeouts and responses carrying GraphQL `errors`. */
  errors: number;
  errorSamples: string[];
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

export function summarise(rounds: RoundResult[], latencies: number[]): Summary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const rpsValues = rounds.map((round) => round.rps);
  return {
    rounds,
    rps: round2(rpsValues.reduce((sum, value) => sum + value, 0) / Math.max(1, rpsValues.length)),
    rpsMin: round2(Math.min(...rpsValues)),
    rpsMax: round2(Math.max(...rpsValues)),
    p50: round2(percentile(sorted, 50)),
    p95: round2(percentile(sorted, 95)),
    p99: round2(percentile(sorted, 99)),
    mean: round2(sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length)),
    requests: rounds.reduce((sum, round) => sum + round.requests, 0),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    errorSamples: rounds.flatMap((round) => round.errorSamples).slice(0, MAX_SAMPLES),
  };
}

/** One request of a scenario; `setup` may rewrite it per send (fresh variables, another user). */
export interface ScenarioRequest {
  body: (context: Record<string, unknown>) => { body: string; headers: Record<string, string> };
  /** Sees each response body (e.g. to keep an id for the next request of the connection). */
  onBody?: (body: string, context: Record<string, unknown>) => void;
}

export interface Scenario {
  name: string;
  requests: ScenarioRequest[];
}

/** Per-connection state of a scenario (autocannon hands each connection its own context object). */
const states = new WeakMap<object, Record<string, unknown>>();
function stateOf(context: object): Record<string, unknown> {
  let state = states.get(context);
  if (!state) {
    state = {};
    states.set(context, state);
  }
  return state;
}

/** How long an autocannon run lasts: a duration, or a number of requests (all of which complete). */
export type RunLength = { seconds: number } | { amount: number };

/**
 * One autocannon run; latencies of its responses are appended to `latencies` unless warming up.
 * A run by `amount` waits for every request, so a slow system is not undercounted by requests
 * still in flight when a timed run stops.
 */
export async function autocannonRound(url: string, scenario: Scenario, connections: number, length: RunLength, latencies: number[] | null): Promise<RoundResult> {
  let graphqlErrors = 0;
  const errorSamples: string[] = [];
  const requests: autocannon.Request[] = scenario.requests.map((request) => ({
    method: 'POST',
    setupRequest: (req: autocannon.Request, context: object) => {
      const { body, headers } = request.body(stateOf(context));
      return { ...req, body, headers: { 'content-type': 'application/json', ...headers } };
    },
    onResponse: (status: number, body: string, context: object) => {
      if (status === 200 && body.includes('"errors"')) {
        graphqlErrors += 1;
        sample(errorSamples, body);
      } else if (status !== 200) sample(errorSamples, `HTTP ${status}: ${body}`);
      request.onBody?.(body, stateOf(context));
    },
  }));
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options = { url, connections, requests, timeout: 60, ...('amount' in length ? { amount: length.amount } : { duration: length.seconds }) };
    const instance = autocannon(options, (error, finished) => (error ? reject(error) : resolve(finished)));
    if (latencies) instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  });
  const elapsed = (performance.now() - started) / 1000;
  const total = result.requests.total;
  if (result.timeouts > 0) sample(errorSamples, `${result.timeouts} requests timed out`);
  if (result.errors > result.timeouts) sample(errorSamples, `${result.errors - result.timeouts} socket errors`);
  return { requests: total, seconds: round2(elapsed), rps: round2(total / elapsed), errors: result.non2xx + result.errors + graphqlErrors, errorSamples };
}

/**
 * Rounds of about `roundSeconds` by request count: the warm-up's throughput says how many
 * requests fill a round (at least two per connection), rounded to whole scenario cycles.
 */
export function amountFor(warmup: RoundResult, roundSeconds: number, connections: number, cycle: number): number {
  const wanted = Math.max(2 * connections, Math.round(warmup.rps * roundSeconds));
  return Math.ceil(wanted / cycle) * cycle;
}

/**
 * `connections` workers each call `operation` back to back until the time is up; `operation`
 * resolves to null for a success, else to what went wrong.
 */
export async function closedLoopRound(operation: () => Promise<string | null>, connections: number, seconds: number, latencies: number[] | null): Promise<RoundResult> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let count = 0;
  let errors = 0;
  const errorSamples: string[] = [];
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const begin = performance.now();
      let failure: string | null;
      try {
        failure = await operation();
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
      latencies?.push(performance.now() - begin);
      count += 1;
      if (failure !== null) {
        errors += 1;
        sample(errorSamples, failure);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return { requests: count, seconds: round2(elapsed), rps: round2(count / elapsed), errors, errorSamples };
}

export interface RoundTarget {
  name: string;
  /** A warm-up round (not recorded) of about `seconds`. */
  warmup(seconds: number): Promise<RoundResult>;
  /** A measured round sized from the warm-up. */
  round(warmup: RoundResult, latencies: number[]): Promise<RoundResult>;
}

/** Targets measured in alternation, round by round, so drift (other load on the machine) hits all alike. */
export async function interleavedRounds(targets: RoundTarget[], options: { warmupSeconds: number; rounds: number; log: (line: string) => void }): Promise<Record<string, Summary>> {
  const latencies = new Map(targets.map((target) => [target.name, [] as number[]]));
  const rounds = new Map(targets.map((target) => [target.name, [] as RoundResult[]]));
  const warmups = new Map<string, RoundResult>();
  for (const target of targets) {
    const warmup = await target.warmup(options.warmupSeconds);
    warmups.set(target.name, warmup);
    options.log(`  ${target.name} warm-up: ${warmup.rps} req/s`);
  }
  for (let round = 1; round <= options.rounds; round += 1) {
    for (const target of targets) {
      const warmup = warmups.get(target.name);
      if (!warmup) continue;
      const result = await target.round(warmup, latencies.get(target.name) ?? []);
      rounds.get(target.name)?.push(result);
      options.log(`  ${target.name} round ${round}: ${result.requests} requests in ${result.seconds} s = ${result.rps} req/s, ${result.errors} errors`);
    }
  }
  return Object.fromEntries(targets.map((target) => [target.name, summarise(rounds.get(target.name) ?? [], latencies.get(target.name) ?? [])]));
}
