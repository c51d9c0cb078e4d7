/**
 * Keeps a session's access token usable: refreshes it shortly before it expires, or after the server
 * refused it, with ONE refresh at a time. Refresh tokens are single use and a rotated one presented
 * again ends the session (reuse detection, docs/auth.md), so concurrent requests must share the
 * refresh instead of each exchanging the same refresh token. No browser or Apollo here: session.ts
 * wires it to the stored session and the RefreshSession mutation.
 */
export interface TokenPair {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
}

/** The server refused the refresh token (revoked, expired, already used): the session is over. */
export class RefreshRejectedError extends Error {
  constructor(message = 'The refresh token was refused') {
    super(message);
    this.name = 'RefreshRejectedError';
  }
}

export interface RefresherDependencies {
  /** The session now (it may change while a refresh is under way: sign-out, another sign-in). */
  current(): TokenPair | null;
  /** The new pair for a refresh token; throws RefreshRejectedError when the server refuses it, anything else when it cannot be asked. */
  exchange(refreshToken: string): Promise<TokenPair>;
  /** Keeps the new pair in the session. */
  store(next: TokenPair): void;
  /** Ends the session whose refresh token was refused. */
  expire(): void;
  now(): number;
  /** Refresh when the access token expires within this many milliseconds. */
  marginMs: number;
}

export interface Refresher {
  /** The access token to send: the current one, or a fresh one when it has expired or is about to; null when signed out. */
  accessToken(): Promise<string | null>;
  /**
   * After the server refused `refused` as expired or invalid: the token to replay the request with, or
   * null when the session is over. Rejects when the refresh could not be asked (network): the caller
   * then passes the original failure on, and the session stays.
   */
  renew(refused: string): Promise<string | null>;
}

export function createRefresher(dependencies: RefresherDependencies): Refresher {
  let inflight: Promise<string | null> | null = null;

  const exchange = async (session: TokenPair): Promise<string | null> => {
    try {
      const next = await dependencies.exchange(session.refreshToken);
      // Signed out or in again meanwhile: that newer session wins, this answer is dropped.
      if (dependencies.current()?.refreshToken !== session.refreshToken) return dependencies.current()?.accessToken ?? null;
      dependencies.store(next);
      return next.accessToken;
    } catch (error) {
      if (!(error instanceof RefreshRejectedError)) throw error;
      if (dependencies.current()?.refreshToken !== session.refreshToken) return dependencies.current()?.accessToken ?? null;
      dependencies.expire();
      return null;
    }
  };

  /** Every caller during a refresh gets that refresh's answer. */
  const refresh = (session: TokenPair): Promise<string | null> => {
    if (!inflight) {
      // `.finally` runs after this assignment even when `exchange` fails at once.
      inflight = exchange(session).finally(() => {
        inflight = null;
      });
    }
    return inflight;
  };

  return {
    async accessToken() {
      if (inflight) return inflight.catch(() => dependencies.current()?.accessToken ?? null);
      const session = dependencies.current();
      if (!session) return null;
      if (Date.parse(session.accessTokenExpiresAt) - dependencies.now() > dependencies.marginMs) return session.accessToken;
      // Unreachable refresh: send what we have; if the server refuses it, renew() tries again.
      return refresh(session).catch(() => session.accessToken);
    },
    async renew(refused) {
      if (inflight) return inflight;
      const session = dependencies.current();
      if (!session) return null;
      // Another request refreshed since this one was sent: replay with its token.
      if (session.accessToken !== refused) return session.accessToken;
      return refresh(session);
    },
  };
}
