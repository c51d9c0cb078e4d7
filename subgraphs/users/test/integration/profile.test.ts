import { watchCommands } from '@kayak/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_CACHE_TTL_SECONDS } from '../../src/repositories/users.js';
import { admin, AUTH_FIELDS, codeOf, insertAdmin, PASSWORD, register, startHarness, user, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness('users_profile');
  await insertAdmin(h, 'ADM020', 'User Admin');
  await insertAdmin(h, 'ADM021', 'Listing Admin');
});

afterAll(async () => {
  await h?.close();
});

const UPDATE = 'mutation ($userId: ID, $input: UpdateProfileInput!) { updateProfile(userId: $userId, input: $input) { userId firstName email address { state } profileImageUrl paymentDetails { maskedNumber } updatedAt } }';
const DELETE = 'mutation ($userId: ID) { deleteUser(userId: $userId) { userId firstName lastName email address { city } phoneNumber paymentDetails { maskedNumber } profileImageUrl deletedAt } }';
const READ = 'query ($userId: ID!) { user(userId: $userId) { userId firstName } }';
const users = () => h.mongo.db.collection('users');
const card = { cardToken: 'tok_1', last4: '1111', cardType: 'Amex', expiryMonth: 1, expiryYear: 2029 };

describe('updateProfile', () => {
  it('updates the viewer’s own profile, normalising the state, and bumps updatedAt', async () => {
    const { input } = await register(h, { paymentDetails: card });
    const userId = String(input.userId);
    const response = await h.call<{ updateProfile: Record<string, unknown> }>(
      UPDATE,
      { input: { firstName: ' Dora ', address: { street: '5 Pine St', city: 'Austin', state: 'Texas', zip: '78701' } } },
      user(userId),
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.updateProfile).toMatchObject({ userId, firstName: 'Dora', address: { state: 'TX' }, paymentDetails: { maskedNumber: '**** **** **** 1111' } });
    const stored = await users().findOne({ user_id: userId });
    expect(stored?.updated_at.getTime()).toBeGreaterThan(stored?.created_at.getTime() ?? Infinity);
  });

  it('removes the profile image and payment details when they are set to null', async () => {
    const { input } = await register(h, { paymentDetails: card, profileImageUrl: 'https://img.example.com/x.png' });
    const response = await h.call<{ updateProfile: Record<string, unknown> }>(UPDATE, { input: { profileImageUrl: null, paymentDetails: null } }, user(String(input.userId)));
    expect(response.data?.updateProfile).toMatchObject({ profileImageUrl: null, paymentDetails: null });
    const stored = await users().findOne({ user_id: input.userId });
    expect(stored).not.toHaveProperty('payment_details');
    expect(stored).not.toHaveProperty('profile_image_url');
  });

  it('lets a User Admin update any user by userId', async () => {
    const { input } = await register(h);
    const response = await h.call<{ updateProfile: Record<string, unknown> }>(UPDATE, { userId: input.userId, input: { lastName: 'Admin-Set' } }, admin('ADM020', 'User Admin'));
    expect(response.errors).toBeUndefined();
    expect(await users().findOne({ user_id: input.userId })).toMatchObject({ last_name: 'Admin-Set' });
  });

  it('forbids other users and admins without the User Admin role, and changes nothing', async () => {
    const { input } = await register(h);
    const other = await register(h);
    const change = { userId: input.userId, input: { firstName: 'Hacked' } };
    expect(codeOf(await h.call(UPDATE, change, user(String(other.input.userId))))).toBe('FORBIDDEN');
    expect(codeOf(await h.call(UPDATE, change, admin('ADM021', 'Listing Admin')))).toBe('FORBIDDEN');
    expect(codeOf(await h.call(UPDATE, change))).toBe('UNAUTHENTICATED');
    expect(await users().findOne({ user_id: input.userId })).toMatchObject({ first_name: 'Dana' });
  });

  it('requires admins to name the user, and is NOT_FOUND for an unknown one', async () => {
    const noTarget = await h.call(UPDATE, { input: { firstName: 'X' } }, admin('ADM020', 'User Admin'));
    expect(noTarget.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'userId', message: expect.any(String) }] });
    expect(codeOf(await h.call(UPDATE, { userId: '999-99-9999', input: { firstName: 'X' } }, admin('ADM020', 'User Admin')))).toBe('NOT_FOUND');
  });
});

