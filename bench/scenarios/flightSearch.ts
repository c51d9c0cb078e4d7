import type { Scenario } from '../load.js';
import { FLIGHT_SEARCH } from '../queries.js';
import type { SeedReport } from '../seed.js';
import { dayFromToday, json, pickOne, random } from './shared.js';

/**
 * (b) A flight search on a seeded route over a 30-day window, by signed-in travellers; (b') the same
 * searches anonymously (`tokens` null), which our gateway's response cache may answer.
 */
export function flightSearchScenario(tokens: string[] | null, routes: SeedReport['flightRoutes']): Scenario {
  return {
    name: tokens ? 'flightSearch' : 'flightSearchAnonymous',
    requests: [
      {
        body: () => {
          const route = pickOne(routes);
          const from = 7 + random(60);
          return json(FLIGHT_SEARCH, { filter: { departureAirport: route.from, arrivalAirport: route.to, departureFrom: dayFromToday(from), departureTo: dayFromToday(from + 30) } }, tokens ? pickOne(tokens) : null);
        },
      },
    ],
  };
}
