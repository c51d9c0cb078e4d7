import { forbidden, requireUser } from '@kayak/common';
import type { QueryResolvers } from '../generated/graphql.js';

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
};
