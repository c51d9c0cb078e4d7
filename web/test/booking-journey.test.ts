import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFlights } from '@kayak/listings/seed';
import { SCREENSHOTS, startBrowserRun, type BrowserRun } from './support/browser.js';

// The core journey in a real browser: Debian's headless Chromium (never a downloaded one) driven by
// playwright-core, against the production build of web/ served with /graphql proxied to the whole
// supergraph running in this process on fresh, seeded databases (support/browser.ts).
let run: BrowserRun;
let page: Page;
let web: BrowserRun['web'];
let pageErrors: string[];

// FL001: American Airlines JFK → LAX, Economy, $299.00, 150 seats, three demo reviews.
const FLIGHT_ID = 'FL001';
const departure = (): Date => {
  const flight = demoFlights().find((candidate) => candidate.flight_id === FLIGHT_ID);
  if (!(flight?.departure_datetime instanceof Date)) throw new Error(`no demo flight ${FLIGHT_ID}`);
  return flight.departure_datetime;
};
const departureDate = (): string => departure().toISOString().slice(0, 10);
/** A lap infant's birth date: 200 days before the earlier of today and the departure (under 2 on the flight, not born in the future). */
const infantBirthDate = (): string => new Date(Math.min(Date.now(), departure().getTime()) - 200 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

beforeAll(async () => {
  run = await startBrowserRun('web_e2e');
  ({ page, web, pageErrors } = run);
}, 240_000);

afterAll(async () => {
  await run?.close();
});

async function seatsLeft(): Promise<number> {
  return Number(await page.getByTestId('seats-left').textContent());
}

/** Availability follows bookings through Kafka, so it changes shortly after; ask again until it does. */
async function refreshUntilSeatsLeft(expected: number): Promise<number> {
  for (let attempt = 0; attempt < 60; attempt += 1) {
    if ((await seatsLeft()) === expected) return expected;
    await page.waitForTimeout(500);
    await page.getByRole('button', { name: 'Refresh availability' }).click();
    await page.getByRole('button', { name: 'Refresh availability' }).and(page.locator(':enabled')).waitFor();
  }
  return seatsLeft();
}

describe('the booking journey in headless Chromium', () => {
  it('searches a route and date, opens a flight with its availability and reviews, signs in, books, pays and finds the trip with its invoice while the seats left go down', async () => {
    await page.goto(web.url);
    await page.getByLabel('From').fill('JFK');
    await page.getByLabel('To').fill('LAX');
    await page.getByLabel('Departure date').fill(departureDate());
    await page.getByRole('button', { name: 'Search' }).click();

    // Economy and Business of the same route that day, cheapest first.
    await page.getByRole('heading', { name: '2 flights found' }).waitFor();
    const results = page.getByRole('region', { name: 'Search results' }).getByRole('link');
    expect(await results.allTextContents()).toEqual(['American Airlines FL001: JFK → LAX', 'American Airlines FL002: JFK → LAX']);

    await page.getByRole('link', { name: `American Airlines ${FLIGHT_ID}: JFK → LAX` }).click();
    await page.getByRole('heading', { name: `American Airlines ${FLIGHT_ID}: New York → Los Angeles` }).waitFor();
    expect(await seatsLeft()).toBe(150);
    const reviews = page.getByRole('region', { name: 'Reviews' });
    await reviews.getByText('(3 reviews)').waitFor();
    expect(await reviews.getByRole('listitem').filter({ has: page.locator('strong') }).count()).toBe(3);

    await page.getByRole('link', { name: 'Sign in to book' }).click();
    await page.getByLabel('Email').fill('alice@example.com');
    await page.getByLabel('Password').fill('Kayak!2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as Alice Nguyen').waitFor();

    // Back on the flight: two seats for two adults plus a lap infant (no seat, free, docs/passengers.md),
    // paid with the test card that the simulated provider accepts.
    const booking = page.getByRole('region', { name: 'Book this flight' });
    await booking.getByLabel('Seats').fill('2');
    const passengers: Array<[string, string, string]> = [
      ['Alice', 'Nguyen', '1990-04-12'],
      ['Sam', 'Nguyen', '1988-11-03'],
    ];
    await booking.getByLabel('Add passenger details').check();
    await booking.getByRole('button', { name: 'Add a lap infant' }).click();
    passengers.push(['Mia', 'Nguyen', infantBirthDate()]);
    for (const [index, [first, last, born]] of passengers.entries()) {
      const row = booking.getByRole('group', { name: `Passenger ${index + 1}` });
      await row.getByLabel('First name').fill(first);
      await row.getByLabel('Last name').fill(last);
      await row.getByLabel('Date of birth').fill(born);
    }
    expect(await booking.getByRole('button', { name: 'Add a lap infant' }).isDisabled()).toBe(false);
    await booking.getByRole('button', { name: 'Book 2 seats' }).click();
    const pending = await booking.getByRole('status').filter({ hasText: 'is Pending' }).textContent();
    expect(pending).toMatch(/^Booking BK\w+ for 2 seats is Pending: \$598\.00 before tax\.$/);
    expect(await booking.getByRole('list', { name: 'Passengers' }).getByRole('listitem').allTextContents()).toEqual([
      'Alice Nguyen · adult · born 1990-04-12',
      'Sam Nguyen · adult · born 1988-11-03',
      `Mia Nguyen · lap infant · born ${infantBirthDate()}`,
    ]);
    const bookingId = /Booking (BK\w+)/.exec(pending ?? '')?.[1] ?? '';
    expect(await booking.getByLabel('Card number').inputValue()).toBe('4242 4242 4242 4242');
    await booking.getByRole('button', { name: 'Pay $598.00 + tax' }).click();
    const paid = booking.getByRole('status').filter({ hasText: 'Paid' });
    expect(await paid.textContent()).toContain(`Paid $645.84 (tax included). Booking ${bookingId} is confirmed.`);

    await paid.getByRole('link', { name: 'See it in My bookings' }).click();
    await page.getByRole('heading', { name: 'My bookings' }).waitFor();
    const trip = page.getByRole('listitem', { name: `Booking ${bookingId}` });
    await trip.waitFor();
    expect(await trip.getByRole('heading', { level: 2 }).textContent()).toBe('American Airlines FL001: JFK → LAX (Economy)');
    expect(await trip.locator('.badge.Confirmed').count()).toBe(1);
    const invoice = trip.getByRole('region', { name: /^Invoice INV\w+$/ });
    const rows = await invoice.getByRole('row').allInnerTexts();
    expect(rows.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
      'Flight FL001: 2 seat(s) 2 × $299.00 $598.00',
      'Subtotal $598.00',
      'Tax (8%) $47.84',
      'Total paid $645.84',
    ]);
    expect(await invoice.textContent()).toContain('credit_card ending 4242');
    await page.screenshot({ path: join(SCREENSHOTS, 'my-trips.png'), fullPage: true });

    // The listings subgraph learns of the booking through Kafka: 150 → 148 seats left.
    await page.goto(`${web.url}#/flights/${FLIGHT_ID}`);
    expect(await refreshUntilSeatsLeft(148)).toBe(148);
    await page.screenshot({ path: join(SCREENSHOTS, 'flight-after-booking.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('cancels the booking from My bookings: the payment is refunded and the seats come back', async () => {
    await page.goto(`${web.url}#/bookings`);
    const trip = page.getByRole('listitem', { name: /^Booking BK/ });
    await trip.getByRole('button', { name: 'Cancel booking' }).click();
    await trip.locator('.badge.Cancelled').waitFor();
    expect(await trip.locator('.badge.Refunded').count()).toBe(1);
    expect(await trip.getByRole('button', { name: 'Cancel booking' }).count()).toBe(0);

    await page.goto(`${web.url}#/flights/${FLIGHT_ID}`);
    expect(await refreshUntilSeatsLeft(150)).toBe(150);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
