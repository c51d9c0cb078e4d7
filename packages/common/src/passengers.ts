/**
 * The passenger rules of flights, in one place (docs/passengers.md): which passenger type an age
 * is, who takes a seat, and what each type pays. Bookings validates a booking's passengers with
 * them; a search that prices a passenger mix should use the same table.
 *
 * Ages are whole years on the travel date (the UTC calendar date of the flight's departure): a
 * passenger is 2 on their second birthday. Someone born on 29 February has their birthday on
 * 1 March in other years.
 */

export const PASSENGER_TYPES = ['ADULT', 'CHILD', 'LAP_INFANT'] as const;
export type PassengerType = (typeof PASSENGER_TYPES)[number];

interface PassengerRule {
  /** Youngest age of the type, in whole years on the travel date. */
  minAge: number;
  /** Oldest age of the type; null: no upper bound. */
  maxAge: number | null;
  /** Whether the passenger takes a seat (a lap infant sits on an adult's lap). */
  seated: boolean;
  /**
   * Share of the seat's ticket price the passenger pays, in basis points (10000 = the full fare).
   * Lap infants fly free: the rule of US domestic flights, which are all the catalog sells.
   */
  fareBasisPoints: number;
}

export const PASSENGER_RULES: Record<PassengerType, PassengerRule> = {
  ADULT: { minAge: 12, maxAge: null, seated: true, fareBasisPoints: 10_000 },
  CHILD: { minAge: 2, maxAge: 11, seated: true, fareBasisPoints: 10_000 },
  LAP_INFANT: { minAge: 0, maxAge: 1, seated: false, fareBasisPoints: 0 },
};

/** Lap infants per adult: each rides on one adult's lap. */
export const LAP_INFANTS_PER_ADULT = 1;

/** A date without a time of day (dates of birth, document expiries, the travel date). */
export interface CalendarDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

/** `YYYY-MM-DD` of a real calendar date (2025-02-29 is not one), else null. */
export function parseCalendarDate(text: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** The UTC calendar date of an instant. */
export function calendarDateOf(instant: Date): CalendarDate {
  return { year: instant.getUTCFullYear(), month: instant.getUTCMonth() + 1, day: instant.getUTCDate() };
}

/** Midnight UTC of the date (what a DATE column stores and returns). */
export function toUtcMidnight(date: CalendarDate): Date {
  return new Date(Date.UTC(date.year, date.month - 1, date.day));
}

export function formatCalendarDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** Negative, 0 or positive as `a` is before, on or after `b`. */
export function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Whole years from `birth` to `on` (negative when `on` is before the birth). */
export function ageOn(birth: CalendarDate, on: CalendarDate): number {
  const hadBirthday = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (hadBirthday ? 0 : 1);
}

/** Whether an age (whole years on the travel date) fits the passenger type. */
export function ageFits(type: PassengerType, age: number): boolean {
  const { minAge, maxAge } = PASSENGER_RULES[type];
  return age >= minAge && (maxAge === null || age <= maxAge);
}

/** "12 or older", "2–11", "under 2": how the rules read in messages and docs. */
export function ageRangeText(type: PassengerType): string {
  const { minAge, maxAge } = PASSENGER_RULES[type];
  if (maxAge === null) return `${minAge} or older`;
  if (minAge === 0) return `under ${maxAge + 1}`;
  return `${minAge}–${maxAge}`;
}

export const takesSeat = (type: PassengerType): boolean => PASSENGER_RULES[type].seated;

/** What one passenger of the type pays for a seat priced `seatFareCents` (rounded half up to the cent). */
export function fareCents(type: PassengerType, seatFareCents: bigint): bigint {
  return (seatFareCents * BigInt(PASSENGER_RULES[type].fareBasisPoints) + 5_000n) / 10_000n;
}
