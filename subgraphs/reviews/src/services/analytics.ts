import { badUserInput, LISTING_TYPES, requirePermission, type FieldError, type ListingType, type Viewer } from '@kayak/common';
import type { ListingClickCountModel, Page, TraceModel } from '../models.js';
import { traceCursorOf, type ActivityRepository, type TimeRange } from '../repositories/activity.js';
import type { AnalyticsRepository } from '../repositories/analytics.js';
import type { ReviewRepository } from '../repositories/reviews.js';
import { createBookingAnalytics } from './bookingAnalytics.js';
import { checkFirst, decodeCursor, encodeCursor } from './pagination.js';
import { EMPTY_COUNTS, summarize } from './ratings.js';
import { checkLabel } from './validation.js';

const MAX_WINDOW_DAYS = 366;
const DAY_MS = 24 * 60 * 60 * 1000;

export function checkWindow(errors: FieldError[], path: string, window: TimeRange): void {
  const span = window.to.getTime() - window.from.getTime();
  if (span <= 0) errors.push({ path: `${path}.to`, message: 'must be after from' });
  else if (span > MAX_WINDOW_DAYS * DAY_MS) errors.push({ path: `${path}.to`, message: `must be at most ${MAX_WINDOW_DAYS} days after from` });
}

const fail = (errors: FieldError[]): void => {
  if (errors.length > 0) throw badUserInput(errors);
};

export interface TraceConnection {
  nodes: TraceModel[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface AnalyticsServiceDeps {
  activity: ActivityRepository;
  reviews: ReviewRepository;
  /** The booking and listing read models of the analytics consumer. */
  readModels: AnalyticsRepository;
}

/** Analytics for the Analytics Admin role (Super Admin passes too). One per request (its viewer). */
export function createAnalyticsService({ activity, reviews, readModels }: AnalyticsServiceDeps, viewer: Viewer) {
  return {
    ...createBookingAnalytics({ readModels, activity }, viewer),

    async topListingsByClicks(window: TimeRange, listingType: ListingType | null, first: number): Promise<ListingClickCountModel[]> {
      requirePermission(viewer, 'analytics:read');
      const errors: FieldError[] = [];
      checkWindow(errors, 'window', window);
      if (!Number.isInteger(first) || first < 1 || first > 100) errors.push({ path: 'first', message: 'must be between 1 and 100' });
      fail(errors);
      return activity.topListingsByClicks(window, listingType, first);
    },

    async pageClickCounts(window: TimeRange): Promise<Array<{ page: string; clicks: number }>> {
      requirePermission(viewer, 'analytics:read');
      const errors: FieldError[] = [];
      checkWindow(errors, 'window', window);
      fail(errors);
      return activity.pageClickCounts(window);
    },

    async reviewCountsByListingType(window: TimeRange | null): Promise<Array<{ listingType: ListingType; reviews: number; averageRating: number | null }>> {
      requirePermission(viewer, 'analytics:read');
      const errors: FieldError[] = [];
      if (window) checkWindow(errors, 'window', window);
      fail(errors);
      const counts = await reviews.ratingCountsByListingType(window);
      return LISTING_TYPES.map((listingType) => {
        const summary = summarize(counts.get(listingType) ?? EMPTY_COUNTS);
        return { listingType, reviews: summary.count, averageRating: summary.average };
      });
    },

    async cohortTraces(cohortKey: string, window: TimeRange | null, first: number, after: string | null): Promise<TraceConnection> {
      requirePermission(viewer, 'analytics:read');
      const errors: FieldError[] = [...checkFirst(first)];
      checkLabel(errors, 'cohortKey', cohortKey, 100);
      if (window) checkWindow(errors, 'window', window);
      fail(errors);
      const cursor = decodeCursor(after, 'TRACES_NEWEST');
      const [page, totalCount]: [Page<TraceModel>, number] = await Promise.all([
        activity.cohortTraces(cohortKey, window, first, cursor),
        activity.countCohortTraces(cohortKey, window),
      ]);
      const last = page.nodes.at(-1);
      return { nodes: page.nodes, pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? encodeCursor(traceCursorOf(last)) : null }, totalCount };
    },

    async cohortEventCounts(cohortKey: string, window: TimeRange | null): Promise<Array<{ type: string; count: number }>> {
      requirePermission(viewer, 'analytics:read');
      const errors: FieldError[] = [];
      checkLabel(errors, 'cohortKey', cohortKey, 100);
      if (window) checkWindow(errors, 'window', window);
      fail(errors);
      return activity.cohortEventCounts(cohortKey, window);
    },
  };
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
