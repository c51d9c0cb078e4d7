import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AIRLINES } from '../../src/data/airlines.js';
import { AIRPORTS } from '../../src/data/airports.js';
import { ReferenceDirectory } from '../../src/services/airports.js';

const directory = new ReferenceDirectory(async () => ({ airports: AIRPORTS.map((airport, index) => ({ airport, trafficRank: index + 1 })), airlines: [...AIRLINES] }));
await directory.refresh();
const codes = (search: string | null, first?: number): string[] => directory.searchAirports(search, first).map((airport) => airport.code);

describe('reference data facts', () => {
  it('has unique, well-formed codes and zones the runtime knows', () => {
    expect(new Set(AIRPORTS.map((airport) => airport.code)).size).toBe(AIRPORTS.length);
    expect(new Set(AIRLINES.map((airline) => airline.code)).size).toBe(AIRLINES.length);
    expect(AIRPORTS.filter((airport) => airport.country === 'US').length).toBeGreaterThanOrEqual(60);
    expect(AIRLINES.length).toBeGreaterThanOrEqual(20);
    for (const airport of AIRPORTS) {
      expect(airport.code).toMatch(/^[A-Z]{3}$/);
      expect(() => new Intl.DateTimeFormat('en-US', { timeZone: airport.timeZone })).not.toThrow();
      expect(airport.state === null).toBe(airport.country !== 'US');
    }
    for (const airline of AIRLINES) expect(airline.code).toMatch(/^[A-Z0-9]{2}$/);
  });
});

describe('airport autocomplete ranking', () => {
  it('puts the exact code first, then code prefixes, then city and name matches, busier first', () => {
    expect(codes('dal')).toEqual(['DAL', 'DFW', 'FLL']); // exact code, city prefix (Dallas), contained (Fort Lauderdale)
    expect(codes('LA', 3)).toEqual(['LAX', 'LAS', 'LGA']);
    expect(codes('new')).toEqual(['JFK', 'EWR', 'LGA', 'MSY']);
    expect(codes('  san   fran ')).toEqual(['SFO']);
    expect(codes('cancún')).toEqual(['CUN']);
    expect(codes('zzzz')).toEqual([]);
  });

  it('lists the busiest without a search, and bounds first and the search length', () => {
    expect(codes(null, 3)).toEqual(['ATL', 'DFW', 'DEN']);
    expect(codes('')).toHaveLength(10);
    for (const run of [() => codes('a', 0), () => codes('a', 51), () => codes('x'.repeat(101))]) {
      try {
        run();
        throw new Error('expected BAD_USER_INPUT');
      } catch (error) {
        expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
      }
    }
  });
});
