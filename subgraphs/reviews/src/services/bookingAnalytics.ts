import {
  badUserInput,
  decodeKeysetCursor,
  encodeKeysetCursor,
  LISTING_TYPES,
  listingKey,
  requirePermission,
  type BookingStatus,
  type FieldError,
  type ListingType,
  type Viewer,
} from '@kayak/common';
import { formatCents } from '@kayak/common/money';
import type { ActivityRepository, TimeRange } from '../repositories/activity.js';
import { dayOf, type AnalyticsRepository, type ListingFacts, type ListingGroupKey, type MoneyRow } from '../repositories/analytics.js';
import { checkFirst } from './pagination.js';

/**
 * Revenue, cancellation and funnel reports over the analytics read models (docs/analytics.md).
 * Money is cash flow: a payment counts when it was made, a refund when its booking was cancelled.
 * All sums are integer cents (bigint) until they leave as two-decimal strings.
 */

const MAX_RANGE_DAYS = 366;
const DAY_MS = 24 * 60 * 60 * 1000;
export const TOP_COUNT = 10;
export const UNKNOWN_CITY = '(unknown)';
/** Trace event types the web client sends (docs/analytics.md). */
export const TRACE_EVENTS = { search: 'search', listingView: 'listing_view' } as const;

/** A sum of money as the Decimal scalar serialises it, exact at any size ("123456789.05"). */
export interface Money {
  toFixed(digits: number): string;
}
const money = (cents: bigint): Money => ({ toFixed: () => formatCents(cents) });

export interface Figures {
  paidBookings: number;
  refundedBookings: number;
  grossCents: bigint;
  refundCents: bigint;
}
const ZERO: Figures = { paidBookings: 0, refundedBookings: 0, grossCents: 0n, refundCents: 0n };

export const netOf = (figures: Figures): bigint => figures.grossCents - figures.refundCents;

export function addFigures(a: Figures, b: Figures): Figures {
  return { paidBookings: a.paidBookings + b.paidBookings, refundedBookings: a.refundedBookings + b.refundedBookings, grossCents: a.grossCents + b.grossCents, refundCents: a.refundCents + b.refundCents };
}

export interface RevenueFiguresResult {
  paidBookings: number;
  refundedBookings: number;
  gross: Money;
  refunds: Money;
  net: Money;
}

export function present(figures: Figures): RevenueFiguresResult {
  return { paidBookings: figures.paidBookings, refundedBookings: figures.refundedBookings, gross: money(figures.grossCents), refunds: money(figures.refundCents), net: money(netOf(figures)) };
}

/** Payments and refunds rows merged per group key (`keyOf` names a group as a string). */
export function mergeMoney<K>(payments: Array<MoneyRow<K>>, refunds: Array<MoneyRow<K>>, keyOf: (key: K) => string): Map<string, { key: K; figures: Figures }> {
  const groups = new Map<string, { key: K; figures: Figures }>();
  const add = (row: MoneyRow<K>, figures: Figures) => {
    const name = keyOf(row.key);
    const current = groups.get(name);
    groups.set(name, { key: row.key, figures: addFigures(current?.figures ?? ZERO, figures) });
  };
  for (const row of payments) add(row, { ...ZERO, paidBookings: row.count, grossCents: BigInt(row.cents) });
  for (const row of refunds) add(row, { ...ZERO, refundedBookings: row.count, refundCents: BigInt(row.cents) });
  return groups;
}

/** Highest net first. */
const byNetDescending = (a: Figures, b: Figures): number => {
  const difference = netOf(b) - netOf(a);
  return difference > 0n ? 1 : difference < 0n ? -1 : 0;
};

/** Every UTC day touched by [from, to), in order. */
export function daysOf(range: TimeRange): string[] {
  const days: string[] = [];
  const last = dayOf(new Date(range.to.getTime() - 1));
  for (let day = new Date(`${dayOf(range.from)}T00:00:00.000Z`); dayOf(day) <= last; day = new Date(day.getTime() + DAY_MS)) days.push(dayOf(day));
  return days;
}

/** part / whole rounded to four decimals; null when whole is 0. */
export const rateOf = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

export function checkRange(range: TimeRange): FieldError[] {
  const span = range.to.getTime() - range.from.getTime();
  if (span <= 0) return [{ path: 'to', message: 'must be after from' }];
  if (span > MAX_RANGE_DAYS * DAY_MS) return [{ path: 'to', message: `must be at most ${MAX_RANGE_DAYS} days after from` }];
  return [];
}

