import { createHash } from 'node:crypto';
import { verifyAccessToken } from '@kayak/common';
import { graphqlRequest } from '@kayak/common/testing';
import { getRounds } from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, AUTH_FIELDS, codeOf, insertAdmin, PASSWORD, register, startHarness, user, type AuthPayload, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness('users_auth');
  await insertAdmin(h, 'ADM100', 'Super Admin', 'root@example.com');
  await insertAdmin(h, 'ADM101', 'User Admin');
});

afterAll(async () => {
  await h?.close();
});

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const login = (email: string, password: string) =>
  h.call<{ login: AuthPayload }>(`mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { ${AUTH_FIELDS} } }`, { email, password });
const adminLogin = (email: string, password: string) =>
  h.call<{ adminLogin: AuthPayload }>(`mutation ($email: String!, $password: String!) { adminLogin(email: $email, password: $password) { ${AUTH_FIELDS} } }`, { email, password });
const refresh = (refreshToken: string) =>
  h.call<{ refreshToken: AuthPayload }>(`mutation ($t: String!) { refreshToken(refreshToken: $t) { ${AUTH_FIELDS} } }`, { t: refreshToken });
const logout = (refreshToken: string) => h.call<{ logout: boolean }>('mutation ($t: String!) { logout(refreshToken: $t) }', { t: refreshToken });

