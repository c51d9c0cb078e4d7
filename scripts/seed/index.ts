import { connectMongo, loadInfraConfig, type InfraConfig } from '@kayak/common';
import { loadEnvFile } from '@kayak/common/env';
import { fileURLToPath } from 'node:url';
import { seedBookings } from '@kayak/bookings/seed';
import { demoListingFacts, seedListings } from '@kayak/listings/seed';
import { rebuildAnalytics } from '@kayak/reviews/analytics-rebuild';
import { seedReviews } from '@kayak/reviews/seed';
import { seedUsers } from '@kayak/users/seed';

/**
 * Demo data for the Sandbox; inserts only what is missing (by business key), so it is idempotent.
 * Each subgraph owns its demo data (`@kayak/<name>/seed`); this only runs them in order and hands
 * one subgraph's facts to another (the bookings seed prices the listings seed's listings).
 */
export async function seed(config: InfraConfig): Promise<string> {
  const mongo = await connectMongo(config.MONGO_URL, config.MONGO_DB);
  try {
    const accounts = await seedUsers(mongo.db);
    const listings = await seedListings(mongo.db);
    await seedReviews(mongo.db); // demo reviews + listing images (idempotent)
    await seedBookings(config.DATABASE_URL, demoListingFacts); // 6 demo bookings + billings in MySQL (idempotent)
    // The admin dashboards' read models, from the bookings just seeded (docs/analytics.md; idempotent).
    const analytics = await rebuildAnalytics({ db: mongo.db, databaseUrl: config.DATABASE_URL });
    return `seed: ${accounts} users/admins, ${listings} listings; analytics: ${analytics.bookings.applied} bookings, ${analytics.listings.applied} listings updated`;
  } finally {
    await mongo.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  loadEnvFile();
  console.log(await seed(loadInfraConfig()));
}
