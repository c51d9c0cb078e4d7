import { useSyncExternalStore } from 'react';
import type { LoginMutation } from '@kayak/client';

/**
 * The signed-in traveller, kept in sessionStorage so a reload stays signed in while closing the
 * tab signs out. Apollo's auth link reads the access token from here on every request.
 */
export interface Session {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  displayName: string;
}

const STORAGE_KEY = 'kayak.session';
const listeners = new Set<() => void>();

function read(): Session | null {
  const raw = window.sessionStorage.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as Session;
  } catch {
    return null;
  }
}

let current: Session | null = read();

function publish(next: Session | null): void {
  current = next;
  if (next) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  else window.sessionStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener();
}

export const accessToken = (): string | null => current?.accessToken ?? null;

export function signIn(payload: LoginMutation['login']): void {
  const account = payload.account;
  const displayName = `${account.firstName} ${account.lastName}`;
  publish({ accessToken: payload.accessToken, accessTokenExpiresAt: payload.accessTokenExpiresAt, refreshToken: payload.refreshToken, displayName });
}

export function signOut(): void {
  publish(null);
}

const subscribe = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, () => current);
}
