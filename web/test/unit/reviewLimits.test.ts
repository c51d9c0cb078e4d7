import { describe, expect, it } from 'vitest';
import { MAX_COMMENT, MAX_TITLE, validateCreateReview } from '../../../subgraphs/reviews/src/services/reviews.js';
import { REVIEW_LIMITS } from '../../src/reviewLimits.js';

describe('the review form hints', () => {
  it('name the limits the reviews subgraph enforces', () => {
    expect(REVIEW_LIMITS.maxTitle).toBe(MAX_TITLE);
    expect(REVIEW_LIMITS.maxComment).toBe(MAX_COMMENT);
    const input = { listingType: 'Hotel' as const, listingId: 'HTL001', title: 'Fine', comment: 'Fine' };
    expect(validateCreateReview({ ...input, rating: REVIEW_LIMITS.minRating })).toEqual([]);
    expect(validateCreateReview({ ...input, rating: REVIEW_LIMITS.maxRating })).toEqual([]);
    expect(validateCreateReview({ ...input, rating: REVIEW_LIMITS.minRating - 1 }).map((error) => error.path)).toEqual(['input.rating']);
    expect(validateCreateReview({ ...input, rating: REVIEW_LIMITS.maxRating + 1 }).map((error) => error.path)).toEqual(['input.rating']);
  });
});
