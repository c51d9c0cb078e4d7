import { connectMongo, ensureCollections, loadInfraConfig } from '@kayak/common';
import { loadEnvFile } from '@kayak/common/env';
import { collections } from './repositories/indexes.js';
import { rebuildAnalytics } from './services/analyticsRebuild.js';

/**
 * `npm run analytics:rebuild -w @kayak/reviews [-- --reset]`: builds the analytics read models of
 * MONGO_DB from the bookings in MySQL (DATABASE_URL) and the listings in Mongo. Without --reset it
 * merges into what is there (safe while the reviews subgraph runs); --reset empties them first.
 */
loadEnvFile();
const config = loadInfraConfig();
const reset = process.argv.includes('--reset');
const mongo = await connectMongo(config.MONGO_URL, config.MONGO_DB);
try {
  await ensureCollections(mongo.db, collections);
  const report = await rebuildAnalytics({ db: mongo.db, databaseUrl: config.DATABASE_URL, reset });
  const line = (outcomes: Record<string, number>) => Object.entries(outcomes).map(([outcome, count]) => `${count} ${outcome}`).join(', ');
  console.log(`analytics:rebuild${reset ? ' --reset' : ''}: bookings ${line(report.bookings)}${report.skipped ? ` (${report.skipped} skipped)` : ''}; listings ${line(report.listings)}`);
} catch (error) {
  console.error('analytics:rebuild failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await mongo.close();
}
