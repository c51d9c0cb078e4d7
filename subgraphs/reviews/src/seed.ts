import type { Db } from 'mongodb';
import { rebuildListingRatings } from './repositories/listingRatings.js';

/**
 * Demo reviews of the demo listings by the demo users, plus a few listing images. Idempotent:
 * reviews are upserted by their business key (user, listing type, listing id), images by URL.
 * Seeded reviews skip the confirmed-booking rule (they are demo content, not user input).
 */

const DAY = 24 * 60 * 60 * 1000;
const USERS = ['123-45-6789', '234-56-7890', '345-67-8901'];

const listings: Array<{ type: 'Flight' | 'Hotel' | 'Car'; id: string }> = [
  ...Array.from({ length: 12 }, (_, index) => ({ type: 'Flight' as const, id: `FL${String(index + 1).padStart(3, '0')}` })),
  ...Array.from({ length: 4 }, (_, index) => ({ type: 'Hotel' as const, id: `HTL${String(index + 1).padStart(3, '0')}` })),
  ...Array.from({ length: 4 }, (_, index) => ({ type: 'Car' as const, id: `CAR${String(index + 1).padStart(3, '0')}` })),
];

const texts: Record<'Flight' | 'Hotel' | 'Car', Record<number, [string, string]>> = {
  Flight: {
    1: ['Never again', 'Four hours late and no one told us why.'],
    2: ['Cramped and late', 'Seats were tight and boarding was chaotic.'],
    3: ['Fine for the price', 'Nothing special, but it got me there.'],
    4: ['Smooth flight', 'Friendly crew and we landed early.'],
    5: ['Excellent service', 'Comfortable seats, great crew, on time.'],
  },
  Hotel: {
    1: ['Disappointing', 'The room was not cleaned during our stay.'],
    2: ['Noisy', 'Thin walls and a loud street outside.'],
    3: ['Decent stay', 'Clean room, slow check-in.'],
    4: ['Great location', 'Walkable to everything; breakfast was good.'],
    5: ['Loved it', 'Spotless rooms and wonderful staff.'],
  },
  Car: {
    1: ['Broken AC', 'The air conditioning did not work.'],
    2: ['Long wait', 'Pickup took over an hour.'],
    3: ['As expected', 'Car was fine, a bit worn.'],
    4: ['Easy rental', 'Quick pickup and a clean car.'],
    5: ['Perfect', 'Brand-new car and a painless return.'],
  },
};

/** Deterministic ratings from 2 to 5, plus one 1-star review (FL004) so the histogram shows every bucket. */
const ratingFor = (listingIndex: number, userIndex: number): number => (listingIndex === 3 && userIndex === 0 ? 1 : 2 + ((listingIndex * 7 + userIndex * 3) % 4));

function reviewersOf(listingIndex: number): number[] {
  const reviewers = new Set([listingIndex % USERS.length]);
  if (listingIndex % 2 === 0) reviewers.add((listingIndex + 1) % USERS.length);
  if (listingIndex % 5 === 0) reviewers.add((listingIndex + 2) % USERS.length);
  return [...reviewers];
}

export function demoReviews(now: Date = new Date()): Array<Record<string, unknown>> {
  return listings.flatMap((listing, listingIndex) =>
    reviewersOf(listingIndex).map((userIndex) => {
      const rating = ratingFor(listingIndex, userIndex);
      const [title, comment] = texts[listing.type][rating] ?? ['Review', 'No comment.'];
      const createdAt = new Date(now.getTime() - (1 + ((listingIndex * 3 + userIndex) % 60)) * DAY);
      return { user_id: USERS[userIndex], entity_type: listing.type, entity_id: listing.id, rating, title, comment, created_at: createdAt, updated_at: createdAt };
    }),
  );
}

function demoImages(now: Date): Array<Record<string, unknown>> {
  return listings
    .filter((listing) => listing.type !== 'Flight')
    .flatMap((listing) =>
      ['exterior', 'interior'].map((view) => ({
        entity_type: listing.type,
        entity_id: listing.id,
        image_url: `https://images.example.com/${listing.type.toLowerCase()}s/${listing.id.toLowerCase()}-${view}.jpg`,
        metadata: { caption: `${listing.id} ${view}`, width: 1200, height: 800 },
        created_at: now,
        updated_at: now,
      })),
    );
}

/** Returns the number of reviews inserted by this run (0 when everything was already there). */
export async function seedReviews(db: Db): Promise<number> {
  const now = new Date();
  const reviews = demoReviews(now);
  const result = await db.collection('reviews').bulkWrite(
    reviews.map((review) => ({
      updateOne: {
        filter: { user_id: review.user_id, entity_type: review.entity_type, entity_id: review.entity_id },
        update: { $setOnInsert: review },
        upsert: true,
      },
    })),
    { ordered: false },
  );
  // The listings' rating summaries follow the reviews just inserted, and are marked for publication
  // to the listings subgraph (docs/ratings.md), exactly as after a createReview.
  if (result.upsertedCount > 0) await rebuildListingRatings(db, now);
  await db.collection('images').bulkWrite(
    demoImages(now).map((image) => ({
      updateOne: { filter: { entity_type: image.entity_type, entity_id: image.entity_id, image_url: image.image_url }, update: { $setOnInsert: image }, upsert: true },
    })),
    { ordered: false },
  );
  return result.upsertedCount;
}
