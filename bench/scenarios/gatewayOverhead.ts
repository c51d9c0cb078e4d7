import { randomUUID } from 'node:crypto';
import { signGatewayAssertion } from '@kayak/common';
import type { BenchSettings } from '../config.js';
import { executeDirect, planQuery } from '../direct.js';
import { closedLoopRound, interleavedRounds, type RoundTarget } from '../load.js';
import { FLAGSHIP } from '../queries.js';
import { benchLog as log } from '../paths.js';
import type { BenchSupergraph } from '../supergraph.js';
import { APOLLO, HIVE, pickOne, REQUEST_TIMEOUT_MS, tokensFor } from './shared.js';

/** (d) The gateways' overhead: the flagship query through each gateway vs. its query plan run by hand. */

/**
 * Whether every value of the gateway's answer is in the direct one at the same path (the direct
 * answer also has the plan's extra fields, e.g. `__typename` and keys, which the gateway strips).
 */
function containedIn(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.length === actual.length && expected.every((item, index) => containedIn(item, actual[index]));
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const record = actual as Record<string, unknown>;
    return Object.entries(expected).every(([key, value]) => containedIn(value, record[key]));
  }
  return expected === actual;
}

export async function gatewayOverhead(supergraph: BenchSupergraph, settings: BenchSettings, userIds: string[]) {
  const plan = planQuery(supergraph.supergraphSdl, FLAGSHIP);
  const tokens = await tokensFor(supergraph.config, userIds);
  const viewers = userIds.map((userId, index) => ({ userId, token: tokens[index] ?? '' }));
  const viaGateway = async (url: string, token: string): Promise<{ failure: string | null; data: unknown }> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: FLAGSHIP, variables: { first: 10 } }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const body = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
    return { failure: response.ok && !body.errors ? null : `HTTP ${response.status}: ${text}`, data: body.data };
  };
  const direct = async (userId: string) => {
    const assertion = await signGatewayAssertion(supergraph.config.GATEWAY_SECRET, { kind: 'user', userId }, randomUUID());
    return executeDirect(plan, supergraph.urls, { first: 10 }, assertion);
  };
  const sample = viewers[0];
  if (!sample) throw new Error('no bench users');
  const expected = await viaGateway(supergraph.gatewayUrl, sample.token);
  const got = await direct(sample.userId);
  const directMatchesGateway = expected.failure === null && got.errors.length === 0 && containedIn(expected.data, got.data);

  // Closed loop by duration: a round waits for its requests in flight and counts them.
  const target = (name: string, connections: number, roundSeconds: number, operation: () => Promise<string | null>): RoundTarget => ({
    name,
    warmup: (seconds) => closedLoopRound(operation, connections, seconds, null),
    round: (_warmup, latencies) => closedLoopRound(operation, connections, roundSeconds, latencies),
  });
  const targets = (connections: number, roundSeconds: number): RoundTarget[] => [
    target(APOLLO, connections, roundSeconds, async () => (await viaGateway(supergraph.gatewayUrl, pickOne(viewers).token)).failure),
    ...(supergraph.hiveUrl ? [target(HIVE, connections, roundSeconds, async () => (await viaGateway(supergraph.hiveUrl ?? '', pickOne(viewers).token)).failure)] : []),
    target('direct', connections, roundSeconds, async () => {
      const { errors } = await direct(pickOne(viewers).userId);
      return errors.length === 0 ? null : JSON.stringify(errors);
    }),
  ];
  const loaded = targets(settings.BENCH_CONNECTIONS, settings.BENCH_ROUND_SECONDS);
  log(`gateway overhead: ${loaded.map((t) => t.name).join(', ')}`);
  const summaries = await interleavedRounds(loaded, { warmupSeconds: settings.BENCH_WARMUP_SECONDS, rounds: settings.BENCH_ROUNDS, log });
  // One request at a time: what the gateway itself adds to a request, without queueing for the CPU
  // it shares with the subgraphs under load (shorter rounds: nothing queues, so latencies settle fast).
  log('gateway overhead, one connection');
  const alone = await interleavedRounds(targets(1, Math.max(1, Math.ceil(settings.BENCH_ROUND_SECONDS / 3))), { warmupSeconds: settings.BENCH_WARMUP_SECONDS, rounds: settings.BENCH_ROUNDS, log });
  return { summaries, alone, plan: plan.pretty, fetches: plan.fetches, directMatchesGateway };
}
