import type { ApolloClient } from '@apollo/client';
import { AppendUserTraceDocument, TrackListingClickDocument, TrackPageClickDocument, type ListingType } from '@kayak/client';
import { currentSession } from './session.js';

/**
 * Activity tracking: page clicks, listing clicks and trace events (search, listing_view, booking)
 * as the traveller browses, for the analytics reports (click log, funnel, top searched routes).
 *
 * Nothing here may slow the page or break it: events go into an in-memory buffer; a flush every
 * few seconds, and when the page is hidden or unloaded, sends the buffer with keepalive fetches
 * (they outlive the page, like sendBeacon, but carry the Authorization header) and forgets it.
 * Failures are swallowed: a lost click is cheaper than an error in front of the user.
 * Admins are not tracked (the reviews subgraph refuses their activity: it would skew analytics);
 * listing clicks are logged for signed-in travellers only (the click log needs the user).
 */

/** Trace event types the analytics reports read (docs/analytics.md, docs/frontend.md). */
export type TraceEventType = 'search' | 'listing_view' | 'booking' | 'payment';

interface BufferedTraceEvent {
  type: TraceEventType;
  data: Record<string, string | number | boolean | null>;
  timestamp: string;
}

export interface TrackerOptions {
  client: ApolloClient;
  /** Flush period; 0 disables the timer (flushes then only on pagehide / visibility change / flush()). */
  flushIntervalMs?: number;
  /** Groups the traces of this client (cohortTraces). */
  cohortKey?: string;
}

/** The server takes at most 100 events per trace; a client never keeps more than this many of anything. */
const MAX_TRACE_EVENTS = 100;
const MAX_BUFFERED = 500;
/** React's StrictMode (dev) runs effects twice: the same event within this window is one event. */
const DUPLICATE_WINDOW_MS = 1000;
const KEEPALIVE = { fetchOptions: { keepalive: true } };

export interface Tracker {
  pageClick(page: string, elementId: string): void;
  listingClick(listingType: ListingType, listingId: string): void;
  trace(type: TraceEventType, data: BufferedTraceEvent['data']): void;
  /** Sends what is buffered; resolves when the requests settled (never rejects). */
  flush(): Promise<void>;
  stop(): void;
}

const keep = <T>(buffer: T[], item: T): void => {
  buffer.push(item);
  if (buffer.length > MAX_BUFFERED) buffer.splice(0, buffer.length - MAX_BUFFERED);
};

export function createTracker({ client, flushIntervalMs = 5000, cohortKey = 'web' }: TrackerOptions): Tracker {
  let pageClicks: Array<{ page: string; elementId: string }> = [];
  let listingClicks: Array<{ listingType: ListingType; listingId: string }> = [];
  let events: BufferedTraceEvent[] = [];
  let last = { key: '', at: 0 };

  const send = (request: Promise<unknown>): Promise<void> => request.then(
    () => undefined,
    () => undefined,
  );

  const flush = async (): Promise<void> => {
    const session = currentSession();
    const batch = { pageClicks, listingClicks, events };
    pageClicks = [];
    listingClicks = [];
    events = [];
    if (session?.kind === 'admin') return;
    const requests: Array<Promise<void>> = [];
    for (let start = 0; start < batch.events.length; start += MAX_TRACE_EVENTS) {
      const chunk = batch.events.slice(start, start + MAX_TRACE_EVENTS);
      requests.push(send(client.mutate({ mutation: AppendUserTraceDocument, variables: { input: { cohortKey, events: chunk } }, context: KEEPALIVE, fetchPolicy: 'no-cache' })));
    }
    for (const input of batch.pageClicks) {
      requests.push(send(client.mutate({ mutation: TrackPageClickDocument, variables: { input }, context: KEEPALIVE, fetchPolicy: 'no-cache' })));
    }
    if (session?.kind === 'user') {
      for (const input of batch.listingClicks) {
        requests.push(send(client.mutate({ mutation: TrackListingClickDocument, variables: { input }, context: KEEPALIVE, fetchPolicy: 'no-cache' })));
      }
    }
    await Promise.all(requests);
  };

  const onHidden = () => {
    if (document.visibilityState === 'hidden') void flush();
  };
  const onPageHide = () => void flush();
  const timer = flushIntervalMs > 0 ? window.setInterval(() => void flush(), flushIntervalMs) : undefined;
  document.addEventListener('visibilitychange', onHidden);
  window.addEventListener('pagehide', onPageHide);

  return {
    pageClick(page, elementId) {
      keep(pageClicks, { page: page.slice(0, 200), elementId: elementId.slice(0, 200) });
    },
    listingClick(listingType, listingId) {
      keep(listingClicks, { listingType, listingId });
    },
    trace(type, data) {
      const key = `${type}:${JSON.stringify(data)}`;
      const now = Date.now();
      if (key === last.key && now - last.at < DUPLICATE_WINDOW_MS) return;
      last = { key, at: now };
      keep(events, { type, data, timestamp: new Date(now).toISOString() });
    },
    flush,
    stop() {
      if (timer !== undefined) window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', onPageHide);
    },
  };
}

let installed: Tracker | null = null;

/** The page's one tracker (main.tsx); before it is installed, tracking calls do nothing. */
export function installTracker(tracker: Tracker): void {
  installed?.stop();
  installed = tracker;
}

export const track = {
  pageClick: (page: string, elementId: string): void => installed?.pageClick(page, elementId),
  listingClick: (listingType: ListingType, listingId: string): void => installed?.listingClick(listingType, listingId),
  trace: (type: TraceEventType, data: BufferedTraceEvent['data']): void => installed?.trace(type, data),
};

/** The page a click happened on, without ids (`/flights/FL001` → `flights`), `search` for the home page. */
export function pageOf(hash: string): string {
  const [first = ''] = hash.replace(/^#\/?/, '').split(/[/?]/);
  return first || 'search';
}

/**
 * What a click was on: an element's `data-track`, else its id, else its tag and label
 * (`button:Search`, `a:Sign in`). Clicks on nothing clickable are ignored.
 */
export function elementIdOf(target: EventTarget | null): string | null {
  if (!(target instanceof Element)) return null;
  const element = target.closest('[data-track], a, button, [role="button"], input[type="submit"]');
  if (!element) return null;
  const explicit = element.getAttribute('data-track') ?? (element.id || null);
  if (explicit) return explicit;
  const label = (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
  return `${element.tagName.toLowerCase()}:${label || '(unlabelled)'}`;
}

/** Logs every click on something clickable as a page click; returns the listener's remover. */
export function trackPageClicks(): () => void {
  const onClick = (event: MouseEvent) => {
    const elementId = elementIdOf(event.target);
    if (elementId) track.pageClick(pageOf(window.location.hash), elementId);
  };
  document.addEventListener('click', onClick, { capture: true, passive: true });
  return () => document.removeEventListener('click', onClick, { capture: true });
}
