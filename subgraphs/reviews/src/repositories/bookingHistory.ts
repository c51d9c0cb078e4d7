import { connectionOptions } from '@kayak/common/migrate';
import { toCents } from '@kayak/common/money';
import { BOOKING_STATUSES, LISTING_TYPES, type BookingStatus, type ListingType } from '@kayak/common';
import mariadb from 'mariadb';
import type { BookingFact } from './analytics.js';

/**
 * Read-only access to the bookings subgraph's MySQL tables, for the analytics rebuild only
 * (docs/analytics.md, "Rebuild"): the read model normally learns about bookings from the booking
 * events, but events from before the consumer existed (and the seed's history) are only in MySQL.
 * Plain SELECTs through the `mariadb` driver rather than the bookings subgraph's Prisma client: the
 * reviews subgraph does not import another subgraph's code, and it depends on these columns only:
 * bookings(booking_id, user_id, booking_type, reference_id, booking_status, total_price, version,
 * created_at), booking_status_history(booking_id, to_status, changed_at) and
 * billings(booking_id, total_amount_paid, transaction_status, transaction_date).
 */

interface BookingRow {
  booking_id: string;
  user_id: string;
  booking_type: string;
  reference_id: string;
  booking_status: string;
  total_price: string;
  version: number;
  created_at: Date | null;
  confirmed_at: Date | null;
  ended_at: Date | null;
  paid_amount: string | null;
  paid_at: Date | null;
  refunded_amount: string | null;
}

// Per booking: when it was first Confirmed and first ended (Cancelled, PaymentFailed, Expired),
// the payment that stands (Success, or Refunded later) and what was refunded of it. A Refunded
// billing of a booking that was never confirmed is a compensated failed payment: no revenue.
const SELECT_BOOKINGS = `
  SELECT b.booking_id, b.user_id, b.booking_type, b.reference_id, b.booking_status, b.total_price, b.version, b.created_at,
    (SELECT MIN(h.changed_at) FROM booking_status_history h WHERE h.booking_id = b.booking_id AND h.to_status = 'Confirmed') AS confirmed_at,
    (SELECT MIN(h.changed_at) FROM booking_status_history h WHERE h.booking_id = b.booking_id AND h.to_status IN ('Cancelled', 'PaymentFailed', 'Expired')) AS ended_at,
    (SELECT SUM(p.total_amount_paid) FROM billings p WHERE p.booking_id = b.booking_id AND p.transaction_status IN ('Success', 'Refunded')) AS paid_amount,
    (SELECT MIN(p.transaction_date) FROM billings p WHERE p.booking_id = b.booking_id AND p.transaction_status IN ('Success', 'Refunded')) AS paid_at,
    (SELECT SUM(p.total_amount_paid) FROM billings p WHERE p.booking_id = b.booking_id AND p.transaction_status = 'Refunded') AS refunded_amount
  FROM bookings b
  ORDER BY b.id`;

const isStatus = (value: string): value is BookingStatus => (BOOKING_STATUSES as readonly string[]).includes(value);
const isListingType = (value: string): value is ListingType => (LISTING_TYPES as readonly string[]).includes(value);

/** The facts one booking row says, as one fact without an event id (what every event of it would say). */
export function factOfRow(row: BookingRow): BookingFact | null {
  if (!isStatus(row.booking_status) || !isListingType(row.booking_type)) return null;
  const createdAt = row.created_at ?? row.confirmed_at ?? row.paid_at ?? new Date(0);
  const fact: BookingFact = {
    bookingId: row.booking_id,
    eventId: null,
    revision: row.version,
    status: row.booking_status,
    listingType: row.booking_type,
    listingId: row.reference_id,
    userId: row.user_id,
    totalCents: Number(toCents(row.total_price)),
    occurredAt: createdAt,
  };
  // Paid: the booking was confirmed and a payment stands for it.
  if (row.confirmed_at && row.paid_amount !== null) fact.paid = { at: row.paid_at ?? row.confirmed_at, cents: Number(toCents(row.paid_amount)) };
  if (row.ended_at) fact.cancelled = { at: row.ended_at, refundCents: fact.paid && row.refunded_amount !== null ? Number(toCents(row.refunded_amount)) : 0 };
  return fact;
}

/** Every booking of the MySQL database at `databaseUrl` (mysql://user:pass@host:port/db) as facts. */
export async function readBookingFacts(databaseUrl: string): Promise<{ facts: BookingFact[]; skipped: number }> {
  const database = new URL(databaseUrl).pathname.replace(/^\//, '');
  const connection = await mariadb.createConnection({ ...connectionOptions(databaseUrl), database, timezone: 'Z' });
  try {
    const rows = (await connection.query(SELECT_BOOKINGS)) as BookingRow[];
    const facts = rows.map(factOfRow);
    return { facts: facts.filter((fact): fact is BookingFact => fact !== null), skipped: facts.filter((fact) => fact === null).length };
  } finally {
    await connection.end();
  }
}
