import { verifyAccessToken } from '@kayak/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedUsers } from '../../src/seed.js';
import { AUTH_FIELDS, startHarness, type AuthPayload, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness('users_seed');
  await seedUsers(h.mongo.db);
});

afterAll(async () => {
  await h?.close();
});

describe('demo seed', () => {
  it('is idempotent', async () => {
    const before = await h.mongo.db.collection('users').countDocuments();
    await seedUsers(h.mongo.db);
    expect(await h.mongo.db.collection('users').countDocuments()).toBe(before);
    expect(await h.mongo.db.collection('watches').countDocuments()).toBe(2);
  });

  it("gives the demo traveller a route watch and a hotel-city watch", async () => {
    const response = await h.call<{ myWatches: Array<Record<string, unknown>> }>(
      '{ myWatches { __typename id ... on RouteWatch { from to maxPrice passengers } ... on HotelCityWatch { city state maxNightlyPrice } } }',
      {},
      { kind: 'user', userId: '123-45-6789' },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.myWatches).toEqual(
      expect.arrayContaining([
        { __typename: 'RouteWatch', id: 'demo-alice-jfk-lax', from: 'JFK', to: 'LAX', maxPrice: '280.00', passengers: 1 },
        { __typename: 'HotelCityWatch', id: 'demo-alice-nyc-hotels', city: 'New York', state: 'NY', maxNightlyPrice: '250.00' },
      ]),
    );
  });

  it.each(['alice@example.com', 'bob@example.com', 'carol@example.com'])('lets the demo user %s log in with the documented password', async (email) => {
    const response = await h.call<{ login: AuthPayload }>(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { ${AUTH_FIELDS} } }`, { e: email, p: DEMO_PASSWORD });
    expect(response.errors).toBeUndefined();
    expect((await verifyAccessToken(h.config.JWT_SECRET, response.data?.login.accessToken ?? '')).kind).toBe('user');
  });

  it.each([
    ['super@example.com', 'Super Admin'],
    ['listings@example.com', 'Listing Admin'],
    ['billing@example.com', 'Billing Admin'],
    ['useradmin@example.com', 'User Admin'],
    ['analytics@example.com', 'Analytics Admin'],
  ])('lets the demo admin %s (%s) log in with the documented password', async (email, role) => {
    const response = await h.call<{ adminLogin: AuthPayload }>(`mutation ($e: String!, $p: String!) { adminLogin(email: $e, password: $p) { ${AUTH_FIELDS} } }`, { e: email, p: DEMO_PASSWORD });
    expect(response.errors).toBeUndefined();
    expect(await verifyAccessToken(h.config.JWT_SECRET, response.data?.adminLogin.accessToken ?? '')).toMatchObject({ kind: 'admin', role });
  });

  it('gives Alice a masked card whose token is never exposed', async () => {
    const response = await h.call('{ user(userId: "123-45-6789") { paymentDetails { maskedNumber cardType } } }', {}, { kind: 'user', userId: '123-45-6789' });
    expect(response.data).toEqual({ user: { paymentDetails: { maskedNumber: '**** **** **** 4242', cardType: 'Visa' } } });
    expect(JSON.stringify(response)).not.toContain('tok_demo');
  });
});
