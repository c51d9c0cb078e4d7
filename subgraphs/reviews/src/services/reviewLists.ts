import { badUserInput, DEFAULT_PAGE_SIZE, requirePermission, type Viewer } from '@kayak/common';
import type { Loaders } from '../loaders.js';
import type { ListingKey, ReviewModel } from '../models.js';
import { cursorOf, listingKeyOf, type ReviewOrder, type ReviewOwner } from '../repositories/reviews.js';
import { checkFirst, decodeCursor, encodeCursor } from './pagination.js';
import { EMPTY_COUNTS, summarize, type RatingSummary } from './ratings.js';

export interface ReviewConnection {
  nodes: ReviewModel[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface ListArgs {
  first?: number | null;
  after?: string | null;
  sort?: ReviewOrder | null;
}

/** Read side of reviews for one request: connections and summaries through the loaders. */
export function createReviewLists(loaders: Loaders, viewer: Viewer) {
  const connection = async (owner: ReviewOwner, args: ListArgs, totalCount: () => Promise<number>): Promise<ReviewConnection> => {
    const errors = checkFirst(args.first);
    if (errors.length > 0) throw badUserInput(errors);
    const order = args.sort ?? 'NEWEST';
    const first = args.first ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(args.after, order);
    const [page, total] = await Promise.all([loaders.reviewPages.load({ owner, request: { order, first, after } }), totalCount()]);
    const last = page.nodes.at(-1);
    return { nodes: page.nodes, pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? encodeCursor(cursorOf(last, order)) : null }, totalCount: total };
  };

  const countsOf = async (listing: ListingKey) => (await loaders.ratingsByListing.load(listingKeyOf(listing.listingType, listing.listingId)))?.counts ?? EMPTY_COUNTS;

  return {
    async ratingSummary(listing: ListingKey): Promise<RatingSummary> {
      return summarize(await countsOf(listing));
    },

    /** Public: anyone may read a listing's reviews. The total comes from the listing's rating summary. */
    forListing(listing: ListingKey, args: ListArgs): Promise<ReviewConnection> {
      return connection({ kind: 'listing', ...listing }, args, async () => summarize(await countsOf(listing)).count);
    },

    /** A user's reviews reveal their SSN-keyed history (reviews:read-author). */
    forAuthor(userId: string, args: ListArgs): Promise<ReviewConnection> {
      requirePermission(viewer, 'reviews:read-author', userId);
      return connection({ kind: 'user', userId }, { ...args, sort: 'NEWEST' }, () => loaders.reviewCountByAuthor.load(userId));
    },
  };
}

export type ReviewLists = ReturnType<typeof createReviewLists>;
