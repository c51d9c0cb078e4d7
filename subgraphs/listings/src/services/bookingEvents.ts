import { BOOKING_EVENT_TYPES, MalformedEventError, parseDomainEvent, type BookingDomainEvent, type EventOutcome } from '@kayak/common';
import { blockFields, type AvailabilityBlockRepository } from '../repositories/availabilityBlocks.js';

/**
 * How booking events (the envelope of packages/common/src/domain-events.ts) become availability
 * blocks. Each booking has one block whose `version` is the payload's `revision` (the booking's
 * own version); an event is applied only when its revision is newer than the block's, so
 * redeliveries change nothing and an older event arriving late (topics are not ordered with
 * each other) cannot undo a newer state.
 */


export type { EventOutcome };

export type EventDecision = { action: 'insert' } | { action: 'replace'; expectedVersion: number } | { action: 'ignore'; outcome: 'duplicate' | 'stale' };

/** `revision`: the event payload's revision of the booking, compared with the block's stored version. */
export function decide(existing: { version: number } | null, revision: number): EventDecision {
  if (!existing) return { action: 'insert' };
  if (revision > existing.version) return { action: 'replace', expectedVersion: existing.version };
  return { action: 'ignore', outcome: revision === existing.version ? 'duplicate' : 'stale' };
}

/**
 * Parses a Kafka message value into a booking event; throws MalformedEventError (the dead-letter
 * reason) for anything the envelope or payload schema rejects, another event type, or a payload
 * that cannot describe a booking (end before start).
 */
export function readBookingEvent(value: Buffer | string | null): BookingDomainEvent {
  const event = parseDomainEvent(value, BOOKING_EVENT_TYPES);
  if (Date.parse(event.payload.endDate) < Date.parse(event.payload.startDate)) throw new MalformedEventError('payload.endDate: must not be before startDate');
  return event;
}

export interface ApplyOptions {
  now?: Date;
  /**
   * Resync replay: a duplicate (same version) rewrites the block from the event, which both
   * repairs a block that drifted and marks it as backed by an event (see deleteNotSyncedSince).
   */
  rebuild?: boolean;
}

const MAX_ATTEMPTS = 5;

/**
 * Applies one event with compare-and-set writes, retrying when another writer changed the block
 * between the read and the write (the live consumer and a resync may run at once).
 *
 * Most events are a booking's first, so the block is inserted without reading it first: the
 * unique `booking_id` index refuses a second block, and only then is the block read and compared.
 * That makes a new booking one indexed write instead of a lookup plus a write. Every outcome ends
 * with the listing's hold entry saying what the newest block says (AvailabilityBlockRepository.recordHold).
 */
export async function applyBookingEvent(blocks: AvailabilityBlockRepository, event: BookingDomainEvent, options: ApplyOptions = {}): Promise<EventOutcome> {
  const now = options.now ?? new Date();
  const fields = blockFields(event, now);
  const { bookingId, revision } = event.payload;
  if (await blocks.insert(fields, now)) {
    await blocks.recordHold(fields);
    return 'applied';
  }
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const existing = await blocks.findByBookingId(bookingId);
    const decision = decide(existing, revision);
    if (decision.action === 'ignore') {
      if (decision.outcome === 'duplicate' && options.rebuild) await blocks.replaceIfVersion(bookingId, revision, fields, now);
      // Re-asserted from the newest block: repairs a hold a crash left behind after the block write.
      if (existing) await blocks.recordHold(existing);
      return decision.outcome;
    }
    const written = decision.action === 'insert' ? await blocks.insert(fields, now) : await blocks.replaceIfVersion(bookingId, decision.expectedVersion, fields, now);
    if (written) {
      await blocks.recordHold(fields);
      return 'applied';
    }
  }
  throw new Error(`availability block of booking ${bookingId} kept changing during ${MAX_ATTEMPTS} attempts`);
}
