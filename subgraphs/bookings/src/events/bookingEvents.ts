import { randomUUID } from 'node:crypto';
import { domainEvent, EVENT_TYPES, listingKey, type BookingDomainEvent, type EventPayload } from '@kayak/common';
import { toCents } from '@kayak/common/money';
import type { BillingModel, BookingModel } from '../models.js';
import { eventTypeFor } from '../services/transitions.js';

/** What a status change's event says about money, from rows written in the same transaction. */
export interface StatusChangeMoney {
  /** booking.confirmed: the billing that paid the booking (its invoice travels with the event). */
  paidBy?: BillingModel;
  /** booking.cancelled: what the cancellation refunded; 0 (the default) when nothing was. */
  refundCents?: bigint;
}

type Invoice = EventPayload<typeof EVENT_TYPES.bookingConfirmed>['invoice'];

export function invoiceOf(billing: BillingModel): Invoice {
  return {
    billingId: billing.billingId,
    invoiceNumber: billing.invoiceNumber,
    amountPaidCents: Number(toCents(billing.totalAmountPaid)),
    paymentMethod: billing.paymentMethod,
    paidAt: billing.transactionDate.toISOString(),
  };
}

/**
 * The event announcing the booking's current status, in the common envelope
 * (packages/common/src/domain-events.ts): keyed by the listing, the booking's version as the
 * payload's revision. Built (and validated) before it is appended, so a bad event fails the
 * business transaction instead of reaching a consumer.
 */
export function bookingEventOf(booking: BookingModel, occurredAt: Date, money: StatusChangeMoney = {}): BookingDomainEvent {
  const snapshot = {
    bookingId: booking.bookingId,
    listingType: booking.bookingType,
    listingId: booking.listingId,
    userId: booking.userId,
    startDate: booking.startDate.toISOString(),
    endDate: booking.endDate.toISOString(),
    quantity: booking.quantity,
    ...(booking.roomType ? { roomType: booking.roomType } : {}),
    status: booking.bookingStatus,
    revision: booking.version,
    totalCents: Number(toCents(booking.totalPrice)),
  };
  const key = listingKey(booking.bookingType, booking.listingId);
  const options = { id: randomUUID(), occurredAt };
  const type = eventTypeFor(booking.bookingStatus);
  switch (type) {
    case EVENT_TYPES.bookingCreated:
      return domainEvent(type, key, snapshot, options);
    case EVENT_TYPES.bookingConfirmed:
      if (!money.paidBy) throw new Error(`booking ${booking.bookingId} is confirmed without the billing that paid it`);
      return domainEvent(type, key, { ...snapshot, invoice: invoiceOf(money.paidBy) }, options);
    case EVENT_TYPES.bookingCancelled:
      return domainEvent(type, key, { ...snapshot, refundCents: Number(money.refundCents ?? 0n) }, options);
  }
}
