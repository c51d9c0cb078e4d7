import type { ListingSnapshot } from '@kayak/common';

/**
 * What resolvers receive for `Notification`, `RouteWatch` and `HotelCityWatch` (codegen mappers),
 * and what the notification consumer and the mail relay pass around (docs/notifications.md).
 * Money is in integer cents here, as in the events; resolvers render it as Decimal.
 */

export const NOTIFICATION_KINDS = ['PRICE_ALERT', 'BOOKING_CONFIRMED', 'BOOKING_CANCELLED', 'BOOKING_EXPIRED'] as const;
export type NotificationKindName = (typeof NOTIFICATION_KINDS)[number];

export type EmailState = 'NOT_SENT' | 'PENDING' | 'SENT' | 'FAILED';

/** The listing of a price alert, as the event described it. */
export interface NotificationListingModel {
  listingType: ListingSnapshot['listingType'];
  listingId: string;
  title: string;
  city: string | null;
  state: string | null;
  from: string | null;
  to: string | null;
  departsAt: Date | null;
}

export interface NotificationModel {
  id: string;
  userId: string;
  kind: NotificationKindName;
  title: string;
  body: string;
  link: string;
  createdAt: Date;
  readAt: Date | null;
  email: EmailState;
  watchId: string | null;
  listing: NotificationListingModel | null;
  oldPriceCents: number | null;
  newPriceCents: number | null;
  bookingId: string | null;
  invoiceNumber: string | null;
  amountCents: number | null;
}

interface WatchBase {
  id: string;
  userId: string;
  createdAt: Date;
  matchCount: number;
}

export interface RouteWatchModel extends WatchBase {
  kind: 'route';
  from: string;
  to: string;
  departFrom: Date;
  departTo: Date;
  maxPriceCents: number;
  passengers: number;
}

export interface HotelCityWatchModel extends WatchBase {
  kind: 'hotelCity';
  city: string;
  state: string | null;
  checkIn: Date;
  checkOut: Date;
  maxNightlyPriceCents: number;
}

export type WatchModel = RouteWatchModel | HotelCityWatchModel;

export type NewRouteWatch = Omit<RouteWatchModel, 'id' | 'createdAt' | 'matchCount'>;
export type NewHotelCityWatch = Omit<HotelCityWatchModel, 'id' | 'createdAt' | 'matchCount'>;

/** Per kind: whether it is mailed. Kinds missing from the stored document are mailed (the default). */
export type EmailPreferences = Record<NotificationKindName, boolean>;
