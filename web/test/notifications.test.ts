import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { domainEvent, listingKey } from '@kayak/common';
import { demoFlights } from '@kayak/listings/seed';
import { MailsRepository } from '../../subgraphs/users/src/repositories/mails.js';
import { NotificationPreferencesRepository } from '../../subgraphs/users/src/repositories/notificationPreferences.js';
import { NotificationsRepository } from '../../subgraphs/users/src/repositories/notifications.js';
import { WatchesRepository } from '../../subgraphs/users/src/repositories/watches.js';
import { NotificationEventService } from '../../subgraphs/users/src/services/notificationEvents.js';
import { signUnsubscribeToken, unsubscribeKey } from '../../subgraphs/users/src/services/unsubscribeToken.js';
import { SCREENSHOTS, startBrowserRun, type BrowserRun } from './support/browser.js';

// A traveller's notifications in headless Chromium against the whole supergraph (support/browser.ts):
// watches made in the page, a price alert produced by the users subgraph's own notification service
// from a listing.price.changed event (what its Kafka consumer runs for each event), the bell, mark
// read, mark all read, e-mail preferences, and a mail's unsubscribe link.
let run: BrowserRun;
let page: Page;
let url: string;

const ALICE = '123-45-6789';
const PASSWORD = 'Kayak!2026';
const flight = demoFlights().find((candidate) => candidate.flight_id === 'FL001');
if (!flight || !(flight.departure_datetime instanceof Date)) throw new Error('no demo flight FL001');
const departure = flight.departure_datetime;
const day = (offsetDays: number): string => new Date(departure.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  run = await startBrowserRun('web_notify');
  page = run.page;
  url = run.web.url;
}, 240_000);

