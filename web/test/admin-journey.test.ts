import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedBookings } from '@kayak/bookings/seed';
import { demoFlights, demoListingFacts } from '@kayak/listings/seed';
import { rebuildAnalytics } from '@kayak/reviews/analytics-rebuild';
import { SCREENSHOTS, startBrowserRun, type BrowserRun } from './support/browser.js';

// The admin area and activity tracking in headless Chromium against the whole supergraph
// (support/browser.ts): a traveller's browsing reaches the click log and traces; a Listing Admin
// creates, reprices and retires a flight; a Billing Admin searches bookings by status; an Analytics
// Admin sees the dashboards.
let run: BrowserRun;
let page: Page;
let url: string;

const PASSWORD = 'Kayak!2026';
const FLIGHT_ID = 'FL001';
const NEW_FLIGHT = 'FLWEB1';
const departureDay = (): string => {
  const flight = demoFlights().find((candidate) => candidate.flight_id === FLIGHT_ID);
  if (!(flight?.departure_datetime instanceof Date)) throw new Error(`no demo flight ${FLIGHT_ID}`);
  return flight.departure_datetime.toISOString().slice(0, 10);
};

beforeAll(async () => {
  run = await startBrowserRun('web_admin');
  page = run.page;
  url = run.web.url;
}, 240_000);

afterAll(async () => {
  await run?.close();
});

