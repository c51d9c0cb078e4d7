import { createHash } from 'node:crypto';
import type { Viewer } from '@kayak/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, codeOf, insertAdmin, register, startHarness, user, type Harness } from './harness.js';

let h: Harness;
let owner: Awaited<ReturnType<typeof register>>;
let ownerId: string;
let otherId: string;

const card = { cardToken: 'tok_secret_visa_777', last4: '4242', cardType: 'Visa', expiryMonth: 7, expiryYear: 2031 };

beforeAll(async () => {
  h = await startHarness('users_privacy');
  owner = await register(h, { paymentDetails: card, profileImageUrl: 'https://img.example.com/a.png' });
  ownerId = String(owner.input.userId);
  otherId = String((await register(h)).input.userId);
  await insertAdmin(h, 'ADM010', 'Listing Admin');
  await insertAdmin(h, 'ADM011', 'Super Admin');
});

afterAll(async () => {
  await h?.close();
});

const PERSONAL = 'email address { street city state zip } phoneNumber paymentDetails { maskedNumber cardType expiryMonth expiryYear }';
const PUBLIC = 'userId firstName lastName profileImageUrl createdAt updatedAt deletedAt';
const USER = `query ($userId: ID!) { user(userId: $userId) { ${PUBLIC} ${PERSONAL} } }`;
const ENTITIES = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { ${PUBLIC} ${PERSONAL} } ... on Admin { adminId firstName lastName role email address { city } phoneNumber reportsAndAnalyticsManaged } } }`;

const entity = (viewer: Viewer, representation: Record<string, unknown>) => h.call<{ _entities: Array<Record<string, unknown> | null> }>(ENTITIES, { representations: [representation] }, viewer);

describe('user personal fields', () => {
  it('are visible to the user themself, with the card masked', async () => {
    const response = await h.call<{ user: Record<string, unknown> }>(USER, { userId: ownerId }, user(ownerId));
    expect(response.errors).toBeUndefined();
    expect(response.data?.user).toMatchObject({
      userId: ownerId,
      email: owner.input.email,
      address: { street: '1 Main St', city: 'San Jose', state: 'CA', zip: '95113' },
      phoneNumber: '408-555-0199',
      paymentDetails: { maskedNumber: '**** **** **** 4242', cardType: 'Visa', expiryMonth: 7, expiryYear: 2031 },
      profileImageUrl: 'https://img.example.com/a.png',
      deletedAt: null,
    });
  });

  it('are visible to any admin', async () => {
    const response = await h.call<{ user: Record<string, unknown> }>(USER, { userId: ownerId }, admin('ADM010', 'Listing Admin'));
    expect(response.errors).toBeUndefined();
    expect(response.data?.user).toMatchObject({ email: owner.input.email, phoneNumber: '408-555-0199' });
  });

  it('are FORBIDDEN, field by field, to other users reaching the user through an entity reference; public fields still resolve', async () => {
    const response = await entity(user(otherId), { __typename: 'User', userId: ownerId });
    expect(response.data?._entities[0]).toMatchObject({ userId: ownerId, firstName: 'Dana', lastName: 'Lee', email: null, address: null, phoneNumber: null, paymentDetails: null });
    const forbidden = (response.errors ?? []).map((error) => ({ code: error.extensions?.code, field: error.path?.at(-1) }));
    expect(forbidden).toEqual(
      expect.arrayContaining(['email', 'address', 'phoneNumber', 'paymentDetails'].map((field) => ({ code: 'FORBIDDEN', field }))),
    );
    expect(forbidden).toHaveLength(4);
  });

  it('are FORBIDDEN to anonymous viewers too', async () => {
    const response = await entity({ kind: 'anonymous' }, { __typename: 'User', userId: ownerId });
    expect(response.data?._entities[0]).toMatchObject({ firstName: 'Dana', email: null });
    expect(response.errors?.every((error) => error.extensions?.code === 'FORBIDDEN')).toBe(true);
  });
});

describe('user(userId)', () => {
  it('is FORBIDDEN for another user and UNAUTHENTICATED for anonymous viewers (an SSN is not a search key)', async () => {
    expect(codeOf(await h.call(USER, { userId: ownerId }, user(otherId)))).toBe('FORBIDDEN');
    expect(codeOf(await h.call(USER, { userId: ownerId }))).toBe('UNAUTHENTICATED');
  });

  it('is null for an admin asking for an unknown user', async () => {
    const response = await h.call(USER, { userId: '000-00-0000' }, admin('ADM010', 'Listing Admin'));
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ user: null });
  });
});

describe('secrets', () => {
  it('never leave the subgraph: no password, refresh token or card token in any response', async () => {
    const stored = await h.mongo.db.collection('users').findOne({ user_id: ownerId });
    const responses = await Promise.all([
      h.call(USER, { userId: ownerId }, user(ownerId)),
      entity(admin('ADM011', 'Super Admin'), { __typename: 'User', userId: ownerId }),
    ]);
    const text = JSON.stringify(responses);
    expect(text).toContain('4242');
    for (const secret of [String(stored?.password), String(stored?.refresh_token), owner.refreshToken, card.cardToken]) expect(text).not.toContain(secret);
    expect(stored?.refresh_token).toBe(createHash('sha256').update(owner.refreshToken).digest('hex'));
  });

  it('have no field in the schema', async () => {
    const response = await h.call<{ user: { fields: Array<{ name: string }> }; card: { fields: Array<{ name: string }> }; admin: { fields: Array<{ name: string }> } }>(
      '{ user: __type(name: "User") { fields { name } } card: __type(name: "PaymentDetails") { fields { name } } admin: __type(name: "Admin") { fields { name } } }',
    );
    const names = (type: { fields: Array<{ name: string }> } | undefined) => type?.fields.map((field) => field.name) ?? [];
    expect(names(response.data?.card).sort()).toEqual(['cardType', 'expiryMonth', 'expiryYear', 'maskedNumber']);
    for (const name of [...names(response.data?.user), ...names(response.data?.admin)]) expect(name).not.toMatch(/password|token|ssn/i);
  });
});

describe('admin personal fields', () => {
  const ADMIN = 'query ($adminId: ID!) { admin(adminId: $adminId) { adminId role email phoneNumber } }';

  it('are visible to the admin themself and to Super Admins', async () => {
    expect((await h.call(ADMIN, { adminId: 'ADM010' }, admin('ADM010', 'Listing Admin'))).data).toEqual({
      admin: { adminId: 'ADM010', role: 'ListingAdmin', email: 'adm010@example.com', phoneNumber: '408-555-0100' },
    });
    expect((await h.call(ADMIN, { adminId: 'ADM010' }, admin('ADM011', 'Super Admin'))).errors).toBeUndefined();
  });

  it('are FORBIDDEN to other admins, who still see name and role', async () => {
    const response = await h.call(ADMIN, { adminId: 'ADM011' }, admin('ADM010', 'Listing Admin'));
    expect(response.data).toEqual({ admin: { adminId: 'ADM011', role: 'SuperAdmin', email: null, phoneNumber: null } });
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('admin(adminId) is FORBIDDEN to users; an Admin reference shows users only public fields', async () => {
    expect(codeOf(await h.call(ADMIN, { adminId: 'ADM010' }, user(ownerId)))).toBe('FORBIDDEN');
    const response = await entity(user(ownerId), { __typename: 'Admin', adminId: 'ADM010' });
    expect(response.data?._entities[0]).toEqual({ adminId: 'ADM010', firstName: 'Ada', lastName: 'ADM010', role: 'ListingAdmin', email: null, address: null, phoneNumber: null, reportsAndAnalyticsManaged: null });
    expect(response.errors).toHaveLength(4);
  });
});
