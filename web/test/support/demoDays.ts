import { demoFlights } from '@kayak/listings/seed';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A demo flight's departure as the seed dates it (FL001 JFK → LAX, FL003 LAX → JFK the next day). */
export function departureOf(flightId: string): Date {
  const flight = demoFlights().find((candidate) => candidate.flight_id === flightId);
  if (!(flight?.departure_datetime instanceof Date)) throw new Error(`no demo flight ${flightId}`);
  return flight.departure_datetime;
}

/** The UTC day (YYYY-MM-DD) of an instant. */
export const dayOf = (instant: Date): string => instant.toISOString().slice(0, 10);

/** A day `days` after (or before) another. */
export const addDays = (day: string, days: number): string => dayOf(new Date(new Date(`${day}T00:00:00.000Z`).getTime() + days * DAY_MS));
