/** Display helpers. Money stays a decimal string end to end (the API's Decimal scalar). */

export function formatMoney(amount: string, currency = 'USD'): string {
  const negative = amount.startsWith('-');
  const [whole = '0', cents = '00'] = amount.replace(/^-/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const symbol = currency === 'USD' ? '$' : `${currency} `;
  return `${negative ? '-' : ''}${symbol}${grouped}.${cents.padEnd(2, '0').slice(0, 2)}`;
}

const dateTime = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', dateStyle: 'medium' });

/** Instants are shown in UTC, the zone the search dates are in. */
export const formatDateTime = (iso: string): string => `${dateTime.format(new Date(iso))} UTC`;
export const formatDate = (iso: string): string => dateOnly.format(new Date(iso));

export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
}

export function formatRating(average: number | null, count: number): string {
  if (average === null || count === 0) return 'No reviews yet';
  return `${average.toFixed(1)} / 5 (${count} review${count === 1 ? '' : 's'})`;
}

const wallClock = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/**
 * A local date-time with its offset (`2026-12-12T03:00:00-05:00`, the airport's zone) as its wall
 * clock there ("Dec 12, 3:00 AM"): the digits are read as they are, never moved to the browser's zone.
 */
export function formatLocalTime(local: string): string {
  const clock = new Date(`${local.slice(0, 19)}Z`);
  return Number.isNaN(clock.getTime()) ? local : wallClock.format(clock);
}
