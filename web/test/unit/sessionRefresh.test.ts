import { describe, expect, it } from 'vitest';
import { createRefresher, RefreshRejectedError, type TokenPair } from '../../src/sessionRefresh.js';

const NOW = Date.parse('2026-12-05T12:00:00.000Z');
const MARGIN_MS = 30_000;
const at = (offsetMs: number): string => new Date(NOW + offsetMs).toISOString();

/** A manual refresh: each exchange waits until the test answers it, so concurrency is in the test's hands. */
function harness(session: TokenPair | null) {
  const state = { session, expired: 0, exchanged: [] as string[] };
  const pending: Array<{ resolve: (pair: TokenPair) => void; reject: (error: unknown) => void }> = [];
  const refresher = createRefresher({
    current: () => state.session,
    exchange: (refreshToken) => {
      state.exchanged.push(refreshToken);
      return new Promise<TokenPair>((resolve, reject) => pending.push({ resolve, reject }));
    },
    store: (next) => {
      state.session = next;
    },
    expire: () => {
      state.expired += 1;
      state.session = null;
    },
    now: () => NOW,
    marginMs: MARGIN_MS,
  });
  /** Lets the refresher's promise chain run up to the pending exchange. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { state, pending, refresher, settle };
}

const fresh: TokenPair = { accessToken: 'access-2', accessTokenExpiresAt: at(15 * 60_000), refreshToken: 'refresh-2' };

describe('the single-flight session refresh', () => {
  it('sends a token that is valid beyond the margin as it is, without refreshing', async () => {
    const { state, refresher } = harness({ accessToken: 'access-1', accessTokenExpiresAt: at(MARGIN_MS + 1_000), refreshToken: 'refresh-1' });
    expect(await refresher.accessToken()).toBe('access-1');
    expect(state.exchanged).toEqual([]);
  });

  it('sends nothing and refreshes nothing when signed out', async () => {
    const { state, refresher } = harness(null);
    expect(await refresher.accessToken()).toBeNull();
    expect(await refresher.renew('access-1')).toBeNull();
    expect(state.exchanged).toEqual([]);
  });

  it('refreshes a token about to expire once for five concurrent requests, and every request gets the new token', async () => {
    const { state, pending, refresher, settle } = harness({ accessToken: 'access-1', accessTokenExpiresAt: at(MARGIN_MS - 1_000), refreshToken: 'refresh-1' });
    const tokens = Promise.all([refresher.accessToken(), refresher.accessToken(), refresher.renew('access-1'), refresher.accessToken(), refresher.renew('access-1')]);
    await settle();
    expect(state.exchanged).toEqual(['refresh-1']);
    pending[0]?.resolve(fresh);
    expect(await tokens).toEqual(['access-2', 'access-2', 'access-2', 'access-2', 'access-2']);
    expect(state.session).toEqual(fresh);
    // The next request goes with the stored new token.
    expect(await refresher.accessToken()).toBe('access-2');
    expect(state.exchanged).toEqual(['refresh-1']);
  });

  it('replays a refused request with the token another request refreshed meanwhile, without a second refresh', async () => {
    const { state, pending, refresher, settle } = harness({ accessToken: 'access-1', accessTokenExpiresAt: at(60_000), refreshToken: 'refresh-1' });
    const first = refresher.renew('access-1');
    await settle();
    pending[0]?.resolve(fresh);
    expect(await first).toBe('access-2');
    // A request that was sent with access-1 before the refresh is refused after it.
    expect(await refresher.renew('access-1')).toBe('access-2');
    expect(state.exchanged).toEqual(['refresh-1']);
  });

  it('refreshes again with the rotated token when the new access token is refused in turn', async () => {
    const { state, pending, refresher, settle } = harness({ accessToken: 'access-1', accessTokenExpiresAt: at(60_000), refreshToken: 'refresh-1' });
    const first = refresher.renew('access-1');
    await settle();
    pending[0]?.resolve(fresh);
    await first;
    const second = refresher.renew('access-2');
    await settle();
    expect(state.exchanged).toEqual(['refresh-1', 'refresh-2']);
    pending[1]?.resolve({ accessToken: 'access-3', accessTokenExpiresAt: at(15 * 60_000), refreshToken: 'refresh-3' });
    expect(await second).toBe('access-3');
  });

  it('ends the session once when the refresh token is refused, and every waiting request gets no token', async () => {
    const { state, pending, refresher, settle } = harness({ accessToken: 'access-1', accessTokenExpiresAt: at(-1_000), refreshToken: 'refresh-1' });
    const tokens = Promise.all([refresher.accessToken(), refresher.renew('access-1'), refresher.accessToken()]);
    await settle();
    pending[0]?.reject(new RefreshRejectedError());
    expect(await tokens).toEqual([null, null, null]);
    expect(state.expired).toBe(1);
    expect(state.session).toBeNull();
    expect(state.exchanged).toEqual(['refresh-1']);
  });

  it('keeps the session when the refresh cannot be asked: the request goes with the old token, a replay is not attempted', async () => {
    const { state, pending, refresher, settle } = harness({ accessToken: 'access-1', accessTokenExpiresAt: at(-1_000), refreshToken: 'refresh-1' });
    const token = refresher.accessToken();
    await settle();
    pending[0]?.reject(new TypeError('Failed to fetch'));
    expect(await token).toBe('access-1');
    expect(state.expired).toBe(0);
    expect(state.session?.refreshToken).toBe('refresh-1');

    const renewed = refresher.renew('access-1');
    await settle();
    pending[1]?.reject(new TypeError('Failed to fetch'));
    await expect(renewed).rejects.toThrow('Failed to fetch');
    expect(state.expired).toBe(0);
    // A failed refresh does not block the next one.
    expect(state.exchanged).toEqual(['refresh-1', 'refresh-1']);
  });

  it('drops a refresh answer when the traveller signed out and in again meanwhile', async () => {
    const { state, pending, refresher, settle } = harness({ accessToken: 'access-1', accessTokenExpiresAt: at(-1_000), refreshToken: 'refresh-1' });
    const token = refresher.accessToken();
    await settle();
    const other: TokenPair = { accessToken: 'other-access', accessTokenExpiresAt: at(15 * 60_000), refreshToken: 'other-refresh' };
    state.session = other;
    pending[0]?.reject(new RefreshRejectedError());
    expect(await token).toBe('other-access');
    // The newer session is neither overwritten nor ended by the old session's refusal.
    expect(state.session).toEqual(other);
    expect(state.expired).toBe(0);
  });
});
