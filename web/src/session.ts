import { useSyncExternalStore } from 'react';
import type { AdminLoginMutation, AdminRole, LoginMutation } from '@kayak/client';
import { navigate } from './router.js';
import { createRefresher, type Refresher, type TokenPair } from './sessionRefresh.js';

/**
 * The signed-in traveller, kept in sessionStorage so a reload stays signed in while closing the
 * tab signs out. Apollo's auth link takes the access token from here on every request, through the
 * refresher (`createSessionRefresher`), which also stores the refreshed pair.
 */
export interface Session {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  displayName: string;
  /** Travellers and admins sign in apart (login / adminLogin); the admin area follows the role. */
  kind: 'user' | 'admin';
  /** The admin's role; null for travellers. */
  role: AdminRole | null;
}

const STORAGE_KEY = 'kayak.session';
const listeners = new Set<() => void>();
/** Refresh this long before the access token expires (clocks differ; a request takes time). */
const REFRESH_MARGIN_MS = 30_000;

function read(): Session | null {
  const raw = window.sessionStorage.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    const stored = JSON.parse(raw) as Partial<Session> & Omit<Session, 'kind' | 'role'>;
    // Sessions stored before admins could sign in here were travellers'.
    return { ...stored, kind: stored.kind ?? 'user', role: stored.role ?? null };
  } catch {
    return null;
  }
}

let current: Session | null = read();
/** Set when a refresh was refused: the sign-in pages say the session expired, until the next sign-in. */
let expired = false;

function publish(next: Session | null): void {
  current = next;
  if (next) {
    expired = false;
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  } else window.sessionStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener();
}

export function signIn(payload: LoginMutation['login'] | AdminLoginMutation['adminLogin']): void {
  const account = payload.account;
  // adminLogin's selection names only admins; a traveller account never comes back from it.
  const named = 'firstName' in account ? account : { firstName: '', lastName: '' };
  const displayName = `${named.firstName} ${named.lastName}`.trim();
  const kind = account.__typename === 'Admin' ? 'admin' : 'user';
  const role = account.__typename === 'Admin' ? account.role : null;
  publish({ accessToken: payload.accessToken, accessTokenExpiresAt: payload.accessTokenExpiresAt, refreshToken: payload.refreshToken, displayName, kind, role });
}

/** The current session outside React (the activity tracker asks before every flush). */
export const currentSession = (): Session | null => current;

export function signOut(): void {
  publish(null);
}

/**
 * The refresh token was refused (revoked, expired, reused): the session is over. Travellers land on
 * sign-in, which returns them to the page they were on; admins stay where they are, since the admin
 * area shows its own sign-in form in place.
 */
export function expireSession(): void {
  const kind = current?.kind;
  expired = true;
  publish(null);
  if (kind !== 'user') return;
  const path = window.location.hash.replace(/^#/, '') || '/';
  if (!path.startsWith('/login')) navigate(`/login?next=${encodeURIComponent(path)}`);
}

/**
 * The access token for every request, refreshed once (shared by all concurrent requests) when it
 * has expired or is about to, or when the gateway refused it; `exchange` runs the RefreshSession
 * mutation without the old access token (main.tsx).
 */
export function createSessionRefresher(exchange: (refreshToken: string) => Promise<TokenPair>): Refresher {
  return createRefresher({
    current: () => current,
    exchange,
    store: (next) => {
      if (current) publish({ ...current, accessToken: next.accessToken, accessTokenExpiresAt: next.accessTokenExpiresAt, refreshToken: next.refreshToken });
    },
    expire: expireSession,
    now: Date.now,
    marginMs: REFRESH_MARGIN_MS,
  });
}

const subscribe = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, () => current);
}

/** Whether the last session ended because it expired (shown on the sign-in pages). */
export function useSessionExpired(): boolean {
  return useSyncExternalStore(subscribe, () => expired);
}
