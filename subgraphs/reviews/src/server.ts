import { fileURLToPath } from 'node:url';
import {
  checkHealth,
  connectMongo,
  createKafka,
  createLogger,
  createMetricsRegistry,
  createRedis,
  ensureCollections,
  mongoProbe,
  RATING_TOPIC,
  redisProbe,
  registerConsumerMetrics,
  registerPoolMetrics,
  startSubgraph,
  type AppConfig,
  type ConsumerSettings,
} from '@kayak/common';
import { consumerProbe } from '@kayak/common/consumer-probe';
import { bookingsVerifierFor, type BookingVerifier } from './clients/bookingVerifier.js';
import { listingDirectoryFor, type ListingDirectory } from './clients/listingDirectory.js';
import { createContext, type ReviewsContext, type ReviewsDependencies } from './context.js';
import { createAnalyticsConsumer, DEFAULT_ANALYTICS_CONSUMER_SETTINGS } from './events/analyticsConsumer.js';
import { createRatingRelay, kafkaRatingSink, type RatingEventSink } from './events/ratingRelay.js';
import { createActivityRepository } from './repositories/activity.js';
import { createAnalyticsRepository } from './repositories/analytics.js';
import { createImageRepository } from './repositories/images.js';
import { collections } from './repositories/indexes.js';
import { createListingRatingRepository } from './repositories/listingRatings.js';
import { createRetention, type TtlIndexTarget } from './repositories/retention.js';
import { createReviewRepository } from './repositories/reviews.js';
import { resolvers } from './resolvers/index.js';
import { createActivityBuffer, type ActivityBufferOptions } from './services/activityBuffer.js';

const schemaPath = fileURLToPath(new URL('./schema.graphql', import.meta.url));

export interface ReviewsServerOptions {
  config: AppConfig;
  /** Defaults to REVIEWS_PORT; tests pass 0. */
  port?: number;
  /** Defaults to MONGO_DB; tests pass their own database name. */
  mongoDb?: string;
  /** Who decides "has a Confirmed booking"; defaults to the bookings subgraph at BOOKINGS_URL. */
  bookingVerifier?: BookingVerifier;
  /** Which listings exist; defaults to the listings subgraph at LISTINGS_URL. */
  listingDirectory?: ListingDirectory;
  activity?: ActivityBufferOptions;
  retention?: { days?: number; purgeIntervalMs?: number; target?: TtlIndexTarget };
  /**
   * Rating events to the listings subgraph (docs/ratings.md). Changes are always recorded in the
   * outbox; `start` runs the publishing loop (on in index.ts). Without `sink`, `start` publishes
   * to Kafka on `topic` (default RATING_TOPIC).
   */
  ratingEvents?: { start?: boolean; topic?: string; sink?: RatingEventSink; intervalMs?: number };
  /**
   * The analytics consumer (docs/analytics.md): builds analytics_bookings / analytics_listings
   * from the booking and listing events. `start` (on in index.ts, off by default so tests that do
   * not need Kafka do not join the group); tests pass their own group.
   */
  analyticsConsumer?: { start?: boolean; settings?: Partial<ConsumerSettings> };
}

export const DEFAULT_RETENTION_DAYS = 90;

