import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayOf, departureOf } from './support/demoDays.js';
import { SCREENSHOTS, saveScreenshot, startBrowserRun, type BrowserRun } from './support/browser.js';

// The search side of the page in headless Chromium against the whole supergraph (support/browser.ts):
// a round trip typed through the airport autocomplete for a family, hotels and cars to their pages,
// a multi-city search with an unknown airport, and the search on a phone-sized screen.
let run: BrowserRun;
let page: Page;
let url: string;


/** The wall clock of an instant in a zone, as the page writes local times ("Dec 12, 3:00 AM"). */
const wallClock = (instant: Date, timeZone: string): string => new Intl.DateTimeFormat('en-US', { timeZone, month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(instant);

beforeAll(async () => {
  run = await startBrowserRun('web_search');
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

/** Types into an airport field key by key, then picks the first suggestion with the keyboard. */
async function pickAirport(name: string, typed: string, expected: string): Promise<void> {
  const field = page.getByRole('combobox', { name, exact: true });
  await field.pressSequentially(typed, { delay: 20 });
  const listbox = page.getByRole('listbox').filter({ visible: true });
  await listbox.getByRole('option', { name: expected }).waitFor();
  expect(await listbox.getByRole('option').first().textContent()).toBe(expected);
  await field.press('ArrowDown');
  expect(await field.getAttribute('aria-activedescendant')).toBeTruthy();
  await field.press('Enter');
  expect(await field.inputValue()).toBe(expected);
  expect(await field.getAttribute('aria-expanded')).toBe('false');
}

describe('searching flights, hotels and cars in headless Chromium', () => {
  it('finds round trips JFK ⇄ LAX for 2 adults and a child through the airport autocomplete, with prices per passenger type and local times, and loads more', async () => {
    const outbound = departureOf('FL001');
    const back = departureOf('FL003');
    await page.goto(url);
    await page.getByRole('radio', { name: 'Round trip' }).check();
    await pickAirport('From', 'new y', 'JFK – New York, John F. Kennedy International Airport');
    await pickAirport('To', 'los a', 'LAX – Los Angeles, Los Angeles International Airport');
    await page.getByLabel('Departure date').fill(dayOf(outbound));
    await page.getByLabel('Return date').fill(dayOf(back));
    await page.getByLabel('Adults').fill('2');
    await page.getByLabel('Children (2–11)').fill('1');
    await page.getByRole('button', { name: 'Search', exact: true }).click();

    // Economy and Business each way: 4 round trips, 3 a page, the cheapest first (all nonstop).
    const results = page.getByRole('region', { name: 'Search results' });
    await results.getByRole('heading', { name: '4 itineraries found' }).waitFor();
    const cards = results.locator('li.itinerary');
    expect(await cards.count()).toBe(3);
    const cheapest = cards.first();
    // FL001 $299.00 + FL003 $319.00 = $618.00 for an adult, and a child pays the same seat fare.
    expect(await cheapest.getByRole('listitem').filter({ hasText: 'adults' }).textContent()).toBe('2 adults × $618.00 = $1,236.00');
    expect(await cheapest.getByRole('listitem').filter({ hasText: 'child' }).textContent()).toBe('1 child × $618.00 = $618.00');
    await cheapest.getByText('Total $1,854.00').waitFor();
    await cheapest.getByText('Outbound').waitFor();
    await cheapest.getByText('Return', { exact: true }).waitFor();
    expect(await cheapest.getByText(/seats left/).textContent()).toContain('150 seats left');
    await cheapest.getByText(/Nonstop/).first().waitFor();

    // Times in the airports' zones, the UTC instant on hover.
    const departs = cheapest.locator(`time[datetime="${outbound.toISOString()}"]`);
    expect(await departs.textContent()).toBe(wallClock(outbound, 'America/New_York'));
    expect(await departs.getAttribute('title')).toMatch(/UTC$/);
    const arrives = cheapest.locator(`time[datetime="${new Date(outbound.getTime() + 360 * 60 * 1000).toISOString()}"]`);
    expect(await arrives.textContent()).toBe(wallClock(new Date(outbound.getTime() + 360 * 60 * 1000), 'America/Los_Angeles'));
    await page.screenshot({ path: join(SCREENSHOTS, 'search-roundtrip.png'), fullPage: true });
    saveScreenshot('search-roundtrip.png');

    await results.getByRole('button', { name: 'Load more' }).click();
    await cards.nth(3).waitFor();
    expect(await cards.count()).toBe(4);
    expect(await results.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    // Business both ways is the dearest: (837.20 + 893.20) × 3.
    await cards.nth(3).getByText('Total $5,191.20').waitFor();

    // Select leads to the first flight's page, where booking happens.
    await cheapest.getByRole('link', { name: 'Select' }).click();
    await page.getByRole('heading', { name: 'American Airlines FL001: New York → Los Angeles' }).waitFor();
    expect(run.pageErrors).toEqual([]);
  });

  it('searches multi-city trips, adds and removes a flight, and says which airport is unknown', async () => {
    const outbound = dayOf(departureOf('FL001'));
    await page.goto(url);
    await page.getByRole('radio', { name: 'Multi-city' }).check();
    await page.getByRole('button', { name: 'Add flight' }).click();
    expect(await page.getByRole('combobox', { name: 'Flight 3 from' }).inputValue()).toBe('');
    await page.getByRole('button', { name: 'Remove flight 3' }).click();
    expect(await page.getByRole('combobox', { name: 'Flight 3 from' }).count()).toBe(0);

    await page.getByRole('combobox', { name: 'Flight 1 from' }).fill('ZZZ');
    await page.getByRole('combobox', { name: 'Flight 1 to' }).fill('LAX');
    await page.getByLabel('Flight 1 date').fill(outbound);
    await page.getByRole('combobox', { name: 'Flight 2 from' }).fill('LAX');
    await page.getByRole('combobox', { name: 'Flight 2 to' }).fill('JFK');
    await page.getByLabel('Flight 2 date').fill(addDays(outbound, 1));
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('alert').getByText('input.legs.0.from: is not a known airport (docs/airports.md)').waitFor();

    await page.getByRole('combobox', { name: 'Flight 1 from' }).fill('JFK');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const results = page.getByRole('region', { name: 'Search results' });
    await results.getByRole('heading', { name: '4 itineraries found' }).waitFor();
    await results.locator('li.itinerary').first().getByText('Flight 2').waitFor();
    expect(await results.locator('li.itinerary').first().getByRole('listitem').filter({ hasText: 'adult' }).textContent()).toBe('1 adult × $618.00 = $618.00');
  });

  it('searches hotels of a city for dates and guests and opens one', async () => {
    const checkIn = addDays(dayOf(departureOf('FL001')), 0);
    await page.goto(`${url}#/hotels`);
    await page.getByLabel('City').fill('New York');
    await page.getByLabel('Check-in').fill(checkIn);
    await page.getByLabel('Check-out').fill(addDays(checkIn, 3));
    await page.getByLabel('Guests').fill('3');
    await page.getByRole('button', { name: 'Search hotels' }).click();
    const results = page.getByRole('region', { name: 'Search results' });
    await results.getByRole('heading', { name: '3 hotels found' }).waitFor();
    // Cheapest first.
    expect(await results.locator('a.title').allTextContents()).toEqual(['Midtown Budget Inn', 'Grand Hudson Hotel', 'Park Avenue Residences']);
    // Priced by the cheapest room type that sleeps 3 in one room: Midtown's family room, not its $149 standard one.
    expect(await results.locator('li.result').first().locator('.price').textContent()).toBe('from $208.60 / night');
    await results.getByRole('link', { name: 'Grand Hudson Hotel' }).click();
    await page.getByRole('heading', { name: 'Grand Hudson Hotel' }).waitFor();
    expect(Number(await page.getByTestId('rooms-free').textContent())).toBeGreaterThan(0);
    expect(page.url()).toContain(`checkIn=${checkIn}`);
    // The room types for the stay and the party: the default (Deluxe, sleeps 3) chosen, 3 nights × 1 room.
    const roomTypes = page.getByRole('region', { name: 'Room types' });
    expect(await roomTypes.locator('tbody tr').count()).toBe(3);
    expect((await page.getByTestId('room-type-DELUXE').locator('td').allTextContents()).map((text) => text.trim())).toEqual(['Deluxe', '3', '$289.00', '$867.00', '48']);
    expect(await roomTypes.getByRole('radio', { name: 'Deluxe' }).isChecked()).toBe(true);
    // A standard room sleeps 2: not offered to a party of 3 in one room.
    expect(await roomTypes.getByRole('radio', { name: 'Standard' }).isDisabled()).toBe(true);
  });

  it('searches cars of a pickup city for dates and opens one with its photos, rating and reviews', async () => {
    const pickup = dayOf(departureOf('FL001'));
    // The demo photos name an image host of example.com: the test serves a picture in its place.
    await page.route('https://images.example.com/**', (route) => route.fulfill({ contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="112"><rect width="160" height="112" fill="#ccd"/></svg>' }));
    await page.goto(`${url}#/cars`);
    await page.getByLabel('Pickup city').fill('Los Angeles');
    await page.getByLabel('Pickup date').fill(pickup);
    await page.getByLabel('Drop-off date').fill(addDays(pickup, 4));
    await page.getByRole('button', { name: 'Search cars' }).click();
    const results = page.getByRole('region', { name: 'Search results' });
    await results.getByRole('heading', { name: '3 cars found' }).waitFor();
    expect(await results.locator('a.title').allTextContents()).toEqual(['Enterprise Ford Explorer', 'Budget Mini Cooper Convertible', 'Hertz Polestar 2']);
    await results.getByRole('link', { name: 'Enterprise Ford Explorer' }).click();
    await page.getByRole('heading', { name: 'Enterprise Ford Explorer' }).waitFor();
    expect(await page.getByTestId('car-availability').textContent()).toContain('available');
    expect(await page.getByRole('region', { name: 'Photos' }).getByRole('img').count()).toBe(2);
    await page.getByRole('region', { name: 'Reviews' }).waitFor();
    expect(run.pageErrors).toEqual([]);
  });

  it('shows the round-trip search on a phone-sized screen without horizontal scrolling', async () => {
    const phone = await run.browser.newPage();
    try {
      await phone.setViewportSize({ width: 390, height: 844 });
      const legs = [`JFK.LAX.${dayOf(departureOf('FL001'))}`, `LAX.JFK.${dayOf(departureOf('FL003'))}`];
      await phone.goto(`${url}#/?trip=round&leg=${legs[0]}&leg=${legs[1]}&adults=2&children=1&infants=1&sort=BEST`);
      const results = phone.getByRole('region', { name: 'Search results' });
      await results.getByRole('heading', { name: '4 itineraries found' }).waitFor();
      await results.locator('li.itinerary').first().getByText('1 lap infant × $0.00 = $0.00').waitFor();
      const widths = await phone.evaluate<{ scroll: number; viewport: number }>('({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth })');
      expect(widths.scroll).toBeLessThanOrEqual(widths.viewport);
      // The form stacks: each field as wide as the card.
      const from = await phone.getByRole('combobox', { name: 'From', exact: true }).boundingBox();
      expect(from?.width ?? 0).toBeGreaterThan(300);
      await phone.screenshot({ path: join(SCREENSHOTS, 'search-phone.png'), fullPage: true });
      saveScreenshot('search-phone.png');
    } finally {
      await phone.close();
    }
  });
});
