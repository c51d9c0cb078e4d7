import type { Airline } from '../generated/graphql.js';

/**
 * Reference facts for airlines (docs/airports.md): the US mainline and low-cost carriers and the
 * major foreign carriers flying to the US, by IATA designator. `country` is ISO 3166-1 alpha-2.
 * The seed and the subgraph's startup write them to the `airlines` collection (`_id` = IATA code).
 */
/** One airline as the API serves it (the SDL's `Airline`). */
export type AirlineFact = Required<Omit<Airline, '__typename'>>;

const rows: Array<[code: string, name: string, country: string]> = [
  ['AA', 'American Airlines', 'US'],
  ['DL', 'Delta Air Lines', 'US'],
  ['UA', 'United Airlines', 'US'],
  ['WN', 'Southwest Airlines', 'US'],
  ['AS', 'Alaska Airlines', 'US'],
  ['B6', 'JetBlue Airways', 'US'],
  ['NK', 'Spirit Airlines', 'US'],
  ['F9', 'Frontier Airlines', 'US'],
  ['HA', 'Hawaiian Airlines', 'US'],
  ['G4', 'Allegiant Air', 'US'],
  ['SY', 'Sun Country Airlines', 'US'],
  ['AC', 'Air Canada', 'CA'],
  ['WS', 'WestJet', 'CA'],
  ['AM', 'Aeromexico', 'MX'],
  ['BA', 'British Airways', 'GB'],
  ['VS', 'Virgin Atlantic', 'GB'],
  ['LH', 'Lufthansa', 'DE'],
  ['AF', 'Air France', 'FR'],
  ['KL', 'KLM Royal Dutch Airlines', 'NL'],
  ['IB', 'Iberia', 'ES'],
  ['EI', 'Aer Lingus', 'IE'],
  ['TK', 'Turkish Airlines', 'TR'],
  ['EK', 'Emirates', 'AE'],
  ['QR', 'Qatar Airways', 'QA'],
  ['JL', 'Japan Airlines', 'JP'],
  ['NH', 'All Nippon Airways', 'JP'],
  ['KE', 'Korean Air', 'KR'],
  ['CX', 'Cathay Pacific', 'HK'],
  ['SQ', 'Singapore Airlines', 'SG'],
  ['QF', 'Qantas', 'AU'],
];

export const AIRLINES: readonly AirlineFact[] = rows.map(([code, name, country]) => ({ code, name, country }));
