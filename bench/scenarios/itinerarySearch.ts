import type { Scenario } from '../load.js';
import { ITINERARY_SEARCH } from '../queries.js';
import type { SeedReport } from '../seed.js';
import { dayFromToday, json, pickOne, random } from './shared.js';

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
