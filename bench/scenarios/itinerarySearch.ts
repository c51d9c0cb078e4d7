import type { BenchSettings } from '../config.js';
import { closedLoopRound, interleavedRounds, type Scenario, type Summary } from '../load.js';
import { benchLog as log } from '../paths.js';
import { ITINERARY_SEARCH } from '../queries.js';
import type { SeedReport } from '../seed.js';
import { APOLLO, dayFromToday, json, pickOne, random, REQUEST_TIMEOUT_MS } from './shared.js';

/**
 * (b'') A round-trip itinerary search with connections (up to 2 stops per leg) on a seeded route,
 * 2 adults and a child, BEST order, by signed-in travellers (docs/itineraries.md).
 */
export function itinerarySearchScenario(tokens: string[], routes: SeedReport['flightRoutes']): Scenario {
  return {
    name: 'itinerarySearch',
    requests: [
      {
        body: () => {
          const route = pickOne(routes);
          const out = 7 + random(80);
          const legs = [
            { from: route.from, to: route.to, date: dayFromToday(out).slice(0, 10) },
            { from: route.to, to: route.from, date: dayFromToday(out + 2 + random(6)).slice(0, 10) },
          ];
          return json(ITINERARY_SEARCH, { input: { legs, passengers: { adults: 2, children: 1 }, filter: { maxStops: 2 }, sort: 'BEST' } }, pickOne(tokens));
        },
      },
    ],
  };
}

/**
 * The same searches one at a time (1 worker, our gateway): the latency of a search alone, without
 * queueing for the two cores it shares with the subgraphs and the client.
 */
export interface ItinerarySearchAlone extends Summary {
  /** Share of the measured searches that found at least one itinerary (0–1): empty answers are cheap. */
  withItineraries: number;
}

export async function itinerarySearchAlone(gatewayUrl: string, settings: BenchSettings, tokens: string[], routes: SeedReport['flightRoutes']): Promise<ItinerarySearchAlone> {
  const [request] = itinerarySearchScenario(tokens, routes).requests;
  if (!request) throw new Error('itinerary search: no request');
  const operation = async (): Promise<string | null> => {
    const { body, headers } = request.body({});
    const response = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await response.text();
    answered += 1;
    if (!text.includes('"totalCount":0')) found += 1;
    return response.ok && !text.includes('"errors"') ? null : `HTTP ${response.status}: ${text}`;
  };
  let answered = 0;
  let found = 0;
  const roundSeconds = Math.max(1, Math.ceil(settings.BENCH_ROUND_SECONDS / 3));
  log('itinerary search, one connection');
  const summaries = await interleavedRounds(
    [{ name: APOLLO, warmup: (seconds) => closedLoopRound(operation, 1, seconds, null), round: (_warmup, latencies) => closedLoopRound(operation, 1, roundSeconds, latencies) }],
    { warmupSeconds: settings.BENCH_WARMUP_SECONDS, rounds: settings.BENCH_ROUNDS, log },
  );
  const summary = summaries[APOLLO];
  if (!summary) throw new Error('itinerary search alone: no rounds');
  return { ...summary, withItineraries: Math.round((found / Math.max(1, answered)) * 100) / 100 };
}
