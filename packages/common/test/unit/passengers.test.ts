import { describe, expect, it } from 'vitest';
import { ageFits, ageOn, ageRangeText, fareCents, parseCalendarDate, PASSENGER_TYPES, takesSeat, type CalendarDate } from '../../src/passengers.js';

const date = (text: string): CalendarDate => {
  const parsed = parseCalendarDate(text);
  if (!parsed) throw new Error(`not a date: ${text}`);
  return parsed;
};

describe('passenger rules', () => {
  it('parses real calendar dates only', () => {
    expect(parseCalendarDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    for (const text of ['2025-02-29', '2024-13-01', '2024-04-31', '24-01-01', '2024-1-1', '2024-01-01T00:00:00Z', '']) expect(parseCalendarDate(text), text).toBeNull();
  });

  it('counts whole years: a birthday on the travel date counts, a 29 February birthday falls on 1 March', () => {
    expect(ageOn(date('2014-06-10'), date('2026-06-10'))).toBe(12);
    expect(ageOn(date('2014-06-10'), date('2026-06-09'))).toBe(11);
    expect(ageOn(date('2024-02-29'), date('2026-02-28'))).toBe(1);
    expect(ageOn(date('2024-02-29'), date('2026-03-01'))).toBe(2);
  });

  it('gives every age exactly one type: lap infant under 2, child 2–11, adult 12 and over', () => {
    for (let age = 0; age <= 100; age += 1) expect(PASSENGER_TYPES.filter((type) => ageFits(type, age)), String(age)).toHaveLength(1);
    expect([0, 1, 2, 11, 12].map((age) => PASSENGER_TYPES.find((type) => ageFits(type, age)))).toEqual(['LAP_INFANT', 'LAP_INFANT', 'CHILD', 'CHILD', 'ADULT']);
    expect(PASSENGER_TYPES.map(ageRangeText)).toEqual(['12 or older', '2–11', 'under 2']);
  });

  it('seats adults and children; lap infants take no seat and fly free', () => {
    expect(PASSENGER_TYPES.map(takesSeat)).toEqual([true, true, false]);
    expect(PASSENGER_TYPES.map((type) => fareCents(type, 15_099n))).toEqual([15_099n, 15_099n, 0n]);
  });
});
