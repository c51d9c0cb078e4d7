import { randomUUID } from 'node:crypto';
import { domainEvent, EVENT_TYPES, tripKey, type TripDomainEvent } from '@kayak/common';
import { toCents } from '@kayak/common/money';
import type { BillingModel, TripModel } from '../models.js';
import { invoiceOf } from './bookingEvents.js';

/** What a trip event says besides the trip: the payment that confirmed it, or what a cancellation refunded. */
export type TripChange = { type: 'created' } | { type: 'confirmed'; paidBy: BillingModel } | { type: 'cancelled'; refundCents: bigint };

/**
 * The event announcing a trip's change in the common envelope (packages/common/src/domain-events.ts),
 * keyed by the trip, the trip's version as the revision. Built and validated before it is appended.
 */
export function tripEventOf(trip: TripModel, bookingIds: readonly string[], occurredAt: Date, change: TripChange): TripDomainEvent {
  const snapshot = {
    tripId: trip.tripId,
    userId: trip.userId,
    status: trip.tripStatus,
    bookingIds: [...bookingIds],
    revision: trip.version,
    totalCents: Number(toCents(trip.totalPrice)),
  };
  const key = tripKey(trip.tripId);
  const options = { id: randomUUID(), occurredAt };
  switch (change.type) {
    case 'created':
      return domainEvent(EVENT_TYPES.tripCreated, key, snapshot, options);
    case 'confirmed':
      return domainEvent(EVENT_TYPES.tripConfirmed, key, { ...snapshot, invoice: invoiceOf(change.paidBy) }, options);
    case 'cancelled':
      return domainEvent(EVENT_TYPES.tripCancelled, key, { ...snapshot, refundCents: Number(change.refundCents) }, options);
  }
}
