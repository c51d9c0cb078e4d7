/** Date ranges of the admin forms: YYYY-MM-DD days in UTC, sent as [from 00:00, day after `to` 00:00). */

const DAY_MS = 24 * 60 * 60 * 1000;

export const dayOf = (date: Date): string => date.toISOString().slice(0, 10);

export interface DayRange {
  from: string;
  to: string;
}

/** The last `days` days up to and including today. */
export function lastDays(days: number, today = new Date()): DayRange {
  return { from: dayOf(new Date(today.getTime() - (days - 1) * DAY_MS)), to: dayOf(today) };
}

/** The API's half-open [from, to) instants for an inclusive range of days. */
export function instantsOf(range: DayRange): { from: string; to: string } {
  const end = new Date(`${range.to}T00:00:00.000Z`);
  return { from: `${range.from}T00:00:00.000Z`, to: new Date(end.getTime() + DAY_MS).toISOString() };
}
