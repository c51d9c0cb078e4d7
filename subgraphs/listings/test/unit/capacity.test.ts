import { describe, expect, it } from 'vitest';
import { flightDepartsWithin } from '../../src/services/capacity.js';

// The capacity model itself (peak per night, whole-flight seats, one car) is tested in
// packages/common/test/unit/capacity.test.ts.
const day = (n: number): Date => new Date(Date.UTC(2031, 0, n));

describe('flight availability window', () => {
  it('includes both ends of the range for a flight departure', () => {
    const range = { start: day(1), end: day(3) };
    expect([day(1), day(2), day(3), day(4)].map((departure) => flightDepartsWithin(departure, range))).toEqual([true, true, true, false]);
  });
});
