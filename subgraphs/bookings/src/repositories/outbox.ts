import { currentTraceparent, type BookingDomainEvent, type TripDomainEvent } from '@kayak/common';
import type { PrismaReader, PrismaTx } from './prisma.js';

/** SQL of the `outbox_events` table: appended inside business transactions, drained by the relay. */

/**
 * Writes the event in the caller's transaction, so it exists if and only if the change commits.
 * `payload` is the whole envelope, published as is; `topic` its type, `message_key` its key.
 */
export async function appendEvent(tx: PrismaTx, event: BookingDomainEvent | TripDomainEvent): Promise<void> {
  await tx.outboxEvent.create({
    data: {
      topic: event.type,
      messageKey: event.key,
      aggregateId: 'bookingId' in event.payload ? event.payload.bookingId : event.payload.tripId,
      payload: { ...event, payload: { ...event.payload } },
      traceparent: currentTraceparent() ?? null,
    },
  });
}

export interface PendingEvent {
  id: bigint;
  /** The event type (booking.created …); the relay maps it to the topic it publishes to. */
  type: string;
  key: string;
  payload: string;
  /** The writing request's trace context, continued by the relay's publish span. */
  traceparent: string | null;
}

interface ClaimedRow {
  id: bigint | number;
  topic: string;
  message_key: string;
  payload: unknown;
  traceparent: string | null;
}

/**
 * The oldest unpublished events, locked until the transaction ends: a second relay (another
 * process) waits instead of publishing the same rows out of order.
 */
export async function claimPending(tx: PrismaTx, limit: number): Promise<PendingEvent[]> {
  const rows = await tx.$queryRaw<ClaimedRow[]>`
    SELECT id, topic, message_key, payload, traceparent FROM outbox_events WHERE published_at IS NULL ORDER BY id LIMIT ${limit} FOR UPDATE`;
  return rows.map((row) => ({
    id: BigInt(row.id),
    type: row.topic,
    key: row.message_key,
    payload: typeof row.payload === 'string' ? row.payload : JSON.stringify(row.payload),
    traceparent: row.traceparent,
  }));
}

export async function markPublished(tx: PrismaTx, ids: bigint[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.outboxEvent.updateMany({ where: { id: { in: ids } }, data: { publishedAt: new Date(), attempts: { increment: 1 }, lastError: null } });
}

/** Records a failed attempt on the head of the queue (what an operator looks at first). */
export async function recordFailure(db: PrismaReader, message: string): Promise<void> {
  const head = await db.outboxEvent.findFirst({ where: { publishedAt: null }, orderBy: { id: 'asc' }, select: { id: true } });
  if (!head) return;
  await db.outboxEvent.update({ where: { id: head.id }, data: { attempts: { increment: 1 }, lastError: message.slice(0, 2000) } });
}

export interface OutboxBacklog {
  /** Events not yet published. */
  unpublished: number;
  /** When the oldest of them was written; null when none is waiting. */
  oldestCreatedAt: Date | null;
}

/** One indexed range read (idx_outbox_unpublished): what GET /metrics reports about the relay. */
export async function outboxBacklog(db: PrismaReader): Promise<OutboxBacklog> {
  const [row] = await db.$queryRaw<Array<{ unpublished: bigint | number; oldest: Date | null }>>`
    SELECT COUNT(*) AS unpublished, MIN(created_at) AS oldest FROM outbox_events WHERE published_at IS NULL`;
  return { unpublished: Number(row?.unpublished ?? 0), oldestCreatedAt: row?.oldest ?? null };
}
