import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { code, type RawResponse, startSupergraph, type Supergraph } from './support/supergraph.js';

// Account enumeration and credential guessing: a registration does not say which key is taken, and
// login and registration are throttled per client IP and per account in Redis (TOO_MANY_REQUESTS,
// HTTP 429, Retry-After). The gateway trusts one proxy hop here, so each test picks its client IP
// with x-forwarded-for and the per-IP buckets of different tests stay apart.
let sg: Supergraph;

const RULES = {
  loginPerAccount: { limit: 3, windowSeconds: 900 },
  loginPerIp: { limit: 6, windowSeconds: 300 },
  registerPerAccount: { limit: 2, windowSeconds: 3600 },
  registerPerIp: { limit: 4, windowSeconds: 3600 },
};

beforeAll(async () => {
  sg = await startSupergraph({ prefix: 'abuse_creds', users: { throttle: RULES }, gatewaySettings: { trustedProxyHops: 1 } });
});

afterAll(async () => {
  await sg?.close();
});

const LOGIN = 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }';
const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }';
const from = (ip: string) => ({ 'x-forwarded-for': ip });
const login = (email: string, password: string, ip: string) => sg.post({ query: LOGIN, variables: { email, password }, headers: from(ip) });

let serial = 0;
function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  serial += 1;
  const n = String(serial).padStart(4, '0');
  return {
    userId: `910-${n.slice(0, 2)}-${n}`,
    email: `enum${n}@example.com`,
    password: 'Str0ng!Password',
    firstName: 'Eve',
    lastName: 'Mallory',
    address: { street: '1 Main St', city: 'Boston', state: 'MA', zip: '02116' },
    phoneNumber: '617-555-0100',
    ...overrides,
  };
}
const register = (input: Record<string, unknown>, ip: string) => sg.post({ query: REGISTER, variables: { input }, headers: from(ip) });

function expectThrottled(response: RawResponse): void {
  expect(response.status).toBe(429);
  expect(code(response)).toBe('TOO_MANY_REQUESTS');
  const retryAfter = response.body?.errors?.[0]?.extensions?.retryAfter;
  expect(retryAfter).toEqual(expect.any(Number));
  expect(Number(response.headers.get('retry-after'))).toBe(retryAfter);
  expect(Number(retryAfter)).toBeGreaterThan(0);
  expect(response.body?.data ?? null).toBeNull();
}

describe('registration does not reveal which key is taken', () => {
  it("answers a taken SSN exactly like a taken email, naming neither, and writes nothing", async () => {
    const before = await sg.counts();
    const takenSsn = await register(registration({ userId: '123-45-6789' }), '198.51.100.1');
    const takenEmail = await register(registration({ email: 'alice@example.com' }), '198.51.100.1');
    expect(code(takenSsn)).toBe('CONFLICT');
    expect(takenSsn.body?.errors?.[0]?.message).toBe(takenEmail.body?.errors?.[0]?.message);
    expect(takenSsn.body?.errors?.[0]?.extensions).toEqual(takenEmail.body?.errors?.[0]?.extensions);
    expect(takenSsn.text).not.toMatch(/userId|ssn/i);
    expect(takenEmail.text).not.toMatch(/input\.email/);
    expect(await sg.counts()).toEqual(before);
  });
});

describe('login throttling', () => {
  it('locks an account after its failed attempts, even for the right password, whatever the IP', async () => {
    for (let i = 0; i < RULES.loginPerAccount.limit; i++) {
      expect(code(await login('bob@example.com', 'Wrong!pass1', `203.0.113.${i + 1}`))).toBe('UNAUTHENTICATED');
    }
    expectThrottled(await login('bob@example.com', 'Kayak!2026', '203.0.113.99'));
    expectThrottled(await login('BOB@example.com', 'Wrong!pass1', '203.0.113.100'));
  });

  it('does not count successful logins', async () => {
    for (let i = 0; i < RULES.loginPerAccount.limit + 2; i++) {
      const response = await login('carol@example.com', 'Kayak!2026', '203.0.113.150');
      expect(response.body?.errors).toBeUndefined();
    }
  });

  it('throttles one IP guessing across many accounts, and only that IP', async () => {
    for (let i = 0; i < RULES.loginPerIp.limit; i++) {
      expect(code(await login(`nobody${i}@example.com`, 'Wrong!pass1', '192.0.2.7'))).toBe('UNAUTHENTICATED');
    }
    expectThrottled(await login('alice@example.com', 'Kayak!2026', '192.0.2.7'));
    // A client-supplied hop in front of the trusted one changes nothing: the proxy's entry counts.
    expectThrottled(await sg.post({ query: LOGIN, variables: { email: 'alice@example.com', password: 'Kayak!2026' }, headers: { 'x-forwarded-for': '10.9.8.7, 192.0.2.7' } }));
    const elsewhere = await login('alice@example.com', 'Kayak!2026', '192.0.2.8');
    expect(elsewhere.body?.errors).toBeUndefined();
  });
});

describe('registration throttling', () => {
  it('throttles repeated registrations of one SSN from different IPs', async () => {
    const input = registration({ userId: '234-56-7890' });
    for (let i = 0; i < RULES.registerPerAccount.limit; i++) {
      expect(code(await register({ ...input, email: `other${i}@example.com` }, `198.51.100.${20 + i}`))).toBe('CONFLICT');
    }
    const before = await sg.counts();
    expectThrottled(await register({ ...input, email: 'fresh@example.com' }, '198.51.100.40'));
    expect(await sg.counts()).toEqual(before);
  });

  it('throttles one IP registering many accounts', async () => {
    for (let i = 0; i < RULES.registerPerIp.limit; i++) {
      expect((await register(registration(), '198.51.100.50')).body?.errors).toBeUndefined();
    }
    const before = await sg.counts();
    expectThrottled(await register(registration(), '198.51.100.50'));
    expect(await sg.counts()).toEqual(before);
    expect((await register(registration(), '198.51.100.51')).body?.errors).toBeUndefined();
  });
});
