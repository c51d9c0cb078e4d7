import { join } from 'node:path';
import type { ApolloClient, OperationVariables, TypedDocumentNode } from '@apollo/client';
import { connectionOptions } from '@kayak/common/migrate';
import { createApolloClient, CreateBookingDocument, LoginDocument, LogoutDocument, MyReviewsDocument, PayBookingDocument } from '@kayak/client';
import { decodeJwt, SignJWT } from 'jose';
import mariadb from 'mariadb';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, saveScreenshot, startBrowserRun, type BrowserRun } from './support/browser.js';

// The traveller's account side in headless Chromium against the whole supergraph on fresh seeded
// databases (support/browser.ts): reviewing a past stay from My bookings, and a session whose access
// token expires (refreshed once, unnoticed) and whose refresh token is then revoked (sign in again,
// back to the page).
let run: BrowserRun;
let page: Page;
let web: BrowserRun['web'];
let api: ApolloClient;
let apiToken: string | null = null;

const EMAIL = 'alice@example.com';
const PASSWORD = 'Kayak!2026';
const STORAGE_KEY = 'kayak.session';
const DAY = 24 * 60 * 60 * 1000;
/** Chromium logs every refused request as a console error; the expired-session test expects those 401s. */
const REFUSED = /status of 401/;

/** The hotel of the past stay, one of the seeded hotels with reviews that Alice has not reviewed (found in beforeAll). */
let hotelId = '';
let bookingId = '';

interface StoredSession {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
}

async function mutate<TData, TVariables extends OperationVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables): Promise<TData> {
  const result = await api.mutate({ mutation: document, variables });
  if (!result.data) throw new Error('no data');
  return result.data;
}

/** Midnight UTC `days` from today plus `hours`, as an ISO string. */
function daysFromNow(days: number, hours = 0): string {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + days * DAY + hours * 60 * 60 * 1000).toISOString();
}

beforeAll(async () => {
  run = await startBrowserRun('web_account');
  ({ page, web } = run);
  api = createApolloClient({ uri: run.supergraph.url, getAccessToken: () => apiToken });

  // A Confirmed stay, booked and paid through the API like the site would (signing in on the web
  // later ends this API session's refresh token, not its access token).
  apiToken = (await mutate(LoginDocument, { email: EMAIL, password: PASSWORD })).login.accessToken;
  const reviewed = await api.query({ query: MyReviewsDocument, variables: { first: 100 }, fetchPolicy: 'no-cache' });
  const mine = new Set(reviewed.data?.myReviews.nodes.filter((review) => review.listingType === 'Hotel').map((review) => review.listingId));
  hotelId = ['HTL001', 'HTL002', 'HTL003', 'HTL004'].find((id) => !mine.has(id)) ?? '';
  expect(hotelId).not.toBe('');
  const { createBooking } = await mutate(CreateBookingDocument, { input: { listingType: 'Hotel', listingId: hotelId, startDate: daysFromNow(20, 15), endDate: daysFromNow(22, 11) } });
  bookingId = createBooking.bookingId;
  const { payBooking } = await mutate(PayBookingDocument, { bookingId, paymentMethod: { type: 'credit_card', cardNumber: '4242 4242 4242 4242' }, idempotencyKey: `account-${bookingId}` });
  expect(payBooking.booking.bookingStatus).toBe('Confirmed');

  // The stay must lie in the past to be reviewable, but createBooking refuses past dates (rightly) and
  // nothing in the API moves a booking's dates; so the test moves them in this run's own database.
  const connection = await mariadb.createConnection({ ...connectionOptions(run.supergraph.mysql.url), database: run.supergraph.mysql.name });
  try {
    const result = (await connection.query('UPDATE bookings SET start_date = ?, end_date = ? WHERE booking_id = ?', [new Date(daysFromNow(-5, 15)), new Date(daysFromNow(-3, 11)), bookingId])) as { affectedRows: number };
    expect(result.affectedRows).toBe(1);
  } finally {
    await connection.end();
  }
}, 240_000);