describe('deleteUser (GDPR)', () => {
  it('anonymises every personal field, keeps the userId, and ends the session', async () => {
    const registered = await register(h, { paymentDetails: card, profileImageUrl: 'https://img.example.com/y.png' });
    const userId = String(registered.input.userId);
    const response = await h.call<{ deleteUser: Record<string, unknown> }>(DELETE, {}, user(userId));
    expect(response.errors).toBeUndefined();
    expect(response.data?.deleteUser).toMatchObject({
      userId,
      firstName: 'Deleted',
      lastName: 'User',
      email: null,
      address: null,
      phoneNumber: null,
      paymentDetails: null,
      profileImageUrl: null,
      deletedAt: expect.any(String),
    });

    const stored = await users().findOne({ user_id: userId });
    expect(stored).toMatchObject({ user_id: userId, first_name: 'Deleted', last_name: 'User', deleted_at: expect.any(Date) });
    expect(stored?.email).toMatch(/@deleted\.invalid$/);
    for (const field of ['password', 'address', 'phone_number', 'profile_image_url', 'payment_details', 'refresh_token', 'previous_refresh_token']) {
      expect(stored).not.toHaveProperty(field);
    }
    expect(JSON.stringify(stored)).not.toContain(String(registered.input.email));

    const login = await h.call(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { ${AUTH_FIELDS} } }`, { e: registered.input.email, p: PASSWORD });
    expect(codeOf(login)).toBe('UNAUTHENTICATED');
    const refresh = await h.call(`mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken } }`, { t: registered.refreshToken });
    expect(codeOf(refresh)).toBe('UNAUTHENTICATED');
  });

  it('frees the email for a new registration', async () => {
    const first = await register(h);
    await h.call(DELETE, {}, user(String(first.input.userId)));
    const again = await register(h, { email: first.input.email });
    expect(again.account.email).toBe(first.input.email);
  });

  it('is idempotent: deleting again returns the same anonymised user', async () => {
    const { input } = await register(h);
    const first = await h.call<{ deleteUser: { deletedAt: string } }>(DELETE, {}, user(String(input.userId)));
    const second = await h.call<{ deleteUser: { deletedAt: string } }>(DELETE, { userId: input.userId }, admin('ADM020', 'User Admin'));
    expect(second.errors).toBeUndefined();
    expect(second.data?.deleteUser.deletedAt).toBe(first.data?.deleteUser.deletedAt);
  });

  it('is FORBIDDEN for other users and leaves the user intact', async () => {
    const { input } = await register(h);
    const other = await register(h);
    expect(codeOf(await h.call(DELETE, { userId: input.userId }, user(String(other.input.userId))))).toBe('FORBIDDEN');
    expect(await users().findOne({ user_id: input.userId })).not.toHaveProperty('deleted_at');
  });

  it('makes later profile updates NOT_FOUND', async () => {
    const { input } = await register(h);
    await h.call(DELETE, {}, user(String(input.userId)));
    expect(codeOf(await h.call(UPDATE, { input: { firstName: 'Back' } }, user(String(input.userId))))).toBe('NOT_FOUND');
  });
});

describe('user cache (Redis)', () => {
  const cacheKey = (userId: string) => `users:${h.mongo.name}:user:${userId}`;

  it('serves repeated reads from Redis with a TTL, without querying Mongo', async () => {
    const { input } = await register(h);
    const userId = String(input.userId);
    const commands = watchCommands(h.server.mongo.client);
    try {
      await h.call(READ, { userId }, user(userId));
      expect(commands.count('find', 'users')).toBe(1);
      const ttl = await h.server.redis.ttl(cacheKey(userId));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(USER_CACHE_TTL_SECONDS);
      commands.reset();
      const again = await h.call(READ, { userId }, user(userId));
      expect(again.data).toEqual({ user: { userId, firstName: 'Dana' } });
      expect(commands.count('find', 'users')).toBe(0);
    } finally {
      commands.stop();
    }
  });

  it('is invalidated by updateProfile: the next read shows the change', async () => {
    const { input } = await register(h);
    const userId = String(input.userId);
    await h.call(READ, { userId }, user(userId));
    // A change behind the subgraph's back stays invisible while the entry lives: proof the cache answers.
    await users().updateOne({ user_id: userId }, { $set: { first_name: 'Behind' } });
    expect((await h.call(READ, { userId }, user(userId))).data).toEqual({ user: { userId, firstName: 'Dana' } });

    await h.call(UPDATE, { input: { lastName: 'Updated' } }, user(userId));
    expect(await h.server.redis.exists(cacheKey(userId))).toBe(0);
    expect((await h.call(READ, { userId }, user(userId))).data).toEqual({ user: { userId, firstName: 'Behind' } });
  });

  it('is invalidated by deleteUser: the next read shows the anonymised user', async () => {
    const { input } = await register(h);
    const userId = String(input.userId);
    await h.call(READ, { userId }, user(userId));
    expect(await h.server.redis.exists(cacheKey(userId))).toBe(1);
    await h.call(DELETE, {}, user(userId));
    expect((await h.call(READ, { userId }, admin('ADM020', 'User Admin'))).data).toEqual({ user: { userId, firstName: 'Deleted' } });
  });
});
