import { GATEWAY_ASSERTION_HEADER, signGatewayAssertion } from '@kayak/common';
import { graphqlRequest } from '@kayak/common/testing';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, code, type RawResponse, startSupergraph, SUPER_ADMIN, type Supergraph } from './support/supergraph.js';

// One user reaching for another's bookings and billing, and clients forging the identity the
// gateway forwards: refused with UNAUTHENTICATED / FORBIDDEN, nothing leaked, nothing written.
let sg: Supergraph;
let aliceBooking: string;
let aliceBilling: string;
let before: Record<string, number>;

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A JWT signed with HS256 and `secret`, or unsigned (`alg: none`) when `secret` is null. */
function jwt(header: object, payload: object, secret: string | null): string {
  const unsigned = `${encode(header)}.${encode(payload)}`;
  return `${unsigned}.${secret === null ? '' : createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}
const codes = (response: RawResponse): unknown[] => (response.body?.errors ?? []).map((error) => error.extensions?.code);

beforeAll(async () => {
  sg = await startSupergraph({ prefix: 'abuse_access' });
  const created = await sg.post({
    query: 'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { bookingId } }',
    variables: { input: { listingType: 'Hotel', listingId: 'HTL001', startDate: new Date(Date.now() + 20 * 86_400_000).toISOString(), endDate: new Date(Date.now() + 23 * 86_400_000).toISOString(), quantity: 1 } },
    viewer: ALICE,
  });
  aliceBooking = (created.body?.data as { createBooking: { bookingId: string } }).createBooking.bookingId;
  const paid = await sg.post({
    query: 'mutation ($id: ID!) { payBooking(bookingId: $id, paymentMethod: { type: credit_card, cardNumber: "4242 4242 4242 4242" }, idempotencyKey: "abuse-access-1") { billing { billingId } } }',
    variables: { id: aliceBooking },
    viewer: ALICE,
  });
  aliceBilling = (paid.body?.data as { payBooking: { billing: { billingId: string } } }).payBooking.billing.billingId;
  before = await sg.counts();
});

afterAll(async () => {
  await sg?.close();
});

describe("another user's bookings and billing", () => {
  it('lets Alice read her booking and billing (the baseline)', async () => {
    const response = await sg.post({ query: 'query ($b: ID!, $i: ID!) { booking(bookingId: $b) { bookingId } billing(billingId: $i) { billingId } }', variables: { b: aliceBooking, i: aliceBilling }, viewer: ALICE });
    expect(response.body?.errors).toBeUndefined();
    expect(response.body?.data).toEqual({ booking: { bookingId: aliceBooking }, billing: { billingId: aliceBilling } });
  });

  it("refuses Bob Alice's booking and billing by id with FORBIDDEN and returns neither", async () => {
    const response = await sg.post({ query: 'query ($b: ID!, $i: ID!) { booking(bookingId: $b) { bookingId totalPrice } billing(billingId: $i) { billingId totalAmountPaid invoiceDetails { total } } }', variables: { b: aliceBooking, i: aliceBilling }, viewer: BOB });
    expect(codes(response)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(response.body?.data).toEqual({ booking: null, billing: null });
    expect(response.text).not.toContain(aliceBooking);
  });

  it("refuses Bob Alice's user record, with her bookings and billings, with FORBIDDEN", async () => {
    const response = await sg.post({
      query: 'query ($u: ID!) { user(userId: $u) { userId bookings { nodes { bookingId } } billings { nodes { billingId } } } }',
      variables: { u: ALICE.userId },
      viewer: BOB,
    });
    expect(codes(response)).toContain('FORBIDDEN');
    expect(response.text).not.toContain(aliceBooking);
    expect(response.text).not.toContain(aliceBilling);
  });

  it("refuses Bob the admin listing of Alice's bookings with FORBIDDEN", async () => {
    const response = await sg.post({ query: 'query ($u: ID!) { bookings(filter: { userId: $u }) { totalCount nodes { bookingId } } }', variables: { u: ALICE.userId }, viewer: BOB });
    expect(code(response)).toBe('FORBIDDEN');
    expect(response.text).not.toContain(aliceBooking);
  });

  it("shows Bob only his own bookings: Alice's is not among them", async () => {
    const response = await sg.post({ query: '{ myBookings { totalCount nodes { bookingId } } }', viewer: BOB });
    expect(response.body?.errors).toBeUndefined();
    expect(response.body?.data).toEqual({ myBookings: { totalCount: 0, nodes: [] } });
  });

  it('refuses an anonymous client any bookings with UNAUTHENTICATED', async () => {
    const response = await sg.post({ query: '{ myBookings { totalCount } }' });
    expect(code(response)).toBe('UNAUTHENTICATED');
  });

  it('refuses a Listing Admin every booking, by the list, by id or through users(filter), with FORBIDDEN', async () => {
    const listingAdmin = { kind: 'admin', adminId: 'ADM002', role: 'Listing Admin' } as const;
    const list = await sg.post({ query: '{ bookings { totalCount nodes { bookingId userId } } }', viewer: listingAdmin });
    expect(code(list)).toBe('FORBIDDEN');
    const byId = await sg.post({ query: 'query ($b: ID!) { booking(bookingId: $b) { bookingId userId } }', variables: { b: aliceBooking }, viewer: listingAdmin });
    expect(code(byId)).toBe('FORBIDDEN');
    const viaUsers = await sg.post({ query: '{ users(first: 5) { nodes { userId bookings(first: 5) { nodes { bookingId } } } } }', viewer: listingAdmin });
    expect(codes(viaUsers)).toContain('FORBIDDEN');
    for (const response of [list, byId, viaUsers]) {
      expect(response.text).not.toContain(aliceBooking);
      expect(response.text).not.toContain(aliceBilling);
    }
    // A Billing Admin (bookings:list) sees Alice's booking in the same list.
    const billing = await sg.post({ query: '{ bookings { nodes { bookingId } } }', viewer: { kind: 'admin', adminId: 'ADM003', role: 'Billing Admin' } });
    expect(billing.text).toContain(aliceBooking);
  });

  it('does not expose _entities at the gateway (no way around the owners checks)', async () => {
    const response = await sg.post({ query: '{ _entities(representations: [{ __typename: "User", userId: "123-45-6789" }]) { ... on User { bookings { nodes { bookingId } } } } }', viewer: BOB });
    expect(response.status).toBe(400);
    expect(code(response)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it("refuses Bob paying, cancelling or booking for Alice with FORBIDDEN and changes nothing", async () => {
    const pay = await sg.post({
      query: 'mutation ($id: ID!) { payBooking(bookingId: $id, paymentMethod: { type: credit_card, cardNumber: "4242 4242 4242 4242" }, idempotencyKey: "bob-pays") { replayed } }',
      variables: { id: aliceBooking },
      viewer: BOB,
    });
    expect(code(pay)).toBe('FORBIDDEN');
    const cancel = await sg.post({ query: 'mutation ($id: ID!) { cancelBooking(bookingId: $id) { bookingStatus } }', variables: { id: aliceBooking }, viewer: BOB });
    expect(code(cancel)).toBe('FORBIDDEN');
    const bookForAlice = await sg.post({
      query: 'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { bookingId } }',
      variables: { input: { listingType: 'Hotel', listingId: 'HTL002', userId: ALICE.userId, startDate: new Date(Date.now() + 50 * 86_400_000).toISOString(), endDate: new Date(Date.now() + 51 * 86_400_000).toISOString(), quantity: 1 } },
      viewer: BOB,
    });
    expect(code(bookForAlice)).toBe('FORBIDDEN');
    expect(await sg.counts()).toEqual(before);
    const [row] = await sg.sql<{ booking_status: string; version: number }>('SELECT booking_status, version FROM bookings WHERE booking_id = ?', [aliceBooking]);
    expect(row).toMatchObject({ booking_status: 'Confirmed', version: 2 });
  });
});

describe('forged identity headers sent to the gateway', () => {
  const adminQuery = '{ me { __typename } bookings(first: 5) { totalCount nodes { bookingId } } }';

  it('ignores a client-sent x-gateway-assertion, even one signed with the real secret: the request stays anonymous', async () => {
    const leaked = await signGatewayAssertion(sg.config.GATEWAY_SECRET, SUPER_ADMIN, 'forged-request');
    const response = await sg.post({ query: adminQuery, headers: { [GATEWAY_ASSERTION_HEADER]: leaked } });
    expect(response.body?.data?.me ?? null).toBeNull();
    expect(codes(response)).toContain('UNAUTHENTICATED');
    expect(response.text).not.toContain(aliceBooking);
  });

  it("keeps Bob Bob when he adds an admin assertion to his own token", async () => {
    const forged = await signGatewayAssertion(sg.config.GATEWAY_SECRET, SUPER_ADMIN, 'forged-request');
    const response = await sg.post({ query: 'query ($u: ID!) { bookings(filter: { userId: $u }) { totalCount } }', variables: { u: ALICE.userId }, viewer: BOB, headers: { [GATEWAY_ASSERTION_HEADER]: forged } });
    expect(code(response)).toBe('FORBIDDEN');
  });

  it('ignores forwarded-claims headers (x-user-id, x-viewer, x-forwarded-user, x-admin-role)', async () => {
    const response = await sg.post({
      query: adminQuery,
      headers: { 'x-user-id': ALICE.userId, 'x-viewer': JSON.stringify(SUPER_ADMIN), 'x-forwarded-user': 'ADM001', 'x-admin-role': 'Super Admin', 'x-forwarded-for': '127.0.0.1' },
    });
    expect(response.body?.data?.me ?? null).toBeNull();
    expect(codes(response)).toContain('UNAUTHENTICATED');
  });

  it('rejects an access token signed with another secret with 401 UNAUTHENTICATED', async () => {
    const forged = jwt({ alg: 'HS256', typ: 'JWT' }, { typ: 'access', kind: 'admin', role: 'Super Admin', sub: 'ADM001', iss: 'kayak-users', exp: Math.floor(Date.now() / 1000) + 600 }, 'x'.repeat(48));
    const response = await sg.post({ query: adminQuery, headers: { authorization: `Bearer ${forged}` } });
    expect(response.status).toBe(401);
    expect(code(response)).toBe('UNAUTHENTICATED');
    expect(response.body?.data ?? null).toBeNull();
  });

  it('rejects an unsigned ("alg": "none") token with 401 UNAUTHENTICATED', async () => {
    const unsigned = jwt({ alg: 'none', typ: 'JWT' }, { typ: 'access', kind: 'admin', role: 'Super Admin', sub: 'ADM001', iss: 'kayak-users', exp: Math.floor(Date.now() / 1000) + 600 }, null);
    const response = await sg.post({ query: adminQuery, headers: { authorization: `Bearer ${unsigned}` } });
    expect(response.status).toBe(401);
    expect(code(response)).toBe('UNAUTHENTICATED');
  });

  it('rejects a refresh token used as an access token with 401 UNAUTHENTICATED', async () => {
    const login = await sg.post({ query: 'mutation { login(email: "bob@example.com", password: "Kayak!2026") { refreshToken } }' });
    const refreshToken = (login.body?.data as { login: { refreshToken: string } }).login.refreshToken;
    const response = await sg.post({ query: '{ myBookings { totalCount } }', headers: { authorization: `Bearer ${refreshToken}` } });
    expect(response.status).toBe(401);
    expect(code(response)).toBe('UNAUTHENTICATED');
  });

  it('refuses a mutation sent straight to the bookings subgraph with a forged assertion, and writes nothing', async () => {
    const forged = await signGatewayAssertion('y'.repeat(48), ALICE, 'forged-direct');
    const response = await graphqlRequest(sg.urls.bookings, 'mutation ($id: ID!) { cancelBooking(bookingId: $id) { bookingStatus } }', { variables: { id: aliceBooking }, headers: { [GATEWAY_ASSERTION_HEADER]: forged } });
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await sg.counts()).toEqual(before);
  });
});