afterAll(async () => {
  api?.stop();
  await run?.close();
});

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  await page.screenshot({ path: join(SCREENSHOTS, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`), fullPage: true });
  console.error('page errors:', run.pageErrors);
});

async function signInOnPage(target: Page): Promise<void> {
  await target.getByLabel('Email').fill(EMAIL);
  await target.getByLabel('Password').fill(PASSWORD);
  await target.getByRole('button', { name: 'Sign in' }).click();
  await target.getByText('Signed in as Alice Nguyen').waitFor();
}

const storedSession = async (target: Page): Promise<StoredSession | null> => JSON.parse((await target.evaluate<string | null>(`sessionStorage.getItem(${JSON.stringify(STORAGE_KEY)})`)) ?? 'null') as StoredSession | null;

/** Opens `path` with the stored session of `target` replaced by `session` (the app reads it at start). */
async function reloadWithSession(target: Page, path: string, session: StoredSession): Promise<void> {
  await target.evaluate(`sessionStorage.setItem(${JSON.stringify(STORAGE_KEY)}, ${JSON.stringify(JSON.stringify(session))})`);
  await target.goto(`${web.url}#${path}`);
  await target.reload();
}

/** An access token for the same account (its kind and role), signed with this run's secret, that expired a minute ago. */
async function expiredAccessToken(current: string): Promise<string> {
  const claims = decodeJwt(current);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ kind: claims.kind, ...(claims.role ? { role: claims.role } : {}), typ: 'access' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub ?? '')
    .setIssuer('kayak-users')
    .setIssuedAt(now - 16 * 60)
    .setExpirationTime(now - 60)
    .sign(new TextEncoder().encode(run.supergraph.config.JWT_SECRET));
}

describe('the traveller account in headless Chromium', () => {
  it('reviews a past hotel stay from My bookings: field errors in place, Reviewed with 5 stars, the review on the hotel page, a second review refused', async () => {
    // Signed in first (signing in clears Apollo's cache), so that the hotel's reviews are cached when
    // the review is written and the page must notice that they changed.
    await page.goto(`${web.url}#/login?next=/hotels/${hotelId}`);
    await signInOnPage(page);
    const reviews = page.getByRole('region', { name: 'Reviews' });
    const before = await reviews.getByText(/\(\d+ reviews?\)/).textContent();
    const countBefore = Number(/\((\d+) reviews?\)/.exec(before ?? '')?.[1]);
    expect(countBefore).toBeGreaterThan(0);
    const hotelName = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';

    await page.getByRole('link', { name: 'My bookings' }).click();
    await page.getByRole('heading', { name: 'My bookings' }).waitFor();
    const trip = page.getByRole('listitem', { name: `Booking ${bookingId}` });
    await trip.getByRole('button', { name: 'Write a review' }).click();
    const form = trip.getByRole('form', { name: /^Review of / });
    expect(await form.getByText('1 to 5 stars').count()).toBe(1);
    expect(await form.getByText('At most 200 characters (0/200)').count()).toBe(1);
    expect(await form.getByText('At most 2000 characters (0/2000)').count()).toBe(1);

    // No rating and a blank title: the server's field errors, each next to its field.
    await form.getByLabel('Your review').fill('Quiet room, friendly staff and a great breakfast.');
    await form.getByRole('button', { name: 'Submit review' }).click();
    const title = form.getByLabel('Title');
    await form.getByText('must not be empty').waitFor();
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    const titleError = form.getByText('must not be empty');
    expect((await title.getAttribute('aria-describedby'))?.split(' ')).toContain(await titleError.getAttribute('id'));
    expect(await form.getByRole('group', { name: 'Your rating' }).getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByText('must be an integer from 1 to 5').count()).toBe(1);
    expect(await form.getByLabel('Your review').getAttribute('aria-invalid')).toBeNull();

    // A second tab of the same traveller opens the form too, before the first one submits.
    const other = await run.browser.newPage();
    await other.goto(`${web.url}#/bookings`);
    const session = await storedSession(page);
    if (!session) throw new Error('not signed in');
    await reloadWithSession(other, '/bookings', session);
    const otherForm = other.getByRole('listitem', { name: `Booking ${bookingId}` });
    await otherForm.getByRole('button', { name: 'Write a review' }).click();
    await otherForm.getByRole('radio', { name: '4 stars' }).check();
    await otherForm.getByLabel('Title').fill('Written twice');
    await otherForm.getByLabel('Your review').fill('The other tab.');

    await form.getByRole('radio', { name: '5 stars' }).check();
    await title.fill('Perfect stay');
    expect(await form.getByText('At most 200 characters (12/200)').count()).toBe(1);
    // Edited fields lose their error until the next submit.
    expect(await form.getByText('must not be empty').count()).toBe(0);
    expect(await form.getByText('must be an integer from 1 to 5').count()).toBe(0);
    expect(await title.getAttribute('aria-invalid')).toBeNull();
    await trip.screenshot({ path: join(SCREENSHOTS, 'write-review.png') });
    saveScreenshot('write-review.png');
    await form.getByRole('button', { name: 'Submit review' }).click();
    await trip.getByText('Reviewed').waitFor();
    expect(await trip.getByRole('img', { name: 'Your rating: 5 of 5' }).textContent()).toBe('★★★★★');
    expect(await trip.getByRole('button', { name: 'Write a review' }).count()).toBe(0);

    // The other tab's review of the same hotel: CONFLICT, said in words.
    await otherForm.getByRole('button', { name: 'Submit review' }).click();
    await otherForm.getByRole('alert').filter({ hasText: 'You have already reviewed' }).waitFor();
    const conflict = (await otherForm.getByRole('alert').filter({ hasText: 'already reviewed' }).textContent()) ?? '';
    expect(conflict.startsWith(`You have already reviewed ${hotelName}, `)).toBe(true);
    await other.close();

    // Same document (a hash change, no reload): the hotel's cached reviews were dropped with the review.
    await page.goto(`${web.url}#/hotels/${hotelId}`);
    await reviews.getByText('Perfect stay').waitFor();
    expect(await reviews.getByText(`(${countBefore + 1} review`).count()).toBe(1);
    expect(await reviews.getByRole('listitem').filter({ hasText: 'Perfect stay' }).locator('strong').textContent()).toBe('★★★★★ Perfect stay');
    expect(run.pageErrors).toEqual([]);
  }, 120_000);

  it('refreshes an expired access token once for the concurrent requests of My bookings, and after a revoked refresh asks to sign in and returns to My bookings', async () => {
    const signedIn = await storedSession(page);
    if (!signedIn) throw new Error('not signed in');
    expect(signedIn.refreshToken).toMatch(/^rtu_/);
    const refreshes: string[] = [];
    const refused: string[] = [];
    page.on('request', (request) => {
      if (request.postData()?.includes('RefreshSession')) refreshes.push(request.url());
    });
    page.on('response', (response) => {
      if (response.status() === 401) refused.push(response.url());
    });

    // The stored token expired (signed by this run's secret, so only its age is wrong) while the stored
    // expiry still looks valid, as with a skewed clock: the gateway refuses it, the page refreshes once
    // and replays every refused request.
    await reloadWithSession(page, '/bookings', { ...signedIn, accessToken: await expiredAccessToken(signedIn.accessToken) });
    await page.getByRole('listitem', { name: `Booking ${bookingId}` }).getByText('Reviewed').waitFor();
    expect(await page.getByRole('heading', { name: 'My bookings' }).count()).toBe(1);
    const refreshed = await storedSession(page);
    if (!refreshed) throw new Error('signed out by the refresh');
    expect(refreshed.refreshToken).not.toBe(signedIn.refreshToken);
    expect(refreshed.accessToken).not.toBe(signedIn.accessToken);
    expect(refreshes).toHaveLength(1);
    // My bookings, its reviews and the bell all went with the expired token: one refresh served them all.
    expect(refused.length).toBeGreaterThanOrEqual(2);

    // The refresh token is revoked (signed out elsewhere), and the access token has expired again: the
    // refresh before the next request is refused, the session ends, sign-in says why.
    await mutate(LogoutDocument, { refreshToken: refreshed.refreshToken });
    await reloadWithSession(page, '/bookings', { ...refreshed, accessToken: await expiredAccessToken(refreshed.accessToken), accessTokenExpiresAt: new Date(Date.now() - 60_000).toISOString() });
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'Your session has expired — please sign in again' }).count()).toBe(1);
    expect(new URL(page.url()).hash).toBe(`#/login?next=${encodeURIComponent('/bookings')}`);
    expect(await storedSession(page)).toBeNull();
    expect(refreshes).toHaveLength(2);

    await signInOnPage(page);
    await page.getByRole('heading', { name: 'My bookings' }).waitFor();
    await page.getByRole('listitem', { name: `Booking ${bookingId}` }).getByText('Reviewed').waitFor();
    expect(await page.getByText('Your session has expired').count()).toBe(0);
    expect(run.pageErrors.filter((error) => !REFUSED.test(error))).toEqual([]);
  }, 120_000);

  it('does the same for an admin: one refresh of the admin session, then the admin sign-in in place, back on the same section', async () => {
    const section = page.getByRole('link', { name: 'Bookings & billing' });
    await page.goto(`${web.url}#/admin/bookings`);
    const form = page.getByRole('form', { name: 'Admin sign in' });
    await form.getByLabel('Admin email').fill('billing@example.com');
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign in as admin' }).click();
    await page.getByText('Signed in as Bea Billing').waitFor();
    expect(await section.getAttribute('aria-current')).toBe('page');
    const signedIn = await storedSession(page);
    if (!signedIn) throw new Error('not signed in');
    expect(signedIn.refreshToken).toMatch(/^rta_/);
    let refreshes = 0;
    page.on('request', (request) => {
      if (request.postData()?.includes('RefreshSession')) refreshes += 1;
    });

    await reloadWithSession(page, '/admin/bookings', { ...signedIn, accessToken: await expiredAccessToken(signedIn.accessToken) });
    await page.getByRole('region', { name: 'Bookings found' }).waitFor();
    const refreshed = await storedSession(page);
    expect(refreshed?.refreshToken).toMatch(/^rta_/);
    expect(refreshed?.refreshToken).not.toBe(signedIn.refreshToken);
    expect(refreshes).toBe(1);
    if (!refreshed) throw new Error('signed out by the refresh');

    await mutate(LogoutDocument, { refreshToken: refreshed.refreshToken });
    await reloadWithSession(page, '/admin/bookings', { ...refreshed, accessTokenExpiresAt: new Date(Date.now() - 60_000).toISOString() });
    await page.getByRole('alert').filter({ hasText: 'Your session has expired — please sign in again' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/admin/bookings');
    expect(await storedSession(page)).toBeNull();
    expect(refreshes).toBe(2);
    await form.getByLabel('Admin email').fill('billing@example.com');
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign in as admin' }).click();
    await page.getByRole('region', { name: 'Bookings found' }).waitFor();
    expect(await section.getAttribute('aria-current')).toBe('page');
    expect(run.pageErrors.filter((error) => !REFUSED.test(error))).toEqual([]);
  }, 120_000);
});
