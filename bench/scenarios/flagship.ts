import type { Scenario } from '../load.js';
import { FLAGSHIP } from '../queries.js';
import { json, pickOne } from './shared.js';

/** (a) The flagship query, 10 bookings per user, as random load users. */
export function flagshipScenario(tokens: string[]): Scenario {
  return { name: 'flagship', requests: [{ body: () => json(FLAGSHIP, { first: 10 }, pickOne(tokens)) }] };
}
