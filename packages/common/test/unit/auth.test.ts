import { decodeJwt, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { requireUser, signAccessToken, signGatewayAssertion, verifyAccessToken, verifyGatewayAssertion } from '../../src/auth.js';

const secret = 's'.repeat(40);
const code = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  return undefined;
};

describe('gateway assertion', () => {
  it('round-trips the viewer and request id', async () => {
    const viewer = { kind: 'admin', adminId: 'ADM001', role: 'Billing Admin' } as const;
    const token = await signGatewayAssertion(secret, viewer, 'req-1');
    expect(await verifyGatewayAssertion(secret, token)).toEqual({ viewer, requestId: 'req-1' });
  });

  it('rejects a missing, forged or expired assertion', async () => {
    await expect(verifyGatewayAssertion(secret, undefined)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const forged = await signGatewayAssertion('f'.repeat(40), { kind: 'anonymous' }, 'r');
    await expect(verifyGatewayAssertion(secret, forged)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const expired = await new SignJWT({ viewer: { kind: 'anonymous' }, rid: 'r' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('kayak-gateway')
      .setAudience('kayak-subgraphs')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(new TextEncoder().encode(secret));
    await expect(verifyGatewayAssertion(secret, expired)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('rejects an assertion whose viewer claims an unknown role', async () => {
    const token = await signGatewayAssertion(secret, { kind: 'admin', adminId: 'A', role: 'Root' } as never, 'r');
    await expect(verifyGatewayAssertion(secret, token)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('access tokens', () => {
  it('carry a user or an admin with its role', async () => {
    expect(await verifyAccessToken(secret, await signAccessToken(secret, { kind: 'user', userId: '123-45-6789' }))).toEqual({ kind: 'user', userId: '123-45-6789' });
    expect(await verifyAccessToken(secret, await signAccessToken(secret, { kind: 'admin', adminId: 'ADM001', role: 'Super Admin' }))).toEqual({
      kind: 'admin',
      adminId: 'ADM001',
      role: 'Super Admin',
    });
  });

  it('are not interchangeable with gateway assertions', async () => {
    const assertion = await signGatewayAssertion(secret, { kind: 'user', userId: 'u' }, 'r');
    await expect(verifyAccessToken(secret, assertion)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('HS256 tokens', () => {
  const key = new TextEncoder().encode(secret);
  const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('are standard JWTs: jose verifies ours and we verify jose\'s', async () => {
    const ours = await signAccessToken(secret, { kind: 'user', userId: 'u-1' });
    const { payload: claims } = await jwtVerify(ours, key, { issuer: 'kayak-users', algorithms: ['HS256'] });
    expect(claims).toMatchObject({ sub: 'u-1', kind: 'user', typ: 'access', iss: 'kayak-users' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(15 * 60);
    const theirs = await new SignJWT({ viewer: { kind: 'user', userId: 'u-2' }, rid: 'r-2' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('kayak-gateway')
      .setAudience(['other', 'kayak-subgraphs'])
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(key);
    expect(await verifyGatewayAssertion(secret, theirs)).toEqual({ viewer: { kind: 'user', userId: 'u-2' }, requestId: 'r-2' });
  });

  it('refuse another algorithm, a changed payload, a token without expiry or for another audience', async () => {
    const good = await signGatewayAssertion(secret, { kind: 'user', userId: 'u' }, 'r');
    const [head, body, sig] = good.split('.');
    const claims = decodeJwt(good);
    const refused = [
      `${base64url({ alg: 'none' })}.${body}.`,
      `${base64url({ alg: 'HS512' })}.${body}.${sig}`,
      `${base64url({ alg: 'HS256', crit: ['b64'] })}.${body}.${sig}`,
      `${head}.${base64url({ ...claims, viewer: { kind: 'admin', adminId: 'A', role: 'Super Admin' } })}.${sig}`,
      await new SignJWT({ viewer: { kind: 'anonymous' }, rid: 'r' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('kayak-gateway').setAudience('kayak-subgraphs').sign(key),
      await new SignJWT({ viewer: { kind: 'anonymous' }, rid: 'r' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('kayak-gateway').setAudience('elsewhere').setExpirationTime('60s').sign(key),
      await new SignJWT({ viewer: { kind: 'anonymous' }, rid: 'r' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('kayak-gateway').setAudience('kayak-subgraphs').setNotBefore('1h').setExpirationTime('2h').sign(key),
      `${good}x`,
      good.replace(/\./g, '..'),
      'not a token',
    ];
    for (const token of refused) await expect(verifyGatewayAssertion(secret, token)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('role checks', () => {
  it('requireUser rejects anonymous viewers', () => {
    expect(code(() => requireUser({ kind: 'anonymous' }))).toBe('UNAUTHENTICATED');
    expect(code(() => requireUser({ kind: 'user', userId: 'u' }))).toBeUndefined();
  });
});
