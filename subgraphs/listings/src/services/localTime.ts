/**
 * Instants shown in an airport's local time, with the IANA zone's rules of that instant (daylight
 * saving included) from the runtime's own time zone data: Intl, no dependency.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: building one is far dearer than using it, and zones are few. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

/**
 * `instant` as an ISO 8601 local date-time in `timeZone` with that zone's UTC offset at that
 * instant, to the second: `localDateTime('2026-12-12T08:00:00Z', 'America/New_York')` is
 * `2026-12-12T03:00:00-05:00`. Throws a RangeError for a zone the runtime does not know.
 */
export function localDateTime(instant: string | Date, timeZone: string): string {
  const date = new Date(instant);
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const year = parts.year ?? 0;
  const month = parts.month ?? 1;
  const day = parts.day ?? 1;
  const hour = (parts.hour ?? 0) % 24;
  const minute = parts.minute ?? 0;
  const second = parts.second ?? 0;
  // The wall clock read as if it were UTC, minus the instant (to the second): the zone's offset.
  const wholeSeconds = Math.floor(date.getTime() / 1000) * 1000;
  const offsetMinutes = Math.round((Date.UTC(year, month - 1, day, hour, minute, second) - wholeSeconds) / 60_000);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${offsetText(offsetMinutes)}`;
}
