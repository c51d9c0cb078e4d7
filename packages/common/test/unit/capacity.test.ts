import { describe, expect, it } from 'vitest';
import { carCapacity, heldDuring, holdsCapacity, peakHeld, remaining, totalHeld, unitsLeft, type DateRange, type Hold } from '../../src/capacity.js';
import { BOOKING_STATUSES, LISTING_TYPES, type ListingType } from '../../src/events.js';
import { seededRandom } from '../../src/testing.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const EPOCH = Date.UTC(2031, 0, 1);
const day = (n: number): Date => new Date(EPOCH + n * DAY);
const hold = (start: number, end: number, quantity = 1): Hold => ({ start: day(start), end: day(end), quantity });

const integer = (random: () => number, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

/**
 * The brute-force reference: with every date on a grid of `slot` ms (nights, or hours), count
 * what each slot of the range holds one by one. Flights: every seat whatever the dates.
 */
function bruteForceLeft(listingType: ListingType, capacity: number, holds: readonly Hold[], range: DateRange, slot: number): number {
  if (listingType === 'Flight') return Math.max(0, capacity - holds.reduce((sum, h) => sum + h.quantity, 0));
  let busiest = 0;
  for (let at = range.start.getTime(); at < range.end.getTime(); at += slot) {
    let held = 0;
    for (const h of holds) if (h.start.getTime() <= at && at < h.end.getTime()) held += h.quantity;
    busiest = Math.max(busiest, held);
  }
  return Math.max(0, capacity - busiest);
}

function randomSpan(random: () => number, slot: number, horizon: number): DateRange {
  const start = integer(random, 0, horizon - 1);
  const end = integer(random, start + 1, Math.min(horizon, start + 8));
  return { start: new Date(EPOCH + start * slot), end: new Date(EPOCH + end * slot) };
}

function randomHolds(random: () => number, slot: number, horizon: number, listingType: ListingType): Hold[] {
  return Array.from({ length: integer(random, 0, 12) }, () => ({ ...randomSpan(random, slot, horizon), quantity: listingType === 'Car' ? 1 : integer(random, 1, 4) }));
}

describe('unitsLeft against a brute-force count per night', () => {
  const cases: Array<{ name: string; slot: number }> = [
    { name: 'nights', slot: DAY },
    { name: 'hours (check-in and checkout times)', slot: HOUR },
  ];
  for (const { name, slot } of cases) {
    it(`matches the per-slot count for 3000 seeded random cases on a grid of ${name}`, () => {
      const random = seededRandom(20_261_129 + slot);
      for (let run = 0; run < 3000; run += 1) {
        const listingType = LISTING_TYPES[run % LISTING_TYPES.length] ?? 'Hotel';
        const capacity = listingType === 'Car' ? integer(random, 0, 1) : integer(random, 1, 10);
        const holds = randomHolds(random, slot, 20, listingType);
        const range = randomSpan(random, slot, 20);
        const expected = bruteForceLeft(listingType, capacity, holds, range, slot);
        expect(unitsLeft(listingType, capacity, holds, range), `run ${run}: ${listingType} ${capacity} ${JSON.stringify({ holds, range })}`).toBe(expected);
      }
    });
  }

  it('never overbooks a night when every request is admitted only if unitsLeft allows it', () => {
    const random = seededRandom(42);
    for (let run = 0; run < 300; run += 1) {
      const listingType: ListingType = run % 2 === 0 ? 'Hotel' : 'Car';
      const capacity = listingType === 'Car' ? 1 : integer(random, 1, 5);
      const admitted: Hold[] = [];
      for (let request = 0; request < 30; request += 1) {
        const wanted = { ...randomSpan(random, DAY, 15), quantity: listingType === 'Car' ? 1 : integer(random, 1, 3) };
        if (unitsLeft(listingType, capacity, admitted, wanted) >= wanted.quantity) admitted.push(wanted);
      }
      for (let night = 0; night < 15; night += 1) {
        const held = admitted.filter((h) => h.start.getTime() <= day(night).getTime() && day(night).getTime() < h.end.getTime()).reduce((sum, h) => sum + h.quantity, 0);
        expect(held).toBeLessThanOrEqual(capacity);
      }
    }
  });
});

describe('the capacity model', () => {
  it('leaves one of two rooms for nights 1–3 when one room is held on night 1 and another on night 3', () => {
    expect(unitsLeft('Hotel', 2, [hold(1, 2), hold(3, 4)], { start: day(1), end: day(4) })).toBe(1);
  });

  it('counts every seat of a flight whatever the hold dates', () => {
    expect(heldDuring('Flight', [hold(1, 2, 3), hold(8, 9, 4)], { start: day(1), end: day(2) })).toBe(7);
    expect(totalHeld([hold(1, 2, 3), hold(8, 9, 4)])).toBe(7);
  });

  it('takes a car for the whole window as soon as one hold overlaps it', () => {
    expect(unitsLeft('Car', 1, [hold(3, 4)], { start: day(1), end: day(6) })).toBe(0);
    expect(unitsLeft('Car', 1, [hold(6, 7)], { start: day(1), end: day(6) })).toBe(1);
  });

  it('treats ranges as half-open: a checkout and a check-in on the same day do not overlap', () => {
    expect(peakHeld([hold(1, 3, 2), hold(3, 5, 2)], { start: day(1), end: day(5) })).toBe(2);
  });

  it('only looks at the part of each hold inside the range, or at all time without a range', () => {
    expect(peakHeld([hold(1, 3, 2), hold(2, 4, 3)], { start: day(3), end: day(5) })).toBe(3);
    expect(peakHeld([hold(1, 3, 2), hold(2, 4, 3)])).toBe(5);
    expect(peakHeld([], { start: day(1), end: day(5) })).toBe(0);
  });

  it('never reports negative remaining capacity', () => {
    expect(remaining(5, 3)).toBe(2);
    expect(remaining(5, 9)).toBe(0);
  });

  it('counts Pending and Confirmed bookings as holds, not Cancelled, PaymentFailed or Expired', () => {
    expect(Object.fromEntries(BOOKING_STATUSES.map((status) => [status, holdsCapacity(status)]))).toEqual({ Pending: true, Confirmed: true, Cancelled: false, PaymentFailed: false, Expired: false });
  });

  it('gives a car capacity 1 unless it is in Maintenance or Unavailable', () => {
    expect(['Available', 'Booked', 'Maintenance', 'Unavailable'].map(carCapacity)).toEqual([1, 1, 0, 0]);
  });
});
