import { join } from 'node:path';
import mariadb, { type Connection } from 'mariadb';
import { connectionOptions } from '@kayak/common/migrate';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayOf, departureOf } from './support/demoDays.js';
import { SCREENSHOTS, saveScreenshot, startBrowserRun, type BrowserRun } from './support/browser.js';

// Booking a whole trip in headless Chromium against the whole supergraph (support/browser.ts): a
// round trip, a hotel and a car planned before signing in, booked as one trip and paid once; a
// declined card and a retry; one item of a paid trip cancelled with its refund.
let run: BrowserRun;
let page: Page;
let url: string;
let database: Connection;


const outbound = (): string => dayOf(departureOf('FL001'));
const back = (): string => dayOf(departureOf('FL003'));
// HTL002 Sunset Palms Inn, Los Angeles, $179.00 a night, 60 rooms; CAR002 Enterprise Ford Explorer, Los Angeles, $79.00 a day.
const HOTEL = 'HTL002';
const CAR = 'CAR002';

beforeAll(async () => {
  run = await startBrowserRun('web_trip');
  page = run.page;
  url = run.web.url;
  database = await mariadb.createConnection({ ...connectionOptions(run.supergraph.mysql.url), database: run.supergraph.mysql.name });
  // The demo photos name an image host of example.com: the test serves a picture in its place.
  await page.route('https://images.example.com/**', (route) => route.fulfill({ contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="112"><rect width="160" height="112" fill="#ccd"/></svg>' }));
}, 240_000);

afterAll(async () => {
  await database?.end();
  await run?.close();
});

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  await page.screenshot({ path: join(SCREENSHOTS, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`), fullPage: true });
  console.error('page errors:', run.pageErrors);
});

const rowsOf = async (section: ReturnType<Page['getByRole']>): Promise<string[]> => (await section.getByRole('row').allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim());

async function noSidewaysScroll(): Promise<boolean> {
  const widths = await page.evaluate<{ scroll: number; viewport: number }>('({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth })');
  return widths.scroll <= widths.viewport;
}

/** Availability follows bookings through Kafka: ask again until the number changes. */
async function roomsFree(expected: number): Promise<number> {
  let rooms = -1;
  for (let attempt = 0; attempt < 60; attempt += 1) {
    await page.goto(`${url}#/hotels/${HOTEL}?checkIn=${outbound()}&checkOut=${back()}&attempt=${attempt}`);
    rooms = Number(await page.getByTestId('rooms-free').textContent());
    if (rooms === expected) return rooms;
    await page.waitForTimeout(500);
  }
  return rooms;
}

async function seatsLeft(flightId: string, expected: number): Promise<number> {
  await page.goto(`${url}#/flights/${flightId}`);
  let seats = -1;
  for (let attempt = 0; attempt < 60; attempt += 1) {
    seats = Number(await page.getByTestId('seats-left').textContent());
    if (seats === expected) return seats;
    await page.waitForTimeout(500);
    await page.getByRole('button', { name: 'Refresh availability' }).click();
    await page.getByRole('button', { name: 'Refresh availability' }).and(page.locator(':enabled')).waitFor();
  }
  return seats;
}

/** The hotel stay (the default room type, or the one named) and the car rental of the round trip's days, from their pages. */
async function addHotelAndCar(roomType?: string): Promise<void> {
  await page.goto(`${url}#/hotels/${HOTEL}?checkIn=${outbound()}&checkOut=${back()}`);
  if (roomType) await page.getByRole('region', { name: 'Room types' }).getByRole('radio', { name: roomType }).check();
  const hotel = page.getByRole('region', { name: 'Book this hotel' });
  expect(await hotel.getByLabel('Check-in').inputValue()).toBe(outbound());
  expect(await hotel.getByLabel('Check-out').inputValue()).toBe(back());
  await hotel.getByLabel('Rooms').fill('1');
  await hotel.getByRole('button', { name: 'Add to trip' }).click();
  await hotel.getByRole('status').getByText('Added to your trip').waitFor();

  await page.goto(`${url}#/cars/${CAR}?pickup=${outbound()}&dropoff=${back()}`);
  const car = page.getByRole('region', { name: 'Rent this car' });
  expect(await car.getByLabel('Pick-up').inputValue()).toBe(outbound());
  await car.getByRole('button', { name: 'Add to trip' }).click();
  await car.getByRole('status').getByText('Added to your trip').waitFor();
}

async function signIn(): Promise<void> {
  await page.getByLabel('Email').fill('alice@example.com');
  await page.getByLabel('Password').fill('Kayak!2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in as Alice Nguyen').waitFor();
}

/** The trip id in the checkout's "Booked trip" card, once its status reads `status`. */
async function bookedTrip(status: string): Promise<string> {
  const booked = page.getByRole('region', { name: 'Booked trip' });
  await booked.locator(`h2 .badge.${status}`).waitFor();
  const id = /Trip (TRP\w+)/.exec((await booked.getByRole('heading').textContent()) ?? '')?.[1];
  if (!id) throw new Error('no trip id on the page');
  return id;
}

describe('booking a whole trip in headless Chromium', () => {
  let paidTripId = '';

  it('plans a round trip, a hotel and a car before signing in, books them as one trip with the passengers and pays once; My trips shows the invoice and rooms and seats go down', async () => {
    expect(await roomsFree(60)).toBe(60);
    // The party of the search (one adult) flies on every flight of the itinerary.
    await page.goto(`${url}#/?trip=round&leg=JFK.LAX.${outbound()}&leg=LAX.JFK.${back()}&adults=1&children=0&infants=0&sort=BEST`);
    const results = page.getByRole('region', { name: 'Search results' });
    await results.getByRole('heading', { name: '4 itineraries found' }).waitFor();
    const cheapest = results.locator('li.itinerary').first();
    await cheapest.getByText('Total $618.00').waitFor();
    await cheapest.getByRole('button', { name: 'Add to trip' }).click();
    await cheapest.getByRole('status').getByText('Added 2 flights').waitFor();
    await page.getByRole('link', { name: 'Trip: 2 items' }).waitFor();

    await addHotelAndCar();
    await page.getByRole('link', { name: 'Trip: 4 items' }).click();
    await page.getByRole('heading', { name: 'Your trip' }).waitFor();
    const items = page.getByRole('list', { name: 'Trip items' }).getByRole('listitem');
    expect(await Promise.all((await items.all()).map((row) => row.getAttribute('aria-label')))).toEqual([
      'Item 1: American Airlines FL001: JFK → LAX',
      'Item 2: Delta Air Lines FL003: LAX → JFK',
      'Item 3: Sunset Palms Inn, Los Angeles · Standard',
      'Item 4: Enterprise Ford Explorer, Los Angeles',
    ]);
    await items.nth(2).getByText('$179.00 per night').waitFor();
    await items.nth(3).getByText('$79.00 per day').waitFor();

    // The plan survives a reload and joins Alice's account when she signs in.
    await page.reload();
    await page.getByRole('link', { name: 'Sign in to book' }).click();
    await signIn();
    await page.getByRole('heading', { name: 'Your trip' }).waitFor();
    expect(await items.count()).toBe(4);
    await page.getByRole('link', { name: 'Trip: 4 items' }).waitFor();

    // A child's birth date for an adult: the error names item 1 (the first flight), nothing is booked.
    const form = page.getByRole('form', { name: 'Book the trip' });
    const traveller = form.getByRole('group', { name: 'Passenger 1' });
    await traveller.getByLabel('First name').fill('Alice');
    await traveller.getByLabel('Last name').fill('Nguyen');
    await traveller.getByLabel('Date of birth').fill(addDays(outbound(), -5 * 365));
    await form.getByRole('button', { name: 'Book trip' }).click();
    await items.nth(0).getByRole('alert').getByText(/^passengers\.0\.passengerType: /).waitFor();
    expect(await items.nth(1).getByRole('alert').count()).toBe(0);
    const counted = (await database.query('SELECT COUNT(*) AS trips FROM trips')) as Array<{ trips: bigint }>;
    expect(Number(counted[0]?.trips)).toBe(0);

    await traveller.getByLabel('Date of birth').fill('1990-04-12');
    await page.screenshot({ path: join(SCREENSHOTS, 'trip-checkout.png'), fullPage: true });
    saveScreenshot('trip-checkout.png');
    await form.getByRole('button', { name: 'Book trip' }).click();
    paidTripId = await bookedTrip('Pending');
    expect(await items.nth(0).getByRole('alert').count()).toBe(0);
    const payment = page.getByRole('form', { name: 'Payment' });
    await payment.getByRole('button', { name: 'Pay $876.00 + tax' }).click();
    const paid = page.getByRole('status').filter({ hasText: 'Paid' });
    expect(await paid.textContent()).toContain(`Paid $946.08 (tax included). Trip ${paidTripId} is Confirmed.`);
    await page.getByRole('link', { name: 'Trip: 0 items' }).waitFor();

    await paid.getByRole('link', { name: 'See it in My trips' }).click();
    await page.getByRole('heading', { name: 'My trips' }).waitFor();
    const trip = page.getByRole('listitem', { name: `Trip ${paidTripId}` });
    await trip.locator('h2 .badge.Confirmed').waitFor();
    const invoice = trip.getByRole('region', { name: /^Invoice INV\w+$/ });
    await invoice.waitFor();
    expect(await page.locator('section[aria-label^="Invoice"]').count()).toBe(1);
    expect(await rowsOf(invoice)).toEqual([
      'Flight FL001: 1 seat(s) 1 × $299.00 $299.00',
      'Flight FL003: 1 seat(s) 1 × $319.00 $319.00',
      'Hotel HTL002 (STANDARD): 1 night(s) × 1 room(s) 1 × $179.00 $179.00',
      'Car CAR002: 1 day(s) 1 × $79.00 $79.00',
      'Subtotal $876.00',
      'Tax (8%) $70.08',
      'Total paid $946.08',
    ]);
    expect(await trip.getByRole('region', { name: 'Passengers' }).getByRole('listitem').allTextContents()).toEqual(['Alice Nguyen · adult · born 1990-04-12']);
    expect(await trip.getByRole('list', { name: 'Items' }).locator('.badge.Confirmed').count()).toBe(4);
    await page.screenshot({ path: join(SCREENSHOTS, 'trip-my-trips.png'), fullPage: true });
    saveScreenshot('trip-my-trips.png');

    // A phone: My trips without sideways scrolling.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await noSidewaysScroll()).toBe(true);
    await page.setViewportSize({ width: 1200, height: 1000 });

    // The listings subgraph learns of the items through Kafka: a room and a seat each way fewer.
    expect(await roomsFree(59)).toBe(59);
    expect(await seatsLeft('FL001', 149)).toBe(149);
    expect(await seatsLeft('FL003', 149)).toBe(149);
    expect(run.pageErrors).toEqual([]);
  }, 180_000);

  it('cancels one item of the paid trip after confirming: its price and tax are refunded and the trip is partly cancelled', async () => {
    await page.goto(`${url}#/trips`);
    const trip = page.getByRole('listitem', { name: `Trip ${paidTripId}` });
    const car = trip.getByRole('listitem', { name: 'Item Enterprise Ford Explorer, Los Angeles' });
    await car.getByRole('button', { name: 'Cancel item' }).click();
    // Nothing happens before the confirmation; "Keep it" keeps it.
    await car.getByRole('button', { name: 'Keep it' }).click();
    expect(await car.locator('.badge.Confirmed').count()).toBe(1);
    await car.getByRole('button', { name: 'Cancel item' }).click();
    await car.getByRole('button', { name: 'Yes, cancel this item' }).click();
    await car.locator('.badge.Cancelled').waitFor();
    await trip.locator('h2 .badge.PartiallyCancelled').waitFor();
    // $79.00 + 8 % tax.
    expect(await trip.getByTestId('refunded-total').textContent()).toBe('$85.32');
    expect(await trip.getByRole('list', { name: 'Items' }).locator('.badge.Confirmed').count()).toBe(3);

    // A phone: the checkout with an item and My trips, without sideways scrolling.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await noSidewaysScroll()).toBe(true);
    await page.setViewportSize({ width: 1200, height: 1000 });
    expect(run.pageErrors).toEqual([]);
  }, 120_000);

  it('shows "Payment declined" for the declined test card, charges nothing, confirms the trip with another card with exactly one successful charge, then cancels the whole trip with a full refund', async () => {
    // The hotel's Family room ($250.60 a night) instead of its default Standard room.
    await addHotelAndCar('Family');
    await page.goto(`${url}#/trip`);
    await page.getByRole('link', { name: 'Trip: 2 items' }).waitFor();
    const familyRoom = page.getByRole('listitem', { name: 'Item 1: Sunset Palms Inn, Los Angeles · Family' });
    await familyRoom.getByText('$250.60 per night').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await noSidewaysScroll()).toBe(true);
    await page.setViewportSize({ width: 1200, height: 1000 });
    await page.getByRole('form', { name: 'Book the trip' }).getByRole('button', { name: 'Book trip' }).click();
    const declinedTripId = await bookedTrip('Pending');
    const roomTypes = (await database.query("SELECT room_type AS roomType FROM bookings WHERE trip_id = ? AND booking_type = 'Hotel'", [declinedTripId])) as Array<{ roomType: string }>;
    expect(roomTypes.map((row) => row.roomType)).toEqual(['FAMILY']);

    const payment = page.getByRole('form', { name: 'Payment' });
    await payment.getByLabel('Card number').fill('4000 0000 0000 0002');
    await payment.getByRole('button', { name: 'Pay $329.60 + tax' }).click();
    await payment.getByRole('alert').getByText('Payment declined: nothing was charged. Try another card.').waitFor();
    // The bookings subgraph ends a declined trip (PaymentFailed, docs/trips.md): nothing charged, the items released.
    await bookedTrip('PaymentFailed');
    const declinedBillings = (await database.query('SELECT transaction_status AS status FROM billings WHERE trip_id = ?', [declinedTripId])) as Array<{ status: string }>;
    expect(declinedBillings.map((billing) => billing.status)).toEqual(['Failed']);
    // The plan is kept for the next card.
    await page.getByRole('link', { name: 'Trip: 2 items' }).waitFor();

    await payment.getByLabel('Card number').fill('4242 4242 4242 4242');
    await payment.getByRole('button', { name: /^Pay/ }).click();
    const paid = page.getByRole('status').filter({ hasText: 'Paid' });
    expect(await paid.textContent()).toMatch(/^Paid \$355\.97 \(tax included\)\. Trip TRP\w+ is Confirmed\./);
    const retriedTripId = /Trip (TRP\w+)/.exec((await paid.textContent()) ?? '')?.[1] ?? '';
    expect(retriedTripId).not.toBe(declinedTripId);

    // Exactly one successful charge for the two attempts, at the provider and in the billing.
    const charges = (await database.query('SELECT status FROM simulated_charges WHERE idempotency_key LIKE ? OR idempotency_key LIKE ? ORDER BY created_at', [`web-${declinedTripId}-%`, `web-${retriedTripId}-%`])) as Array<{ status: string }>;
    expect(charges.map((charge) => charge.status)).toEqual(['declined', 'succeeded']);
    const billings = (await database.query('SELECT trip_id AS tripId, transaction_status AS status FROM billings WHERE trip_id IN (?, ?) ORDER BY id', [declinedTripId, retriedTripId])) as Array<{ tripId: string; status: string }>;
    expect(billings.map((billing) => [billing.tripId, billing.status])).toEqual([
      [declinedTripId, 'Failed'],
      [retriedTripId, 'Success'],
    ]);

    await page.goto(`${url}#/trips`);
    const retried = page.getByRole('listitem', { name: `Trip ${retriedTripId}` });
    await retried.locator('h2 .badge.Confirmed').waitFor();
    await page.getByRole('listitem', { name: `Trip ${declinedTripId}` }).locator('h2 .badge.PaymentFailed').waitFor();
    expect(await page.getByRole('listitem', { name: `Trip ${declinedTripId}` }).getByRole('button', { name: 'Cancel trip' }).count()).toBe(0);

    // The whole trip cancelled after confirming: everything paid comes back.
    await retried.getByRole('button', { name: 'Cancel trip' }).click();
    await retried.getByRole('button', { name: 'Yes, cancel the trip' }).click();
    await retried.locator('h2 .badge.Cancelled').waitFor();
    expect(await retried.getByTestId('refunded-total').textContent()).toBe('$355.97');
    expect(await retried.getByRole('list', { name: 'Items' }).locator('.badge.Cancelled').count()).toBe(2);
    await retried.getByRole('region', { name: /^Invoice / }).locator('.badge.Refunded').waitFor();
    expect(run.pageErrors).toEqual([]);
  }, 120_000);
});
