import { describe, expect, it } from 'vitest';
import { formatLocalTime } from '../../src/format.js';
import { inputOf, queryOf, tripSearchOf } from '../../src/pages/tripSearch.js';

const paramsOf = (query: string): URLSearchParams => new URLSearchParams(query);

describe('the itinerary search between the URL and the API input', () => {
  it('turns a round trip into the outbound leg and the same airports back on the return date', () => {
    const search = tripSearchOf(paramsOf('trip=round&leg=jfk.LAX.2026-12-12&leg=LAX.JFK.2026-12-19&adults=2&children=1&infants=1&stops=1&maxPrice=2500.00&sort=PRICE'), 'round');
    // The second leg follows the first one's airports even when the form changed only the first.
    search.legs[0] = { from: 'jfk', to: 'SFO', date: '2026-12-12' };
    expect(inputOf(search)).toEqual({
      legs: [
        { from: 'JFK', to: 'SFO', date: '2026-12-12' },
        { from: 'SFO', to: 'JFK', date: '2026-12-19' },
      ],
      passengers: { adults: 2, children: 1, lapInfants: 1 },
      filter: { maxStops: 1, maxPrice: '2500.00' },
      sort: 'PRICE',
    });
  });

  it('keeps multi-city legs as they are, at most five, and leaves out the filters not set', () => {
    const legs = ['JFK.LAX.2026-12-12', 'LAX.SFO.2026-12-14', 'SFO.SEA.2026-12-15', 'SEA.DEN.2026-12-16', 'DEN.ATL.2026-12-17', 'ATL.JFK.2026-12-18'];
    const search = tripSearchOf(paramsOf(`trip=multi&${legs.map((leg) => `leg=${leg}`).join('&')}`), 'multi');
    const input = inputOf(search);
    expect(input.legs.map((leg) => `${leg.from}.${leg.to}.${leg.date}`)).toEqual(legs.slice(0, 5));
    expect(input.filter).toEqual({});
    expect(input.passengers).toEqual({ adults: 1, children: 0, lapInfants: 0 });
    expect(input.sort).toBe('BEST');
  });

  it('starts an empty form with two legs and writes back the URL it was read from', () => {
    expect(tripSearchOf(paramsOf(''), 'multi').legs).toEqual([
      { from: '', to: '', date: '' },
      { from: '', to: '', date: '' },
    ]);
    const query = 'trip=round&leg=JFK.LAX.2026-12-12&leg=LAX.JFK.2026-12-19&adults=2&children=1&infants=0&stops=0&sort=DURATION';
    expect(queryOf(tripSearchOf(paramsOf(query), 'round'))).toBe(query);
  });

  it('falls back to Best for a sort the API does not know', () => {
    expect(tripSearchOf(paramsOf('sort=CHEAPEST'), 'round').sort).toBe('BEST');
  });
});

describe('local times', () => {
  it('shows the wall clock of the airport, whatever the offset and the browser zone', () => {
    expect(formatLocalTime('2026-12-12T03:00:00-05:00')).toBe('Dec 12, 3:00 AM');
    expect(formatLocalTime('2031-03-09T05:30:00-07:00')).toBe('Mar 9, 5:30 AM');
    expect(formatLocalTime('2026-12-13T00:15:00+09:00')).toBe('Dec 13, 12:15 AM');
  });
});
