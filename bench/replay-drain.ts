import { connectMongo, createKafka, createLogger, createRedis, ensureCollections, ResponseCache, type AppConfig } from '@kayak/common';
import { collections } from '@kayak/listings/indexes';
import { createAvailabilityConsumer } from '../subgraphs/listings/src/events/availabilityConsumer.js';
import { AvailabilityBlockRepository } from '../subgraphs/listings/src/repositories/availabilityBlocks.js';
import { SearchCache } from '../subgraphs/listings/src/repositories/searchCache.js';

export interface ReplayDrain {
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/**
 * How fast the availability consumer drains a backlog: a fresh consumer group (the listings code,
 * in this process) reads every booking event the run has published so far, from the beginning of
 * the bench's topics, into an empty scratch database, and is timed from joining its group until it
 * has handled them all. Every event is a real apply (a block insert or update and the listing's
 * hold entry), since the scratch database starts empty.
 */
export async function measureReplayDrain(config: AppConfig, topics: string[], deadLetterTopic: string, runId: string, timeoutMs: number): Promise<ReplayDrain> {
  const scratch = `${config.MONGO_DB}_drain`;
  const mongo = await connectMongo(config.MONGO_URL, scratch);
  const redis = createRedis(config.REDIS_URL);
  const logger = createLogger('bench-drain', 'warn');
  const kafka = createKafka(config.KAFKA_BROKERS, 'bench-drain');
  const admin = kafka.admin();
  const groupId = `${runId}-replay-drain`;
  await admin.connect();
  try {
    await mongo.db.dropDatabase();
    await ensureCollections(mongo.db, collections.filter((spec) => spec.collection === 'availability_blocks' || spec.collection === 'listing_holds'));
    let events = 0;
    for (const topic of topics) for (const partition of await admin.fetchTopicOffsets(topic)) events += Number(partition.high) - Number(partition.low);
    const consumer = createAvailabilityConsumer({
      kafka,
      admin,
      blocks: new AvailabilityBlockRepository(mongo.db),
      cache: new SearchCache(redis, logger, `${scratch}:search`, new ResponseCache(redis, logger, scratch)),
      logger,
      settings: { groupId, topics, deadLetterTopic },
    });
    await consumer.start();
    const started = performance.now();
    try {
      while ((await consumer.health()).processed < events && performance.now() - started < timeoutMs) await new Promise((resolve) => setTimeout(resolve, 100));
      const seconds = (performance.now() - started) / 1000;
      const processed = (await consumer.health()).processed;
      return { events: processed, seconds: Math.round(seconds * 10) / 10, eventsPerSecond: Math.round((processed / seconds) * 10) / 10 };
    } finally {
      await consumer.stop();
    }
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
    await mongo.db.dropDatabase().catch(() => undefined);
    await mongo.close();
    redis.disconnect();
  }
}
