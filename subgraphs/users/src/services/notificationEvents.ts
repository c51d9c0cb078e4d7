import { EVENT_TYPES, type DomainEvent, type DomainEventOf, type EventOutcome, type ListingSnapshot } from '@kayak/common';
import type { WatchModel } from '../notification-models.js';
import type { MailsRepository } from '../repositories/mails.js';
import type { NotificationPreferencesRepository } from '../repositories/notificationPreferences.js';
import type { NotificationsRepository } from '../repositories/notifications.js';
import type { WatchesRepository } from '../repositories/watches.js';
import { bookingDraft, priceAlertDraft, type NotificationDraft } from './notificationContent.js';
import { isPriceNews, watchMatches } from './watchMatching.js';

/** The event types (= topics) notifications are made of. */
export const NOTIFICATION_EVENT_TYPES = [EVENT_TYPES.listingCreated, EVENT_TYPES.listingPriceChanged, EVENT_TYPES.bookingConfirmed, EVENT_TYPES.bookingCancelled] as const;
export type NotificationEvent = DomainEventOf<(typeof NOTIFICATION_EVENT_TYPES)[number]>;

export interface NotificationEventDependencies {
  notifications: NotificationsRepository;
  watches: WatchesRepository;
  preferences: NotificationPreferencesRepository;
  mails: MailsRepository;
  /** A mail was queued: wakes the mail relay of this process. */
  mailQueued(): void;
  now?(): Date;
}

/**
 * Turns domain events into notifications and queued mails (docs/notifications.md). Idempotent:
 * every notification has a deterministic id (watch + listing + revision, or the booking event's
 * id), so a redelivered event finds its notifications and mails already there and adds nothing.
 */
export class NotificationEventService {
  private readonly now: () => Date;

  constructor(private readonly deps: NotificationEventDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  async apply(event: NotificationEvent): Promise<EventOutcome> {
    switch (event.type) {
      case 'listing.created':
        return this.listingChanged(event.payload.listing, null, event);
      case 'listing.price.changed':
        return this.listingChanged(event.payload.listing, event.payload.oldPriceCents, event);
      case 'booking.confirmed':
      case 'booking.cancelled':
        return this.bookingChanged(event);
    }
  }

  private async candidates(listing: ListingSnapshot): Promise<WatchModel[]> {
    if (listing.listingType === 'Flight' && listing.route) return this.deps.watches.routeCandidates(listing.route.from.toUpperCase(), listing.route.to.toUpperCase());
    if (listing.listingType === 'Hotel' && listing.city) return this.deps.watches.hotelCityCandidates(listing.city);
    return [];
  }

  private async listingChanged(listing: ListingSnapshot, oldPriceCents: number | null, event: NotificationEvent): Promise<EventOutcome> {
    if (listing.retired || !isPriceNews(oldPriceCents, listing.priceCents)) return 'stale';
    const matching = (await this.candidates(listing)).filter((watch) => watchMatches(watch, listing));
    if (matching.length === 0) return 'stale';
    const now = this.now();
    const created = await Promise.all(matching.map((watch) => this.notify(priceAlertDraft(watch, listing, oldPriceCents, event, now))));
    return created.some(Boolean) ? 'applied' : 'duplicate';
  }

  private async bookingChanged(event: DomainEvent<'booking.confirmed'> | DomainEvent<'booking.cancelled'>): Promise<EventOutcome> {
    return (await this.notify(bookingDraft(event, this.now()))) ? 'applied' : 'duplicate';
  }

  /**
   * Stores the notification (once) and queues its mail when the user's preferences allow it. A
   * replay after a crash between the two finds the notification stored as PENDING and queues the
   * mail then (the queue too ignores a second insert). Returns whether the notification is new.
   */
  private async notify(draft: NotificationDraft): Promise<boolean> {
    const preferences = await this.deps.preferences.get(draft.user_id);
    const { created, stored } = await this.deps.notifications.insertOnce({ ...draft, email: preferences[draft.kind] ? 'PENDING' : 'NOT_SENT' });
    if (stored.email === 'PENDING' && (await this.deps.mails.enqueue(stored.id, stored.userId, this.now()))) this.deps.mailQueued();
    return created;
  }
}
