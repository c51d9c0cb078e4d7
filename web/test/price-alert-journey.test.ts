import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MailDevClient, type CaughtMail } from '@kayak/common/maildev';
import { SCREENSHOTS, startBrowserRun, type BrowserRun } from './support/browser.js';

// Issue 16's journey end to end, nothing called directly: a Listing Admin lowers a watched route's
// price in the web admin area → the listings outbox relay publishes listing.price.changed to Kafka →
// the users notification consumer matches the demo traveller's seeded watch → the mail relay sends
// the alert over SMTP to MailDev, and the bell shows it. Then she books and pays that flight in the
// page → the bookings outbox publishes booking.confirmed → her confirmation mail with the invoice.
let run: BrowserRun;
let page: Page;
let url: string;
let maildev: MailDevClient;
const started = new Date();

const PASSWORD = 'Kayak!2026';
const ALICE = 'alice@example.com';

beforeAll(async () => {
  run = await startBrowserRun('web_alert', { notifications: true });
  page = run.page;
  url = run.web.url;
  maildev = new MailDevClient(run.supergraph.config.MAILDEV_URL);
}, 240_000);

afterAll(async () => {
  await run?.close();
});

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  await page.screenshot({ path: join(SCREENSHOTS, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`), fullPage: true });
  console.error('page errors:', run.pageErrors);
});

/** Alice's mails of this run whose subject matches, once `count` have arrived (the inbox is shared). */
async function mailsToAlice(subject: RegExp, count = 1): Promise<CaughtMail[]> {
  const matching = async () => (await maildev.to(ALICE)).filter((mail) => subject.test(mail.subject) && new Date(mail.time) >= started);
  await expect.poll(async () => (await matching()).length, { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(count);
  return matching();
}

async function signIn(email: string, name: string, admin: boolean): Promise<void> {
  if (admin) {
    await page.goto(`${url}#/admin`);
    const form = page.getByRole('form', { name: 'Admin sign in' });
    await form.getByLabel('Admin email').fill(email);
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign in as admin' }).click();
  } else {
    await page.goto(`${url}#/login?next=/notifications`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await page.getByText(`Signed in as ${name}`).waitFor();
}

describe('a price alert and a booking confirmation, through Kafka and SMTP, in headless Chromium', () => {
  it('mails and shows the watching traveller a route price an admin lowered in the admin area', async () => {
    await signIn('listings@example.com', 'Lee Listings', true);
    // The searchable flights are listed (one row each, unlike a lookup by id, which adds a second).
    const row = page.getByRole('region', { name: 'Listings found' }).getByRole('row', { name: 'Listing FL001' });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(2).textContent()).toBe('$299.00');
    // Alice's seeded watch: JFK → LAX at most $280.00 in the next 60 days.
    await row.getByLabel('Price (per seat)').fill('249.00');
    await row.getByRole('button', { name: 'Save price' }).click();
    await row.getByRole('status').filter({ hasText: 'Price saved: $249.00' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).first().waitFor();

    const [mail] = await mailsToAlice(/^JFK → LAX now \$249\.00$/);
    expect(mail?.text).toContain('Now: $249.00');
    expect(mail?.text).toContain('/#/flights/FL001');
    expect(mail?.html).toContain('/#/unsubscribe?token=');

    await signIn(ALICE, 'Alice Nguyen', false);
    const alert = page.getByRole('region', { name: 'Notifications' }).getByRole('listitem', { name: 'Notification: JFK → LAX now $249.00' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('now $249.00 (was $299.00)');
    await page.getByRole('link', { name: 'Notifications, 1 unread' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'price-alert.png'), fullPage: true });

    // Exactly one mail for the one price change, also after the consumer and relay had time to repeat.
    await page.waitForTimeout(1_000);
    expect(await mailsToAlice(/^JFK → LAX now/)).toHaveLength(1);
    expect(run.pageErrors).toEqual([]);
  }, 120_000);

  it('mails the confirmation with the invoice when the traveller books and pays from the alert', async () => {
    const alert = page.getByRole('region', { name: 'Notifications' }).getByRole('listitem', { name: 'Notification: JFK → LAX now $249.00' });
    await alert.getByRole('link', { name: 'Open' }).click();
    await page.getByTestId('seats-left').waitFor();
    const booking = page.getByRole('region', { name: 'Book this flight' });
    await booking.getByRole('button', { name: 'Book 1 seat' }).click();
    await booking.getByRole('status').filter({ hasText: 'is Pending' }).waitFor();
    await booking.getByRole('button', { name: /^Pay / }).click();
    const paid = (await booking.getByRole('status').filter({ hasText: /is confirmed\./ }).textContent()) ?? '';
    const [, amount, bookingId, invoice] = /Paid (\$[\d,]+\.\d\d) .*Booking (BK\w+) is confirmed\..*Invoice (INV\w+)/s.exec(paid) ?? [];
    if (!bookingId || !invoice || !amount) throw new Error(`no booking, invoice or amount in "${paid}"`);

    const [mail] = await mailsToAlice(new RegExp(`^Booking ${bookingId} confirmed$`));
    expect(mail?.text).toContain(`Invoice: ${invoice}`);
    expect(mail?.text).toContain(`Amount paid: ${amount}`);
    expect(mail?.html).toContain(invoice);

    await page.goto(`${url}#/notifications`);
    await page.getByRole('region', { name: 'Notifications' }).getByRole('listitem', { name: `Notification: Booking ${bookingId} confirmed` }).waitFor();
    expect(run.pageErrors).toEqual([]);
  }, 120_000);
});