describe('register', () => {
  it('creates the user and returns an access token the gateway accepts plus a refresh token', async () => {
    const result = await register(h);
    expect(await verifyAccessToken(h.config.JWT_SECRET, result.accessToken)).toEqual({ kind: 'user', userId: result.input.userId });
    expect(result.refreshToken).toMatch(/^rtu_/);
    // The new user may read their own personal fields in the payload although the request was anonymous.
    expect(result.account).toEqual({ __typename: 'User', userId: result.input.userId, email: result.input.email });
    expect(Date.parse(result.accessTokenExpiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
    expect(Date.parse(result.refreshTokenExpiresAt)).toBeGreaterThan(Date.parse(result.accessTokenExpiresAt));
  });

  it('stores a bcrypt hash of 10 rounds and only the SHA-256 of the refresh token', async () => {
    const result = await register(h);
    const stored = await h.mongo.db.collection('users').findOne({ user_id: result.input.userId });
    expect(stored?.password).not.toBe(PASSWORD);
    expect(getRounds(String(stored?.password))).toBe(10);
    expect(stored?.refresh_token).toBe(sha256(result.refreshToken));
    expect(JSON.stringify(stored)).not.toContain(result.refreshToken);
  });
});

describe('login', () => {
  it('signs a user in with their password, the email in any case', async () => {
    const { input } = await register(h);
    const response = await login(String(input.email).toUpperCase(), PASSWORD);
    expect(response.errors).toBeUndefined();
    expect(await verifyAccessToken(h.config.JWT_SECRET, response.data?.login.accessToken ?? '')).toEqual({ kind: 'user', userId: input.userId });
  });

  it('answers a wrong password and an unknown email with the same UNAUTHENTICATED error', async () => {
    const { input } = await register(h);
    const wrongPassword = await login(String(input.email), 'Wrong!Pass1');
    const unknownEmail = await login('nobody@example.com', PASSWORD);
    expect(codeOf(wrongPassword)).toBe('UNAUTHENTICATED');
    expect(codeOf(unknownEmail)).toBe('UNAUTHENTICATED');
    expect(wrongPassword.errors?.[0]?.message).toBe(unknownEmail.errors?.[0]?.message);
  });

  it('ends the previous session: the refresh token of an earlier login stops working', async () => {
    const first = await register(h);
    await login(String(first.input.email), PASSWORD);
    expect(codeOf(await refresh(first.refreshToken))).toBe('UNAUTHENTICATED');
  });
});

describe('refreshToken', () => {
  it('rotates: returns a new pair, and the old refresh token stops working', async () => {
    const first = await register(h);
    const rotated = await refresh(first.refreshToken);
    expect(rotated.errors).toBeUndefined();
    const next = rotated.data?.refreshToken;
    expect(next?.refreshToken).toMatch(/^rtu_/);
    expect(next?.refreshToken).not.toBe(first.refreshToken);
    expect(await verifyAccessToken(h.config.JWT_SECRET, next?.accessToken ?? '')).toEqual({ kind: 'user', userId: first.input.userId });
    expect(next?.account).toMatchObject({ __typename: 'User', userId: first.input.userId, email: first.input.email });

    const again = await refresh(first.refreshToken);
    expect(codeOf(again)).toBe('UNAUTHENTICATED');
  });

  it('keeps working along a chain of rotations', async () => {
    let token = (await register(h)).refreshToken;
    for (let round = 0; round < 3; round += 1) {
      const response = await refresh(token);
      expect(response.errors).toBeUndefined();
      token = response.data?.refreshToken.refreshToken ?? '';
    }
    const stored = await h.mongo.db.collection('users').findOne({ refresh_token: sha256(token) });
    expect(stored).not.toBeNull();
  });

  it('ends the session when an already rotated refresh token is presented again (reuse detection)', async () => {
    const first = await register(h);
    const second = (await refresh(first.refreshToken)).data?.refreshToken.refreshToken ?? '';
    expect(codeOf(await refresh(first.refreshToken))).toBe('UNAUTHENTICATED');
    expect(codeOf(await refresh(second))).toBe('UNAUTHENTICATED');
  });

  it('rejects an expired refresh token', async () => {
    const first = await register(h);
    await h.mongo.db.collection('users').updateOne({ user_id: first.input.userId }, { $set: { refresh_token_expires_at: new Date(Date.now() - 1000) } });
    expect(codeOf(await refresh(first.refreshToken))).toBe('UNAUTHENTICATED');
  });

  it('rejects tokens that are not refresh tokens', async () => {
    const first = await register(h);
    expect(codeOf(await refresh(first.accessToken))).toBe('UNAUTHENTICATED');
    expect(codeOf(await refresh(`rtu_${'A'.repeat(43)}`))).toBe('UNAUTHENTICATED');
  });
});

describe('logout', () => {
  it('revokes the refresh token', async () => {
    const first = await register(h);
    const response = await logout(first.refreshToken);
    expect(response.data?.logout).toBe(true);
    expect(codeOf(await refresh(first.refreshToken))).toBe('UNAUTHENTICATED');
    const stored = await h.mongo.db.collection('users').findOne({ user_id: first.input.userId });
    expect(stored?.refresh_token).toBeUndefined();
  });

  it('answers true for an unknown or malformed token without touching any session', async () => {
    const other = await register(h);
    expect((await logout('garbage')).data?.logout).toBe(true);
    expect((await logout(`rtu_${'B'.repeat(43)}`)).data?.logout).toBe(true);
    expect((await refresh(other.refreshToken)).errors).toBeUndefined();
  });
});

describe('admins', () => {
  it('log in with adminLogin, get a token carrying their role, and can refresh it', async () => {
    const response = await adminLogin('ROOT@example.com', PASSWORD);
    expect(response.errors).toBeUndefined();
    const payload = response.data?.adminLogin;
    expect(payload?.account).toEqual({ __typename: 'Admin', adminId: 'ADM100', role: 'SuperAdmin', email: 'root@example.com' });
    expect(await verifyAccessToken(h.config.JWT_SECRET, payload?.accessToken ?? '')).toEqual({ kind: 'admin', adminId: 'ADM100', role: 'Super Admin' });
    expect(payload?.refreshToken).toMatch(/^rta_/);
    const rotated = await refresh(payload?.refreshToken ?? '');
    expect(rotated.data?.refreshToken.account).toMatchObject({ __typename: 'Admin', adminId: 'ADM100' });
    expect(codeOf(await refresh(payload?.refreshToken ?? ''))).toBe('UNAUTHENTICATED');
  });

  it('cannot log in through the user login, nor users through adminLogin', async () => {
    const { input } = await register(h);
    expect(codeOf(await login('root@example.com', PASSWORD))).toBe('UNAUTHENTICATED');
    expect(codeOf(await adminLogin(String(input.email), PASSWORD))).toBe('UNAUTHENTICATED');
  });

  const createAdmin = (viewer: Parameters<Harness['call']>[2], input: Record<string, unknown>) =>
    h.call<{ createAdmin: { adminId: string; role: string; email: string } }>(
      'mutation ($input: CreateAdminInput!) { createAdmin(input: $input) { adminId role email } }',
      { input },
      viewer,
    );
  const adminInput = (adminId: string, extra: Record<string, unknown> = {}) => ({
    adminId,
    email: `${adminId}@Example.com`,
    password: PASSWORD,
    firstName: 'Nia',
    lastName: 'Admin',
    address: { street: '2 Admin Way', city: 'San Jose', state: 'california', zip: '95113' },
    phoneNumber: '408-555-0111',
    ...extra,
  });

  it('are created by a Super Admin (id uppercased, role default Analytics Admin) and can then log in', async () => {
    const created = await createAdmin(admin('ADM100', 'Super Admin'), adminInput('adm200'));
    expect(created.errors).toBeUndefined();
    expect(created.data?.createAdmin).toEqual({ adminId: 'ADM200', role: 'AnalyticsAdmin', email: 'adm200@example.com' });
    const stored = await h.mongo.db.collection('admins').findOne({ admin_id: 'ADM200' });
    expect(stored).toMatchObject({ role: 'Analytics Admin', address: { state: 'CA' } });
    expect(getRounds(String(stored?.password))).toBe(10);
    expect((await adminLogin('adm200@example.com', PASSWORD)).errors).toBeUndefined();

    const billing = await createAdmin(admin('ADM100', 'Super Admin'), adminInput('ADM201', { role: 'BillingAdmin' }));
    expect(billing.data?.createAdmin.role).toBe('BillingAdmin');
  });

  it('cannot be created by other admins, users or anonymous callers, and nothing is written', async () => {
    expect(codeOf(await createAdmin(admin('ADM101', 'User Admin'), adminInput('ADM300')))).toBe('FORBIDDEN');
    expect(codeOf(await createAdmin(user('123-45-6789'), adminInput('ADM301')))).toBe('FORBIDDEN');
    expect(codeOf(await createAdmin(undefined, adminInput('ADM302')))).toBe('UNAUTHENTICATED');
    expect(await h.mongo.db.collection('admins').countDocuments({ admin_id: { $in: ['ADM300', 'ADM301', 'ADM302'] } })).toBe(0);
  });

  it('with a taken adminId or email is a CONFLICT naming both fields', async () => {
    const response = await createAdmin(admin('ADM100', 'Super Admin'), adminInput('ADM101', { email: 'root@example.com' }));
    expect(codeOf(response)).toBe('CONFLICT');
    expect(response.errors?.[0]?.extensions?.fields).toEqual([
      { path: 'input.adminId', message: 'is already taken' },
      { path: 'input.email', message: 'is already registered' },
    ]);
  });
});

describe('me', () => {
  it('is the user or admin of the token, and null when anonymous', async () => {
    const { input } = await register(h);
    const query = '{ me { __typename ... on User { userId email } ... on Admin { adminId role } } }';
    expect((await h.call(query, {}, user(String(input.userId)))).data).toEqual({ me: { __typename: 'User', userId: input.userId, email: input.email } });
    expect((await h.call(query, {}, admin('ADM101', 'User Admin'))).data).toEqual({ me: { __typename: 'Admin', adminId: 'ADM101', role: 'UserAdmin' } });
    expect((await h.call(query)).data).toEqual({ me: null });
  });
});

describe('the subgraph', () => {
  it('rejects requests that do not come through the gateway', async () => {
    const response = await graphqlRequest(h.server.url, '{ me { __typename } }');
    expect(codeOf(response)).toBe('UNAUTHENTICATED');
  });
});