afterAll(async () => {
  await run?.close();
});

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  await page.screenshot({ path: join(SCREENSHOTS, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`), fullPage: true });
  console.error('page errors:', run.pageErrors);
});

/** FL001's price changes, as the listings subgraph publishes it; handled like the users consumer does. */
async function priceChanged(oldPriceCents: number, newPriceCents: number, revision: number): Promise<string> {
  const db = run.supergraph.mongo.db;
  const service = new NotificationEventService({
    notifications: new NotificationsRepository(db),
    watches: new WatchesRepository(db),
    preferences: new NotificationPreferencesRepository(db),
    mails: new MailsRepository(db),
    mailQueued: () => undefined,
  });
  const listing = { listingType: 'Flight' as const, listingId: 'FL001', title: 'American Airlines FL001', city: 'New York', state: 'NY', route: { from: 'JFK', to: 'LAX', departsAt: departure.toISOString() }, priceCents: newPriceCents, retired: false, revision };
  const event = domainEvent('listing.price.changed', listingKey('Flight', 'FL001'), { listing, oldPriceCents, newPriceCents }, { id: randomUUID(), occurredAt: new Date() });
  return service.apply(event);
}

const bell = () => page.getByRole('link', { name: /^Notifications, \d+ unread$/ });

describe('notifications in headless Chromium', () => {
  it('creates a route watch and deletes a hotel watch from the page', async () => {
    await page.goto(`${url}#/login?next=${encodeURIComponent('/notifications/watches')}`);
    await page.getByLabel('Email').fill('alice@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as Alice Nguyen').waitFor();
    expect(await bell().getAttribute('aria-label')).toBe('Notifications, 0 unread');
    const watches = page.getByRole('region', { name: 'My watches' });
    // The demo seed gives Alice watches of her own: delete them, so the alerts below are this test's.
    await watches.getByRole('heading', { name: 'My watches' }).waitFor();
    await watches.getByText('Loading watches…').waitFor({ state: 'detached' });
    const seeded = await watches.getByRole('listitem').count();
    for (let index = seeded; index > 0; index -= 1) {
      await watches.getByRole('button', { name: 'Delete watch' }).first().click();
      await expect.poll(() => watches.getByRole('listitem').count()).toBe(index - 1);
    }
    await watches.getByText('You watch nothing yet').waitFor();

    const route = page.getByRole('form', { name: 'Watch a route' });
    await route.getByLabel('From', { exact: true }).fill('jfk');
    await route.getByLabel('To', { exact: true }).fill('lax');
    await route.getByLabel('Departing from').fill(day(-1));
    await route.getByLabel('Departing until').fill(day(1));
    await route.getByLabel('Max price per ticket').fill('250.00');
    await route.getByRole('button', { name: 'Watch route' }).click();
    await route.getByRole('status').filter({ hasText: 'Watching JFK → LAX.' }).waitFor();

    const hotels = page.getByRole('form', { name: 'Watch a hotel city' });
    await hotels.getByLabel('City').fill('San Francisco');
    await hotels.getByLabel('Check-in').fill(day(0));
    await hotels.getByLabel('Check-out').fill(day(2));
    await hotels.getByLabel('Max price per night').fill('150');
    await hotels.getByRole('button', { name: 'Watch hotels' }).click();
    await watches.getByRole('listitem', { name: /^Watch: Hotels in San Francisco/ }).waitFor();
    expect(await watches.getByRole('listitem').count()).toBe(2);

    await watches.getByRole('listitem', { name: /^Watch: Hotels in San Francisco/ }).getByRole('button', { name: 'Delete watch' }).click();
    await watches.getByRole('listitem', { name: /^Watch: Hotels in San Francisco/ }).waitFor({ state: 'detached' });
    const left = await watches.getByRole('listitem').allInnerTexts();
    expect(left).toHaveLength(1);
    expect(left[0]).toContain('JFK → LAX');
    expect(left[0]).toContain('at most $250.00 per ticket, 1 passenger');
    await page.screenshot({ path: join(SCREENSHOTS, 'watches.png'), fullPage: true });
    expect(run.pageErrors).toEqual([]);
  }, 120_000);

  it('shows a price alert with the bell’s unread count, marks it read, then marks all read', async () => {
    // $299.00 → $199.00: within the watch's $250.00; then $199.00 → $179.00.
    expect(await priceChanged(29_900, 19_900, 2)).toBe('applied');
    await page.goto(`${url}#/notifications`);
    await page.reload();
    const list = page.getByRole('region', { name: 'Notifications' });
    const alert = list.getByRole('listitem', { name: 'Notification: JFK → LAX now $199.00' });
    await alert.waitFor();
    expect(await bell().getAttribute('aria-label')).toBe('Notifications, 1 unread');
    expect(await alert.textContent()).toContain('now $199.00 (was $299.00)');
    expect(await alert.getByRole('link', { name: 'Open' }).getAttribute('href')).toMatch(/^#\/flights\/FL001/);

    await alert.getByRole('button', { name: 'Mark read' }).click();
    await alert.getByText('Read', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Notifications, 0 unread' }).waitFor();

    expect(await priceChanged(19_900, 17_900, 3)).toBe('applied');
    await page.reload();
    await list.getByRole('listitem', { name: 'Notification: JFK → LAX now $179.00' }).waitFor();
    expect(await bell().getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await page.screenshot({ path: join(SCREENSHOTS, 'notifications.png'), fullPage: true });
    await list.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByRole('link', { name: 'Notifications, 0 unread' }).waitFor();
    expect(await list.getByRole('button', { name: 'Mark read' }).count()).toBe(0);
    expect(await list.getByRole('listitem').count()).toBe(2);
    expect(run.pageErrors).toEqual([]);
  }, 120_000);

  it('turns price-alert mails off in the e-mail settings, and a mail’s unsubscribe link works signed out', async () => {
    await page.goto(`${url}#/notifications/preferences`);
    const preferences = page.getByRole('region', { name: 'E-mail preferences' });
    const priceAlerts = preferences.getByLabel('Price alerts');
    await priceAlerts.waitFor();
    expect(await priceAlerts.isChecked()).toBe(true);
    await priceAlerts.uncheck();
    await page.reload();
    await preferences.getByLabel('Price alerts').waitFor();
    expect(await preferences.getByLabel('Price alerts').isChecked()).toBe(false);
    expect(await preferences.getByLabel('Booking confirmations (with the invoice)').isChecked()).toBe(true);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).first().waitFor();
    // The mail's link names a path; the page moves it into the hash route.
    const key = unsubscribeKey(run.supergraph.config.UNSUBSCRIBE_SECRET, run.supergraph.config.JWT_SECRET);
    const token = signUnsubscribeToken(key, { userId: ALICE, kind: 'BOOKING_CONFIRMED' });
    await page.goto(`${new URL(url).origin}/unsubscribe?token=${encodeURIComponent(token)}`);
    await page.getByRole('status').filter({ hasText: 'you will no longer get e-mails for Booking confirmations (with the invoice)' }).waitFor();
    expect(page.url()).toContain('#/unsubscribe?token=');
    const stored = await new NotificationPreferencesRepository(run.supergraph.mongo.db).get(ALICE);
    expect(stored).toMatchObject({ PRICE_ALERT: false, BOOKING_CONFIRMED: false, BOOKING_CANCELLED: true });

    // A hotel price alert's link (`/hotels/HTL003?checkIn=&checkOut=`) opens the hotel for the stay.
    await page.goto(`${url}#/hotels/HTL003?checkIn=${day(0)}&checkOut=${day(2)}`);
    await page.getByRole('heading', { name: 'Lakeshore Suites' }).waitFor();
    expect(Number(await page.getByTestId('rooms-free').textContent())).toBeGreaterThan(0);

    await page.goto(`${url}#/unsubscribe?token=not-a-token`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/token/i);
    expect(run.pageErrors.filter((error) => !error.includes('400'))).toEqual([]);
  }, 120_000);
});
