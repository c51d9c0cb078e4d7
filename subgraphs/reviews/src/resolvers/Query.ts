import { forbidden, requireUser } from '@kayak/common';
import type { QueryResolvers } from '../generated/graphql.js';
import { listingRef } from './listingRefs.js';

const windowOf = (window: { from: Date; to: Date } | null | undefined) => (window ? { from: window.from, to: window.to } : null);

export const Query: QueryResolvers = {
  reviewsHealth: (_parent, _args, context) => context.health(),

  review: (_parent, { reviewId }, context) => context.loaders.reviewById.load(reviewId),

  myReviews: (_parent, args, context) => {
    const viewer = requireUser(context.viewer);
    if (viewer.kind !== 'user') throw forbidden('Only users write reviews');
    return context.reviewLists.forAuthor(viewer.userId, args);
  },

  topListingsByClicks: (_parent, { window, listingType, first }, context) =>
    context.analytics.topListingsByClicks({ from: window.from, to: window.to }, listingType ?? null, first ?? 10),

  pageClickCounts: (_parent, { window }, context) => context.analytics.pageClickCounts({ from: window.from, to: window.to }),

  reviewCountsByListingType: (_parent, { window }, context) => context.analytics.reviewCountsByListingType(windowOf(window)),

  cohortTraces: (_parent, { cohortKey, window, first, after }, context) =>
    context.analytics.cohortTraces(cohortKey, windowOf(window), first ?? 20, after ?? null),

  cohortEventCounts: (_parent, { cohortKey, window }, context) => context.analytics.cohortEventCounts(cohortKey, windowOf(window)),

  revenueByDay: (_parent, { from, to }, context) => context.analytics.revenueByDay({ from, to }),

  revenueByListingType: (_parent, { from, to }, context) => context.analytics.revenueByListingType({ from, to }),

  revenueByCity: (_parent, { from, to, first, after }, context) => context.analytics.revenueByCity({ from, to }, first ?? 20, after ?? null),

  topPropertiesByRevenue: async (_parent, { from, to }, context) =>
    (await context.analytics.topPropertiesByRevenue({ from, to })).map((row) => ({ ...row, listing: listingRef(row.listingType, row.listingId) })),

  topRoutesByRevenue: (_parent, { from, to }, context) => context.analytics.topRoutesByRevenue({ from, to }),

  cancellationRate: (_parent, { from, to }, context) => context.analytics.cancellationRate({ from, to }),

  bookingFunnel: (_parent, { from, to }, context) => context.analytics.bookingFunnel({ from, to }),

  topSearchedRoutes: (_parent, { from, to, limit }, context) => context.analytics.topSearchedRoutes({ from, to }, limit ?? 10),
};