export async function createServer({ config, port = config.REVIEWS_PORT, mongoDb = config.MONGO_DB, ...options }: ReviewsServerOptions) {
  const logger = createLogger('reviews', config.LOG_LEVEL);
  const mongo = await connectMongo(config.MONGO_URL, mongoDb);
  const metrics = createMetricsRegistry('reviews');
  registerPoolMetrics(metrics, [{ name: 'mongo', stats: mongo.pool }]);
  const redis = createRedis(config.REDIS_URL);

  await ensureCollections(mongo.db, collections);
  const reviewRepository = createReviewRepository(mongo.db);
  const listingRatingRepository = createListingRatingRepository(mongo.db);
  const imageRepository = createImageRepository(mongo.db);
  const activityRepository = createActivityRepository(mongo.db);
  const analyticsRepository = createAnalyticsRepository(mongo.db);

  const kafka = createKafka(config.KAFKA_BROKERS, 'reviews');
  const kafkaAdmin = kafka.admin();
  const analyticsConsumer = createAnalyticsConsumer({
    kafka,
    admin: kafkaAdmin,
    readModels: analyticsRepository,
    logger,
    settings: { ...DEFAULT_ANALYTICS_CONSUMER_SETTINGS, ...options.analyticsConsumer?.settings },
    readiness: { maxLag: config.CONSUMER_MAX_LAG, stallMs: config.CONSUMER_STALL_MS },
    restartBackoff: { maxMs: config.CONSUMER_RESTART_MAX_MS },
    sessionTimeoutMs: config.CONSUMER_SESSION_TIMEOUT_MS,
  });
  // The consumer counts towards health, readiness and /metrics only in a process that runs it.
  const health = () => checkHealth('reviews', [mongoProbe(mongo.db), redisProbe(redis), ...(analyticsConsumer.started ? [consumerProbe('analytics-consumer', analyticsConsumer)] : [])]);
  const readiness = async () => {
    const consumers = analyticsConsumer.started ? [await analyticsConsumer.readiness()] : [];
    return { ready: consumers.every((consumer) => consumer.ready), consumers };
  };
  registerConsumerMetrics(metrics, async () => (analyticsConsumer.started ? [await analyticsConsumer.metricsSample()] : []));

  const retention = createRetention({
    db: mongo.db,
    logger,
    retentionDays: options.retention?.days ?? DEFAULT_RETENTION_DAYS,
    purgeIntervalMs: options.retention?.purgeIntervalMs ?? 60 * 60 * 1000,
    ...(options.retention?.target ? { target: options.retention.target } : {}),
  });
  await retention.start();

  const activityBuffer = createActivityBuffer(activityRepository, logger, options.activity);
  activityBuffer.start();

  const startRelay = options.ratingEvents?.start ?? false;
  const sink = options.ratingEvents?.sink ?? (startRelay ? kafkaRatingSink(config.KAFKA_BROKERS, options.ratingEvents?.topic ?? RATING_TOPIC) : undefined);
  const ratingRelay = createRatingRelay({
    ratings: listingRatingRepository,
    logger,
    ...(sink ? { sink } : {}),
    ...(options.ratingEvents?.intervalMs ? { intervalMs: options.ratingEvents.intervalMs } : {}),
  });
  if (startRelay) ratingRelay.start();

  const dependencies: ReviewsDependencies = {
    reviews: reviewRepository,
    listingRatings: listingRatingRepository,
    images: imageRepository,
    activity: activityRepository,
    analytics: analyticsRepository,
    activityBuffer,
    ratingRelay,
    bookings: options.bookingVerifier ?? bookingsVerifierFor(config.BOOKINGS_URL, config.GATEWAY_SECRET),
    listings: options.listingDirectory ?? listingDirectoryFor(config.LISTINGS_URL, config.GATEWAY_SECRET),
    health,
  };

  const closeBackground = async (): Promise<void> => {
    await analyticsConsumer.stop();
    await kafkaAdmin.disconnect();
    await activityBuffer.close();
    await ratingRelay.close();
    await retention.close();
    redis.disconnect();
    await mongo.close();
  };

  let server;
  try {
    if (options.analyticsConsumer?.start) await analyticsConsumer.start();
    server = await startSubgraph<ReviewsContext>({
      name: 'reviews',
      schemaPath,
      resolvers,
      host: config.HOST,
      port,
      gatewaySecret: config.GATEWAY_SECRET,
      logger,
      metrics,
      buildContext: (base) => createContext(base, dependencies),
      readiness,
      // After the HTTP server stopped: buffered activity is written before Mongo closes.
      onClose: closeBackground,
    });
  } catch (error) {
    await closeBackground();
    throw error;
  }
  return { ...server, logger, mongo, redis, activity: activityBuffer, retention, ratingRelay, analyticsConsumer, analytics: analyticsRepository };
}