const fail = (errors: FieldError[]): void => {
  if (errors.length > 0) throw badUserInput(errors);
};

const CITY_ORDER = 'CITY_REVENUE';
const cityName = (city: string, state: string | null): string => `${city}\u0000${state ?? ''}`;

export interface CityRevenueRow {
  city: string;
  state: string | null;
  revenue: RevenueFiguresResult;
}

export interface PropertyRevenueRow {
  listingType: ListingType;
  listingId: string;
  title: string | null;
  city: string | null;
  state: string | null;
  revenue: RevenueFiguresResult;
}

export interface RouteRevenueRow {
  from: string;
  to: string;
  flights: number;
  revenue: RevenueFiguresResult;
}

export interface BookingAnalyticsDeps {
  readModels: AnalyticsRepository;
  activity: ActivityRepository;
}

const listingName = (key: ListingGroupKey): string => listingKey(key.listingType, key.listingId);

/** The booking reports of the Analytics Admin role (Super Admin passes too). One per request. */
export function createBookingAnalytics({ readModels, activity }: BookingAnalyticsDeps, viewer: Viewer) {
  /** Permission first (nothing about the input leaks to the unauthorised), then the input. */
  const guard = (range: TimeRange, errors: FieldError[] = []): void => {
    requirePermission(viewer, 'analytics:read');
    fail([...checkRange(range), ...errors]);
  };

  async function perListing(range: TimeRange, listingTypes: ListingType[]): Promise<Array<{ key: ListingGroupKey; figures: Figures; facts: ListingFacts | undefined }>> {
    const [payments, refunds] = await Promise.all([
      readModels.payments<{ type: ListingType; id: string }>('listing', range, listingTypes),
      readModels.refunds<{ type: ListingType; id: string }>('listing', range, listingTypes),
    ]);
    const merged = [...mergeMoney(payments, refunds, (key) => listingKey(key.type, key.id)).values()].map(({ key, figures }) => ({ key: { listingType: key.type, listingId: key.id }, figures }));
    const facts = await readModels.listingFacts(merged.map((row) => row.key));
    return merged.map((row) => ({ ...row, facts: facts.get(listingName(row.key)) }));
  }

  return {
    async revenueByDay(range: TimeRange) {
      guard(range);
      const [payments, refunds, created, cancelled] = await Promise.all([
        readModels.payments<string>('day', range),
        readModels.refunds<string>('day', range),
        readModels.createdPerDay(range),
        readModels.cancelledPerDay(range),
      ]);
      const money = mergeMoney(payments, refunds, (day) => day);
      let totals = ZERO;
      const days = daysOf(range).map((day) => {
        const figures = money.get(day)?.figures ?? ZERO;
        totals = addFigures(totals, figures);
        return { day, createdBookings: created.get(day) ?? 0, cancelledBookings: cancelled.get(day) ?? 0, revenue: present(figures) };
      });
      return { from: range.from, to: range.to, days, totals: present(totals) };
    },

    async revenueByListingType(range: TimeRange) {
      guard(range);
      const [payments, refunds] = await Promise.all([readModels.payments<ListingType>('listingType', range), readModels.refunds<ListingType>('listingType', range)]);
      const money = mergeMoney(payments, refunds, (type) => type);
      return LISTING_TYPES.map((listingType) => ({ listingType, revenue: present(money.get(listingType)?.figures ?? ZERO) }));
    },

    async revenueByCity(range: TimeRange, first: number, after: string | null) {
      const cursor = after === null ? null : decodeKeysetCursor(after);
      guard(range, [...checkFirst(first), ...(after !== null && (cursor === null || cursor.order !== CITY_ORDER || typeof cursor.value !== 'string') ? [{ path: 'after', message: 'is not a cursor of this list' }] : [])]);
      const cities = new Map<string, { city: string; state: string | null; figures: Figures }>();
      for (const row of await perListing(range, [...LISTING_TYPES])) {
        const city = row.facts?.city ?? UNKNOWN_CITY;
        const state = row.facts?.city ? row.facts.state : null;
        const name = cityName(city, state);
        cities.set(name, { city, state, figures: addFigures(cities.get(name)?.figures ?? ZERO, row.figures) });
      }
      const sorted = [...cities.entries()]
        .map(([name, row]) => ({ name, ...row }))
        .sort((a, b) => byNetDescending(a.figures, b.figures) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      // Keyset: rows after (net, name) of the cursor in the same order, so a page stays put when rows are added.
      const start = cursor ? sorted.findIndex((row) => netOf(row.figures) < BigInt(cursor.value) || (netOf(row.figures) === BigInt(cursor.value) && row.name > cursor.id)) : 0;
      const rest = start < 0 ? [] : sorted.slice(start);
      const page = rest.slice(0, first);
      const last = page.at(-1);
      return {
        nodes: page.map((row): CityRevenueRow => ({ city: row.city, state: row.state, revenue: present(row.figures) })),
        pageInfo: { hasNextPage: rest.length > first, endCursor: last ? encodeKeysetCursor({ order: CITY_ORDER, value: netOf(last.figures).toString(), id: last.name }) : null },
        totalCount: sorted.length,
      };
    },

    async topPropertiesByRevenue(range: TimeRange): Promise<PropertyRevenueRow[]> {
      guard(range);
      const rows = await perListing(range, ['Hotel', 'Car']);
      return rows
        .sort((a, b) => byNetDescending(a.figures, b.figures) || (listingName(a.key) < listingName(b.key) ? -1 : 1))
        .slice(0, TOP_COUNT)
        .map((row) => ({ ...row.key, title: row.facts?.title ?? null, city: row.facts?.city ?? null, state: row.facts?.state ?? null, revenue: present(row.figures) }));
    },

    /** Flights analytics has no listing event for (no route known) are left out. */
    async topRoutesByRevenue(range: TimeRange): Promise<RouteRevenueRow[]> {
      guard(range);
      const routes = new Map<string, { from: string; to: string; flights: number; figures: Figures }>();
      for (const row of await perListing(range, ['Flight'])) {
        const route = row.facts?.route;
        if (!route) continue;
        const name = `${route.from}\u0000${route.to}`;
        const current = routes.get(name);
        routes.set(name, { from: route.from, to: route.to, flights: (current?.flights ?? 0) + 1, figures: addFigures(current?.figures ?? ZERO, row.figures) });
      }
      return [...routes.values()]
        .sort((a, b) => byNetDescending(a.figures, b.figures) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to))
        .slice(0, TOP_COUNT)
        .map((row) => ({ from: row.from, to: row.to, flights: row.flights, revenue: present(row.figures) }));
    },

    async cancellationRate(range: TimeRange) {
      guard(range);
      const { byStatus } = await readModels.createdOutcomes(range);
      const count = (status: BookingStatus): number => byStatus.get(status) ?? 0;
      const bookings = [...byStatus.values()].reduce((sum, n) => sum + n, 0);
      return { bookings, cancelled: count('Cancelled'), expired: count('Expired'), paymentFailed: count('PaymentFailed'), confirmed: count('Confirmed'), rate: rateOf(count('Cancelled'), bookings) };
    },

    async bookingFunnel(range: TimeRange) {
      guard(range);
      const [events, listingClicks, outcomes] = await Promise.all([
        activity.traceEventCounts(range, [TRACE_EVENTS.search, TRACE_EVENTS.listingView]),
        activity.countListingClicks(range),
        readModels.createdOutcomes(range),
      ]);
      const searches = events.get(TRACE_EVENTS.search) ?? 0;
      const listingViews = events.get(TRACE_EVENTS.listingView) ?? 0;
      const bookings = [...outcomes.byStatus.values()].reduce((sum, n) => sum + n, 0);
      return {
        from: range.from,
        to: range.to,
        searches,
        listingViews,
        listingClicks,
        bookings,
        paidBookings: outcomes.paid,
        searchToViewRate: rateOf(listingViews, searches),
        viewToBookingRate: rateOf(bookings, listingViews),
        searchToBookingRate: rateOf(bookings, searches),
      };
    },

    async topSearchedRoutes(range: TimeRange, limit: number) {
      guard(range, Number.isInteger(limit) && limit >= 1 && limit <= 100 ? [] : [{ path: 'limit', message: 'must be between 1 and 100' }]);
      return activity.searchedFlightRoutes(range, limit);
    },
  };
}

export type BookingAnalytics = ReturnType<typeof createBookingAnalytics>;
