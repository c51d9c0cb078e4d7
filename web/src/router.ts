import { useSyncExternalStore } from 'react';

/**
 * Hash routing (`#/flights/FL001?x=y`): the static build works behind any server, and a reload or
 * the back button lands on the same view. Three views do not justify a router dependency.
 */
export interface Route {
  /** Path segments, e.g. ['flights', 'FL001']; [] for the home page. */
  segments: string[];
  params: URLSearchParams;
}

const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

const currentHash = (): string => window.location.hash;

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  return { segments: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query) };
}

export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, currentHash));
}

/** `path` like `/flights/FL001`, optionally with a query string. */
export function navigate(path: string): void {
  window.location.hash = path;
}

export function href(path: string): string {
  return `#${path}`;
}

/**
 * Links from outside (mails: `/unsubscribe?token=…`, `/flights/FL001`) may name a path instead of
 * a hash route; the servers answer every path with the page, which moves the path into the hash.
 */
export function adoptPathRoute(location: Location = window.location): void {
  if (location.pathname === '/' || location.pathname === '/index.html' || location.hash) return;
  location.replace(`/#${location.pathname}${location.search}`);
}
