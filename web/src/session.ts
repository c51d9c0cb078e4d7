import { useSyncExternalStore } from 'react';
import type { AdminLoginMutation, AdminRole, LoginMutation } from '@kayak/client';

/**
 * The signed-in traveller, kept in sessionStorage so a reload stays signed in while closing the
 * tab signs out. Apollo's auth link reads the access token from here on every request.
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

function publish(next: Session | null): void {
  current = next;
  if (next) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  else window.sessionStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener();
}

export const accessToken = (): string | null => current?.accessToken ?? null;

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

const subscribe = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, () => current);
}
