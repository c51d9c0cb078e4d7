import { BOOKING_TOPICS, connectMongo, createKafka, createLogger, createRedis, loadInfraConfig, ResponseCache } from '@kayak/common';
import { loadEnvFile } from '@kayak/common/env';
import { resyncAvailability } from './events/resync.js';
import { AvailabilityBlockRepository } from './repositories/availabilityBlocks.js';
import { SearchCache, searchCachePrefix } from './repositories/searchCache.js';

/**
 * `npm run listings:resync`: rebuilds availability_blocks of MONGO_DB by replaying the booking
 * topics from the beginning with a fresh consumer group. Safe while the listings subgraph runs.
 */
loadEnvFile();
const config = loadInfraConfig();
const logger = createLogger('listings-resync', process.env.LOG_LEVEL ?? 'info');
const mongo = await connectMongo(config.MONGO_URL, config.MONGO_DB);
const redis = createRedis(config.REDIS_URL);
const kafka = createKafka(config.KAFKA_BROKERS, 'listings-resync');
const admin = kafka.admin();
try {
  const report = await resyncAvailability({
    kafka,
    admin,
    blocks: new AvailabilityBlockRepository(mongo.db),
    // The listings server's cache of the same database, so its cached searches are invalidated.
    cache: new SearchCache(redis, logger, searchCachePrefix(config.MONGO_DB), new ResponseCache(redis, logger, config.MONGO_DB)),
    logger,
    topics: BOOKING_TOPICS,
  });
  console.log(
    `listings:resync: replayed ${report.events} events (${report.applied} applied, ${report.unchanged} unchanged, ${report.malformed} malformed skipped); removed ${report.removed} stale blocks`,
  );
} catch (error) {
  console.error('listings:resync failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await admin.disconnect();
  redis.disconnect();
  await mongo.close();
}
