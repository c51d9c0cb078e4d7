import { AIRLINES } from '../../src/data/airlines.js';
import { AIRPORTS } from '../../src/data/airports.js';
import type { ReferenceCheck } from '../../src/services/airports.js';

/** The reference data of the data modules as a code check, for rules tested without Mongo. */
export function referenceOf(): ReferenceCheck {
  const airports = new Set(AIRPORTS.map((airport) => airport.code));
  const airlines = new Set(AIRLINES.map((airline) => airline.code));
  return { hasAirport: (code) => airports.has(code), hasAirline: (code) => airlines.has(code) };
}
