import { FieldErrors } from '@kayak/common';
import { describe, expect, it } from 'vitest';
import { addFares, checkPassengerMix, fareLines, flightFares, partyTotal } from '../../src/services/fareRules.js';
import { airportDayKeys } from '../../src/repositories/airportDays.js';
import { optionsPerLeg } from '../../src/services/itinerarySearch.js';

describe('fare rules', () => {
  it('charges what a booking charges: adults and children the seat, lap infants nothing', () => {
    expect(flightFares(180.1)).toEqual({ adult: 18_010n, child: 18_010n, lapInfant: 0n });
    const trip = addFares(flightFares(150), flightFares(180.1));
    expect(trip).toEqual({ adult: 33_010n, child: 33_010n, lapInfant: 0n });
    expect(partyTotal(trip, { adults: 2, children: 1, lapInfants: 1 })).toBe(3n * 33_010n);
  });

  it('lists one fare line per passenger type that travels', () => {
    const fares = flightFares(400);
    expect(fareLines(fares, { adults: 1, children: 0, lapInfants: 0 })).toEqual([{ kind: 'adult', count: 1, unitCents: 40_000n, subtotalCents: 40_000n }]);
    expect(fareLines(fares, { adults: 2, children: 1, lapInfants: 2 }).map((line) => [line.kind, line.subtotalCents])).toEqual([
      ['adult', 80_000n],
      ['child', 40_000n],
      ['lapInfant', 0n],
    ]);
  });

  it('accepts 1–9 seated passengers with at most one lap infant per adult', () => {
    const check = (adults: number, children: number, lapInfants: number): string[] => {
      const errors = new FieldErrors();
      checkPassengerMix(errors, 'p', { adults, children, lapInfants });
      return errors.list.map((error) => error.path);
    };
    expect(check(1, 0, 0)).toEqual([]);
    expect(check(4, 5, 4)).toEqual([]);
    expect(check(0, 1, 0)).toEqual(['p.adults']);
    expect(check(1, 0, 2)).toEqual(['p.lapInfants']);
    expect(check(5, 5, 0)).toEqual(['p.children']);
    expect(check(1, -1, 0)).toEqual(['p.children']);
  });
});

describe('itinerary search limits', () => {
  it('keeps the product of the options per leg within 10 000', () => {
    expect([1, 2, 3, 4, 5].map(optionsPerLeg)).toEqual([10_000, 100, 21, 10, 6]);
  });

  it('reads the UTC days a connection window touches', () => {
    expect(airportDayKeys('ORD', new Date('2031-03-02T10:15:00Z'), new Date('2031-03-03T09:30:00Z'))).toEqual(['ORD|2031-03-02', 'ORD|2031-03-03']);
    expect(airportDayKeys('ORD', new Date('2031-03-02T00:45:00Z'), new Date('2031-03-02T23:59:00Z'))).toEqual(['ORD|2031-03-02']);
  });
});
