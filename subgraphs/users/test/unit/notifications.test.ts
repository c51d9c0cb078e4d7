import type { ListingSnapshot } from '@kayak/common';
import { describe, expect, it } from 'vitest';
import type { HotelCityWatchModel, NotificationModel, RouteWatchModel } from '../../src/notification-models.js';
import { renderMail } from '../../src/services/mailTemplates.js';
import { bookingDraft } from '../../src/services/notificationContent.js';
import { signUnsubscribeToken, unsubscribeKey, verifyUnsubscribeToken } from '../../src/services/unsubscribeToken.js';
import { hotelCityWatchMatches, isPriceNews, priceAlertId, routeWatchMatches } from '../../src/services/watchMatching.js';

const routeWatch: RouteWatchModel = {
  kind: 'route',
  id: 'w1',
  userId: '123-45-6789',
  createdAt: new Date('2030-01-01T00:00:00Z'),
  matchCount: 0,
  from: 'JFK',
  to: 'LAX',
  departFrom: new Date('2030-02-01T00:00:00Z'),
  departTo: new Date('2030-02-10T00:00:00Z'),
  maxPriceCents: 20_000,
  passengers: 1,
};
const hotelWatch: HotelCityWatchModel = {
  kind: 'hotelCity',
  id: 'w2',
  userId: '123-45-6789',
  createdAt: new Date('2030-01-01T00:00:00Z'),
  matchCount: 0,
  city: 'San Diego',
  state: 'CA',
  checkIn: new Date('2030-03-01T00:00:00Z'),
  checkOut: new Date('2030-03-04T00:00:00Z'),
  maxNightlyPriceCents: 10_000,
};
const flight = (overrides: Partial<ListingSnapshot> = {}): ListingSnapshot => ({
  listingType: 'Flight',
  listingId: 'FL-1',
  title: 'Kayak Air 1',
  city: null,
  state: null,
  route: { from: 'jfk', to: 'lax', departsAt: '2030-02-10T00:00:00.000Z' },
  priceCents: 20_000,
  retired: false,
  revision: 3,
  ...overrides,
});
const hotel = (overrides: Partial<ListingSnapshot> = {}): ListingSnapshot => ({ listingType: 'Hotel', listingId: 'H-1', title: 'Hotel 1', city: 'san diego', state: 'ca', route: null, priceCents: 10_000, retired: false, revision: 1, ...overrides });

describe('watch matching', () => {
  it('matches a flight on the route at the edges of the window and at the maximum price', () => {
    expect(routeWatchMatches(routeWatch, flight())).toBe(true);
    expect(routeWatchMatches(routeWatch, flight({ route: { from: 'JFK', to: 'LAX', departsAt: '2030-02-01T00:00:00.000Z' } }))).toBe(true);
  });

  it('does not match another route, a departure outside the window, a higher price, a retired flight or a hotel', () => {
    expect(routeWatchMatches(routeWatch, flight({ route: { from: 'LAX', to: 'JFK', departsAt: '2030-02-05T00:00:00.000Z' } }))).toBe(false);
    expect(routeWatchMatches(routeWatch, flight({ route: { from: 'JFK', to: 'LAX', departsAt: '2030-02-10T00:00:00.001Z' } }))).toBe(false);
    expect(routeWatchMatches(routeWatch, flight({ priceCents: 20_001 }))).toBe(false);
    expect(routeWatchMatches(routeWatch, flight({ retired: true }))).toBe(false);
    expect(routeWatchMatches(routeWatch, hotel())).toBe(false);
  });

  it('matches hotels of the city case-insensitively, in the watched state only when one is given', () => {
    expect(hotelCityWatchMatches(hotelWatch, hotel())).toBe(true);
    expect(hotelCityWatchMatches(hotelWatch, hotel({ state: 'NV' }))).toBe(false);
    expect(hotelCityWatchMatches({ ...hotelWatch, state: null }, hotel({ state: 'NV' }))).toBe(true);
    expect(hotelCityWatchMatches(hotelWatch, hotel({ priceCents: 10_001 }))).toBe(false);
    expect(hotelCityWatchMatches(hotelWatch, hotel({ city: 'Los Angeles' }))).toBe(false);
  });

  it('treats new listings and price drops as news, rises as not', () => {
    expect(isPriceNews(null, 100)).toBe(true);
    expect(isPriceNews(200, 100)).toBe(true);
    expect(isPriceNews(100, 100)).toBe(false);
    expect(isPriceNews(100, 150)).toBe(false);
  });

  it('gives one notification id per watch and listing revision', () => {
    expect(priceAlertId('w1', flight())).toBe(priceAlertId('w1', flight({ priceCents: 1 })));
    expect(priceAlertId('w1', flight())).not.toBe(priceAlertId('w1', flight({ revision: 4 })));
    expect(priceAlertId('w1', flight())).not.toBe(priceAlertId('w2', flight()));
  });
});

