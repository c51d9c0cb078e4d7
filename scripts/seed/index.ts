import { connectMongo, loadInfraConfig, type InfraConfig } from '@kayak/common';
import { fileURLToPath } from 'node:url';
import { loadEnvFile } from '../env.js';
import { seedBookings } from './bookings.js';
import { seedListings } from './listings.js';
import { seedReviews } from './reviews.js';
import { seedUsers } from './users.js';

/** Demo data for the Sandbox; inserts only what is missing (by business key), so it is idempotent. */
export async function seed(config: InfraConfig): Promise<string> {
  const mongo = await connectMongo(config.MONGO_URL, config.MONGO_DB);
  try {
    const accounts = await seedUsers(mongo.db);
    const listings = await seedListings(mongo.db);
    await seedReviews(mongo.db); // demo reviews + listing images (idempotent)
    await seedBookings(config.DATABASE_URL); // 6 demo bookings + billings in MySQL (idempotent)
    return `seed: ${accounts} users/admins, ${listings} listings`;
  } finally {
    await mongo.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  loadEnvFile();
  console.log(await seed(loadInfraConfig()));
}
