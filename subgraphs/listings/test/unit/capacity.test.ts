import { describe, expect, it } from 'vitest';
import { carCapacity, flightDepartsWithin, holdsCapacity, peakHeld, remaining, totalHeld, type Hold } from '../../src/services/capacity.js';

const day = (n: number): Date => new Date(Date.UTC(2031, 0, n));
const hold = (start: number, end: number, quantity = 1): Hold => ({ start: day(start), end: day(end), quantity });

describe('peakHeld', () => {
  it('is zero without holds or when no hold overlaps the range', () => {
    expect(peakHeld([], { start: day(1), end: day(5) })).toBe(0);
    expect(peakHeld([hold(5, 7, 3)], { start: day(1), end: day(5) })).toBe(0);
  });

  it('counts holds that overlap each other at the same time, not holds at different times', () => {
    expect(peakHeld([hold(1, 3, 2), hold(2, 4, 3)], { start: day(1), end: day(5) })).toBe(5);
    expect(peakHeld([hold(1, 2, 2), hold(3, 4, 3)], { start: day(1), end: day(5) })).toBe(3);
  });

  it('treats ranges as half-open: a checkout and a check-in on the same day do not overlap', () => {
    expect(peakHeld([hold(1, 3, 2), hold(3, 5, 2)], { start: day(1), end: day(5) })).toBe(2);
  });

  it('only looks at the part of each hold inside the range', () => {
    expect(peakHeld([hold(1, 3, 2), hold(2, 4, 3)], { start: day(3), end: day(5) })).toBe(3);
    expect(peakHeld([hold(1, 10, 4)], { start: day(3), end: day(4) })).toBe(4);
  });
});

describe('capacity helpers', () => {
  it('sums every hold of a flight whatever its dates', () => {
    expect(totalHeld([hold(1, 2, 3), hold(8, 9, 4)])).toBe(7);
  });

  it('never reports negative remaining capacity', () => {
    expect(remaining(5, 3)).toBe(2);
    expect(remaining(5, 9)).toBe(0);
  });

  it('counts Pending and Confirmed bookings as holds, not Cancelled or PaymentFailed', () => {
    expect(['Pending', 'Confirmed', 'Cancelled', 'PaymentFailed'].map((status) => holdsCapacity(status as never))).toEqual([true, true, false, false]);
  });

  it('gives a car capacity 1 unless it is in Maintenance or Unavailable', () => {
    expect(['Available', 'Booked', 'Maintenance', 'Unavailable'].map((status) => carCapacity(status as never))).toEqual([1, 1, 0, 0]);
  });

  it('includes both ends of the range for a flight departure', () => {
    const range = { start: day(1), end: day(3) };
    expect([day(1), day(2), day(3), day(4)].map((departure) => flightDepartsWithin(departure, range))).toEqual([true, true, true, false]);
  });
});
