import { listingKey, type ListingSnapshot } from '@kayak/common';
import type { HotelCityWatchModel, RouteWatchModel, WatchModel } from '../notification-models.js';

/**
 * Which watches a listing event matches (docs/notifications.md, "Matching"). Pure: the consumer
 * reads the candidate watches of the route or city, and these decide.
 */

/** A flight on the watch's route, departing inside its window, at or below its maximum ticket price. */
export function routeWatchMatches(watch: RouteWatchModel, listing: ListingSnapshot): boolean {
  if (listing.listingType !== 'Flight' || listing.retired || !listing.route) return false;
  const departsAt = new Date(listing.route.departsAt).getTime();
  return (
    listing.route.from.toUpperCase() === watch.from &&
    listing.route.to.toUpperCase() === watch.to &&
    departsAt >= watch.departFrom.getTime() &&
    departsAt <= watch.departTo.getTime() &&
    listing.priceCents <= watch.maxPriceCents
  );
}

/** A hotel in the watch's city (and state, when the watch names one) at or below its maximum nightly price. */
export function hotelCityWatchMatches(watch: HotelCityWatchModel, listing: ListingSnapshot): boolean {
  if (listing.listingType !== 'Hotel' || listing.retired || listing.city === null) return false;
  if (listing.city.trim().toLowerCase() !== watch.city.trim().toLowerCase()) return false;
  if (watch.state !== null && (listing.state ?? '').toUpperCase() !== watch.state) return false;
  return listing.priceCents <= watch.maxNightlyPriceCents;
}

export function watchMatches(watch: WatchModel, listing: ListingSnapshot): boolean {
  return watch.kind === 'route' ? routeWatchMatches(watch, listing) : hotelCityWatchMatches(watch, listing);
}

/**
 * Whether a price change is news to a watcher: a new listing, or a lower price. A rise that stays
 * under the maximum is not (the watcher already heard of the lower price).
 */
export function isPriceNews(oldPriceCents: number | null, newPriceCents: number): boolean {
  return oldPriceCents === null || newPriceCents < oldPriceCents;
}

/**
 * The id of the one notification of a watch for one state of a listing: a replay of the event
 * (same revision) produces the same id, a later price change (higher revision) a new one.
 */
export function priceAlertId(watchId: string, listing: ListingSnapshot): string {
  return `price:${watchId}:${listingKey(listing.listingType, listing.listingId)}:${listing.revision}`;
}

/** The id of the notification of a booking event: one per event id. */
export const bookingNotificationId = (eventId: string): string => `booking:${eventId}`;
