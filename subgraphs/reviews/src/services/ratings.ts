import type { RatingCounts } from '../models.js';

export interface RatingSummary {
  average: number | null;
  count: number;
  histogram: Array<{ rating: number; count: number }>;
}

export const EMPTY_COUNTS: RatingCounts = { counts: [0, 0, 0, 0, 0] };

/** Average, count and histogram from per-rating counts (a listing's stored histogram). */
export function summarize({ counts }: RatingCounts): RatingSummary {
  const count = counts.reduce((total, n) => total + n, 0);
  const sum = counts.reduce((total, n, index) => total + n * (index + 1), 0);
  return {
    // Integer arithmetic until the last step, so 4.125 rounds to 4.13 deterministically.
    average: count === 0 ? null : Math.round((sum * 100) / count) / 100,
    count,
    histogram: counts.map((n, index) => ({ rating: index + 1, count: n })),
  };
}
