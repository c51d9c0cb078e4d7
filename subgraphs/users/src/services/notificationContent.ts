import type { DomainEvent, ListingSnapshot } from '@kayak/common';
import { formatCents } from '@kayak/common/money';
import type { NotificationKindName, NotificationListingModel, WatchModel } from '../notification-models.js';
import type { NotificationDocument } from '../repositories/notifications.js';
import { bookingNotificationId, priceAlertId } from './watchMatching.js';

/**
 * What a notification says (title, body, link), built from the event that caused it. Pure.
 * Links are paths of the web client's hash routes (`#/flights/F-1`); mails put PUBLIC_WEB_URL before them.
 */

/** A notification as the consumer writes it; whether it is mailed is decided by the preferences. */
export type NotificationDraft = Omit<NotificationDocument, 'email'>;

export const dollars = (cents: number): string => `$${formatCents(BigInt(cents))}`;
const day = (instant: Date | string): string => new Date(instant).toISOString().slice(0, 10);

function listingOf(listing: ListingSnapshot): NotificationListingModel {
  return {
    listingType: listing.listingType,
    listingId: listing.listingId,
    title: listing.title,
    city: listing.city,
    state: listing.state,
    from: listing.route?.from ?? null,
    to: listing.route?.to ?? null,
    departsAt: listing.route ? new Date(listing.route.departsAt) : null,
  };
}

function listingLink(watch: WatchModel, listing: ListingSnapshot): string {
  const id = encodeURIComponent(listing.listingId);
  if (watch.kind === 'route') return `/flights/${id}?passengers=${watch.passengers}`;
  return `/hotels/${id}?checkIn=${day(watch.checkIn)}&checkOut=${day(watch.checkOut)}`;
}

/** The price alert of one watch for a new listing (oldPriceCents null) or a price change. */
export function priceAlertDraft(
  watch: WatchModel,
  listing: ListingSnapshot,
  oldPriceCents: number | null,
  event: { id: string; occurredAt: string },
  now: Date,
): NotificationDraft {
  const price = dollars(listing.priceCents);
  const what = watch.kind === 'route' ? `${watch.from} → ${watch.to}` : `Hotels in ${watch.city}`;
  const unit = watch.kind === 'route' ? 'per ticket' : 'per night';
  const limit = dollars(watch.kind === 'route' ? watch.maxPriceCents : watch.maxNightlyPriceCents);
  const change = oldPriceCents === null ? `is new at ${price} ${unit}` : `went from ${dollars(oldPriceCents)} to ${price} ${unit}`;
  const when = listing.route ? `, departing ${new Date(listing.route.departsAt).toISOString().replace('T', ' ').slice(0, 16)} UTC` : '';
  return {
    _id: priceAlertId(watch.id, listing),
    user_id: watch.userId,
    kind: 'PRICE_ALERT',
    title: `${what} now ${price}`,
    body: `${listing.title}${when} ${change}, within your maximum of ${limit}.`,
    link: listingLink(watch, listing),
    created_at: now,
    read_at: null,
    watch_id: watch.id,
    listing: listingOf(listing),
    old_price_cents: oldPriceCents,
    new_price_cents: listing.priceCents,
    booking_id: null,
    invoice_number: null,
    amount_cents: null,
    event_id: event.id,
  };
}

type BookingEvent = DomainEvent<'booking.confirmed'> | DomainEvent<'booking.cancelled'>;

/** The kind of notification a booking event makes. */
export function bookingKind(event: BookingEvent): NotificationKindName {
  if (event.type === 'booking.confirmed') return 'BOOKING_CONFIRMED';
  return event.payload.status === 'Expired' ? 'BOOKING_EXPIRED' : 'BOOKING_CANCELLED';
}

export function bookingDraft(event: BookingEvent, now: Date): NotificationDraft {
  const booking = event.payload;
  const kind = bookingKind(event);
  const dates = `${day(booking.startDate)} – ${day(booking.endDate)}`;
  const what = `${booking.listingType.toLowerCase()} booking ${booking.bookingId}`;
  const base = {
    _id: bookingNotificationId(event.id),
    user_id: booking.userId,
    kind,
    link: `/trips/${encodeURIComponent(booking.bookingId)}`,
    created_at: now,
    read_at: null,
    watch_id: null,
    listing: null,
    old_price_cents: null,
    new_price_cents: null,
    booking_id: booking.bookingId,
    event_id: event.id,
  };
  if (event.type === 'booking.confirmed') {
    const { invoice } = event.payload;
    return {
      ...base,
      title: `Booking ${booking.bookingId} confirmed`,
      body: `Your ${what} (${dates}) is confirmed. Invoice ${invoice.invoiceNumber}: ${dollars(invoice.amountPaidCents)} paid by ${invoice.paymentMethod} on ${day(invoice.paidAt)}.`,
      invoice_number: invoice.invoiceNumber,
      amount_cents: invoice.amountPaidCents,
    };
  }
  const refund = event.type === 'booking.cancelled' ? event.payload.refundCents : 0;
  if (kind === 'BOOKING_EXPIRED') {
    return {
      ...base,
      title: `Booking ${booking.bookingId} expired`,
      body: `Your ${what} (${dates}) was not paid in time, so the hold expired and the seats or rooms were released. Nothing was charged.`,
      invoice_number: null,
      amount_cents: refund,
    };
  }
  const refundText = refund > 0 ? `${dollars(refund)} is refunded to your payment method.` : 'Nothing was charged, so there is nothing to refund.';
  const reason = booking.status === 'PaymentFailed' ? 'was cancelled because the payment failed' : 'is cancelled';
  return {
    ...base,
    title: `Booking ${booking.bookingId} cancelled`,
    body: `Your ${what} (${dates}) ${reason}. ${refundText}`,
    invoice_number: null,
    amount_cents: refund,
  };
}