// A failed step leaves what the page showed, and what it logged, for whoever reads the failure.
afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  await page.screenshot({ path: join(SCREENSHOTS, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`), fullPage: true });
  console.error('page errors:', run.pageErrors);
});

async function signOut(): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('link', { name: 'Sign in' }).first().waitFor();
}

async function signInAsAdmin(email: string, name: string): Promise<void> {
  await page.goto(`${url}#/admin`);
  const form = page.getByRole('form', { name: 'Admin sign in' });
  await form.getByLabel('Admin email').fill(email);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign in as admin' }).click();
  await page.getByText(`Signed in as ${name}`).waitFor();
}

const adminTabs = async (): Promise<string[]> => page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link').allTextContents();

/** The reviews subgraph buffers activity and writes it shortly after: count until it is there. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < 60 && !done(value); attempt += 1) {
    await page.waitForTimeout(250);
    value = await read();
  }
  return value;
}

/** The session's access token, to call the gateway as the page does. */
async function graphql<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(run.supergraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!body.data || body.errors) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

describe('the admin area and activity tracking in headless Chromium', () => {
  it('sends the traveller’s page clicks, listing clicks and search / listing_view / booking traces in batches', async () => {
    await page.goto(`${url}#/login?next=/`);
    await page.getByLabel('Email').fill('alice@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as Alice Nguyen').waitFor();

    await page.getByLabel('From').fill('JFK');
    await page.getByLabel('To').fill('LAX');
    await page.getByLabel('Departure date').fill(departureDay());
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: '2 flights found' }).waitFor();
    await page.getByRole('link', { name: `American Airlines ${FLIGHT_ID}: JFK → LAX` }).click();
    await page.getByTestId('seats-left').waitFor();
    const booking = page.getByRole('region', { name: 'Book this flight' });
    await booking.getByRole('button', { name: 'Book 1 seat' }).click();
    await booking.getByRole('status').filter({ hasText: 'is Pending' }).waitFor();
    await booking.getByRole('button', { name: /^Pay / }).click();
    await booking.getByRole('status').filter({ hasText: 'Paid' }).waitFor();

    // Leaving the page flushes the buffer (keepalive fetches) without waiting for the timer.
    await page.evaluate("window.dispatchEvent(new Event('pagehide'))");
    const db = run.supergraph.mongo.db;
    const traces = await eventually(
      () => db.collection<{ events: Array<{ type: string; data: Record<string, unknown> }> }>('user_traces').find({ user_id: '123-45-6789' }).toArray(),
      (found) => found.flatMap((trace) => trace.events).some((event) => event.type === 'payment'),
    );
    const events = traces.flatMap((trace) => trace.events);
    expect(events.filter((event) => event.type === 'search').map((event) => event.data)).toEqual([expect.objectContaining({ listingType: 'Flight', from: 'JFK', to: 'LAX', date: departureDay() })]);
    expect(events.filter((event) => event.type === 'listing_view').map((event) => event.data)).toEqual([{ listingType: 'Flight', listingId: FLIGHT_ID }]);
    expect(events.filter((event) => event.type === 'booking').map((event) => event.data)).toEqual([expect.objectContaining({ listingType: 'Flight', listingId: FLIGHT_ID, quantity: 1 })]);
    // Batched: events buffered together travel as one trace (one appendUserTrace per flush).
    expect(traces.some((trace) => trace.events.length > 1)).toBe(true);

    const listingClicks = await eventually(() => db.collection('listing_click_logs').countDocuments({ user_id: '123-45-6789', listing_type: 'Flight', listing_id: FLIGHT_ID }), (count) => count > 0);
    expect(listingClicks).toBe(1);
    // The click on "Sign in" may be sent before or after the sign-in completed: any visitor's clicks.
    const pageClicks = await eventually(() => db.collection<{ page: string; element_id: string }>('page_click_logs').find().toArray(), (found) => found.length >= 4);
    expect(pageClicks.map((click) => `${click.page} ${click.element_id}`)).toEqual(
      expect.arrayContaining(['login button:Sign in', 'search button:Search', `search a:American Airlines ${FLIGHT_ID}: JFK → LAX`, 'flights button:Book 1 seat']),
    );
    await signOut();
    expect(run.pageErrors).toEqual([]);
  }, 120_000);

  it('lets a Listing Admin create a flight, lower its price and retire it, and shows them listings only', async () => {
    await signInAsAdmin('listings@example.com', 'Lee Listings');
    expect(await adminTabs()).toEqual(['Listings']);
    await page.getByRole('heading', { name: 'New flight' }).waitFor();

    const form = page.getByRole('form', { name: 'New flight' });
    const day = departureDay();
    await form.getByLabel('Flight id (optional)').fill(NEW_FLIGHT);
    await form.getByLabel('Airline').fill('Web Air');
    await form.getByLabel('From (IATA)').fill('JFK');
    await form.getByLabel('To (IATA)').fill('LAX');
    await form.getByLabel('Departure (UTC)').fill(`${day}T15:00`);
    await form.getByLabel('Arrival (UTC)').fill(`${day}T21:00`);
    await form.getByLabel('Ticket price').fill('350.00');
    await form.getByLabel('Seats').fill('120');
    await form.getByRole('button', { name: 'Create flight' }).click();

    const created = page.getByRole('region', { name: 'Created here' }).getByRole('row', { name: `Listing ${NEW_FLIGHT}` });
    await created.waitFor();
    expect(await created.getByRole('cell').nth(2).textContent()).toBe('$350.00');

    // Lower the price: the row shows the new price (the mutation's answer updates the cache).
    await created.getByLabel('Price (per seat)').fill('199.00');
    await created.getByRole('button', { name: 'Save price' }).click();
    await created.getByRole('status').filter({ hasText: 'Price saved: $199.00' }).waitFor();
    expect(await created.getByRole('cell').nth(2).textContent()).toBe('$199.00');
    // Travellers see it in search at the new price.
    const search = await graphql<{ flight: { ticketPrice: string; retired: boolean } }>('query($id: ID!) { flight(flightId: $id) { ticketPrice retired } }', { id: NEW_FLIGHT });
    expect(search.flight).toEqual({ ticketPrice: '199.00', retired: false });
    // The viewport only: the search list below holds every seeded flight.
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-listings.png') });

    await created.getByRole('button', { name: 'Retire' }).click();
    await created.getByRole('button', { name: `Confirm retire ${NEW_FLIGHT}` }).click();
    await created.getByText('Retired').waitFor();
    const retired = await graphql<{ flight: { retired: boolean }; searchFlights: { nodes: Array<{ flightId: string }> } }>(
      'query($id: ID!) { flight(flightId: $id) { retired } searchFlights(filter: { departureAirport: "JFK", arrivalAirport: "LAX" }, first: 100) { nodes { flightId } } }',
      { id: NEW_FLIGHT },
    );
    expect(retired.flight.retired).toBe(true);
    expect(retired.searchFlights.nodes.map((flight) => flight.flightId)).not.toContain(NEW_FLIGHT);

    // The dashboards are not theirs: the page says so instead of showing FORBIDDEN errors.
    await page.goto(`${url}#/admin/dashboards`);
    await page.getByRole('alert').filter({ hasText: 'Dashboards is not available to Listing Admins.' }).waitFor();
    await signOut();
    expect(run.pageErrors).toEqual([]);
  }, 120_000);

  it('lets a Billing Admin search bookings by status and date, with their payments', async () => {
    // A second booking of Alice's stays Pending (not paid).
    const login = await graphql<{ login: { accessToken: string } }>('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', { e: 'alice@example.com', p: PASSWORD });
    const flight = demoFlights().find((candidate) => candidate.flight_id === 'FL002');
    if (!(flight?.departure_datetime instanceof Date) || !(flight.arrival_datetime instanceof Date)) throw new Error('no demo flight FL002');
    await graphql(
      'mutation($input: CreateBookingInput!) { createBooking(input: $input) { bookingId } }',
      { input: { listingType: 'Flight', listingId: 'FL002', startDate: flight.departure_datetime.toISOString(), endDate: flight.arrival_datetime.toISOString(), quantity: 1 } },
      login.login.accessToken,
    );

    await signInAsAdmin('billing@example.com', 'Bea Billing');
    expect(await adminTabs()).toEqual(['Bookings & billing', 'Revenue report']);
    const found = page.getByRole('region', { name: 'Bookings found' });
    await found.getByRole('heading', { name: '2 bookings' }).waitFor();

    const search = page.getByRole('form', { name: 'Search bookings' });
    await search.getByLabel('Status').selectOption('Confirmed');
    await search.getByRole('button', { name: 'Search bookings' }).click();
    await found.getByRole('heading', { name: '1 booking' }).waitFor();
    const confirmed = found.getByRole('row', { name: /^Booking BK/ });
    expect(await confirmed.count()).toBe(1);
    expect(await confirmed.textContent()).toContain('Flight FL001');
    expect(await confirmed.locator('.badge.Success').count()).toBe(1);
    expect(await confirmed.textContent()).toContain('$322.92');

    await search.getByLabel('Status').selectOption('Pending');
    await search.getByRole('button', { name: 'Search bookings' }).click();
    await found.getByRole('row', { name: /^Booking BK/ }).filter({ hasText: 'FL002' }).waitFor();
    expect(await found.getByText('not paid').count()).toBe(1);

    // A day range with no bookings: the empty state.
    await search.getByLabel('Status').selectOption('');
    await search.getByLabel('From day').fill('2020-01-01');
    await search.getByLabel('To day').fill('2020-01-31');
    await search.getByRole('button', { name: 'Search bookings' }).click();
    await found.getByText('No booking matches.').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-bookings.png'), fullPage: true });
    await signOut();
    expect(run.pageErrors).toEqual([]);
  }, 120_000);

  it('shows an Analytics Admin the dashboards: charts and tables over the reports, with the traveller’s search counted', async () => {
    // The seeded booking history (as `npm run seed` writes it), and the analytics read models built
    // from MySQL as `npm run analytics:rebuild` does (no booking events flow in this test's topics).
    await seedBookings(run.supergraph.mysql.url, demoListingFacts);
    await rebuildAnalytics({ db: run.supergraph.mongo.db, databaseUrl: run.supergraph.mysql.url });
    await signInAsAdmin('analytics@example.com', 'Ari Analytics');
    expect(await adminTabs()).toEqual(['Dashboards', 'Bookings & billing', 'Revenue report']);
    const funnel = page.getByRole('region', { name: 'Search → view → booking funnel' });
    await funnel.locator('.recharts-bar-rectangle').first().waitFor();
    for (const title of ['Revenue per day', 'Revenue per listing type', 'How bookings ended', 'Top routes by revenue', 'Most searched routes', 'Top hotels and cars by revenue', 'Revenue per city', 'Clicks and reviews']) {
      const panel = page.getByRole('region', { name: title });
      await panel.waitFor();
      await panel.getByText('Loading…').waitFor({ state: 'detached' });
      expect(await panel.getByRole('alert').count(), title).toBe(0);
    }
    expect(await page.getByTestId('net-revenue').textContent()).not.toBe('$0.00');
    await page.getByRole('region', { name: 'Revenue per day' }).locator('.recharts-line').first().waitFor();
    await page.getByRole('region', { name: 'How bookings ended' }).locator('.recharts-pie-sector').first().waitFor();
    const searched = page.getByRole('region', { name: 'Most searched routes' });
    await searched.locator('.recharts-bar-rectangle').first().waitFor();
    const clicks = page.getByRole('table', { name: 'Most clicked listings' });
    expect(await clicks.getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual([`Flight ${FLIGHT_ID}`, '1']);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-dashboards.png'), fullPage: true });
    expect(run.pageErrors).toEqual([]);
  }, 120_000);
});