describe('unsubscribe tokens', () => {
  const key = unsubscribeKey(undefined, 'x'.repeat(32));

  it('round-trips the user and the kind', () => {
    const token = signUnsubscribeToken(key, { userId: '123-45-6789', kind: 'PRICE_ALERT' });
    expect(verifyUnsubscribeToken(key, token)).toEqual({ userId: '123-45-6789', kind: 'PRICE_ALERT' });
  });

  it('refuses a token signed with another key, a changed payload and garbage', () => {
    const token = signUnsubscribeToken(key, { userId: '123-45-6789', kind: 'PRICE_ALERT' });
    expect(verifyUnsubscribeToken(unsubscribeKey('y'.repeat(32), 'x'.repeat(32)), token)).toBeNull();
    const otherPayload = Buffer.from(JSON.stringify({ u: '999-99-9999', k: 'PRICE_ALERT' })).toString('base64url');
    expect(verifyUnsubscribeToken(key, `${otherPayload}.${token.split('.')[1]}`)).toBeNull();
    expect(verifyUnsubscribeToken(key, 'not-a-token')).toBeNull();
    expect(verifyUnsubscribeToken(key, `${token}.extra`)).toBeNull();
  });

  it('derives its key from the JWT secret without using the JWT secret itself', () => {
    expect(unsubscribeKey(undefined, 'x'.repeat(32)).equals(Buffer.from('x'.repeat(32)))).toBe(false);
  });
});

describe('mail templates', () => {
  const booking = { bookingId: 'BK-1', listingType: 'Hotel' as const, listingId: 'H-1', userId: '123-45-6789', startDate: '2030-03-01T00:00:00.000Z', endDate: '2030-03-04T00:00:00.000Z', quantity: 1, revision: 2, totalCents: 30_000 };
  const draft = bookingDraft(
    {
      id: 'ev-1',
      type: 'booking.confirmed',
      version: 1,
      occurredAt: '2030-01-01T00:00:00.000Z',
      key: 'Hotel:H-1',
      payload: { ...booking, status: 'Confirmed', invoice: { billingId: 'B-1', invoiceNumber: 'INV-<1>', amountPaidCents: 32_550, paymentMethod: 'Visa', paidAt: '2030-01-01T00:00:00.000Z' } },
    },
    new Date('2030-01-01T00:00:00Z'),
  );
  const notification: NotificationModel = {
    id: draft._id,
    userId: draft.user_id,
    kind: draft.kind,
    title: draft.title,
    body: draft.body,
    link: draft.link,
    createdAt: draft.created_at,
    readAt: null,
    email: 'PENDING',
    watchId: null,
    listing: null,
    oldPriceCents: null,
    newPriceCents: null,
    bookingId: draft.booking_id,
    invoiceNumber: draft.invoice_number,
    amountCents: draft.amount_cents,
  };
  const mail = renderMail(notification, { firstName: 'Dana <b>', actionUrl: 'http://web/#/trips/BK-1', unsubscribeUrl: 'http://web/#/unsubscribe?token=a.b' });

  it('renders the invoice in both parts and the unsubscribe link in both', () => {
    expect(mail.subject).toBe('Booking BK-1 confirmed');
    expect(mail.text).toContain('Invoice: INV-<1>');
    expect(mail.text).toContain('Amount paid: $325.50');
    expect(mail.text).toContain('http://web/#/unsubscribe?token=a.b');
    expect(mail.html).toContain('INV-&lt;1&gt;');
    expect(mail.html).toContain('href="http://web/#/unsubscribe?token=a.b"');
  });

  it('escapes what users and events control in the HTML', () => {
    expect(mail.html).toContain('Hi Dana &lt;b&gt;,');
    expect(mail.html).not.toContain('Dana <b>');
  });

  it('tells an expired hold from a cancellation', () => {
    const expired = bookingDraft({ id: 'ev-2', type: 'booking.cancelled', version: 1, occurredAt: '2030-01-01T00:00:00.000Z', key: 'Hotel:H-1', payload: { ...booking, status: 'Expired', refundCents: 0 } }, new Date());
    const failed = bookingDraft({ id: 'ev-3', type: 'booking.cancelled', version: 1, occurredAt: '2030-01-01T00:00:00.000Z', key: 'Hotel:H-1', payload: { ...booking, status: 'PaymentFailed', refundCents: 0 } }, new Date());
    expect(expired).toMatchObject({ _id: 'booking:ev-2', kind: 'BOOKING_EXPIRED' });
    expect(failed).toMatchObject({ kind: 'BOOKING_CANCELLED', body: expect.stringContaining('payment failed') });
  });
});
