import { fileURLToPath } from 'node:url';
import {
  checkHealth,
  connectMongo,
  createDomainEvents,
  createKafka,
  createLogger,
  createRedis,
  ensureCollections,
  kafkaProbe,
  mongoProbe,
  redisProbe,
  ResponseCache,
  createMetricsRegistry,
  registerConsumerMetrics,
  registerPoolMetrics,
  startSubgraph,
  type AppConfig,
  type ConsumerSettings,
  type DomainEventOptions,
  type EventConsumer,
} from '@kayak/common';
import { consumerProbe } from '@kayak/common/consumer-probe';
import { createContext, type ListingsContext } from './context.js';
import { createAvailabilityConsumer, DEFAULT_CONSUMER_SETTINGS, type AvailabilityConsumerSettings, type MessagePosition } from './events/availabilityConsumer.js';
import { createRatingConsumer, DEFAULT_RATING_CONSUMER_SETTINGS } from './events/ratingConsumer.js';
import { resyncAvailability, type ResyncReport } from './events/resync.js';
import { AvailabilityBlockRepository } from './repositories/availabilityBlocks.js';
import { collections } from './repositories/indexes.js';
import { LISTING_EVENT_TYPES } from './repositories/listingEvents.js';
import { createListingRepositories, listingSources } from './repositories/listings.js';
import { RatingRepository } from './repositories/ratings.js';
import { ReferenceDataRepository, seedReferenceData } from './repositories/referenceData.js';
import { DEFAULT_SEARCH_CACHE_TTL_SECONDS, SearchCache, searchCachePrefix } from './repositories/searchCache.js';
import { resolvers } from './resolvers/index.js';
import { DEFAULT_REFERENCE_REFRESH_MS, ReferenceDirectory } from './services/airports.js';
import { SearchService } from './services/search.js';

const schemaPath = fileURLToPath(new URL('./schema.graphql', import.meta.url));

export interface ListingsServerOptions {
  config: AppConfig;
  /** Defaults to LISTINGS_PORT; tests pass 0. */
  port?: number;
  /** Defaults to MONGO_DB; tests pass their own database name. */
  mongoDb?: string;
  /** Start the availability consumer with the server (index.ts does; tests may start it themselves). */
  startAvailabilityConsumer?: boolean;
  /** Consumer group and topics; tests use their own. */
  availabilityConsumer?: Partial<AvailabilityConsumerSettings>;
  /** Start the consumer of the reviews subgraph's rating events with the server (index.ts does). */
  startRatingConsumer?: boolean;
  ratingConsumer?: Partial<ConsumerSettings>;
  /** Fault injection for tests: runs after each event's write, before its offset commit. */
  beforeCommit?: (position: MessagePosition) => Promise<void>;
  /** Kafka session timeout of the consumers; defaults to CONSUMER_SESSION_TIMEOUT_MS (fault tests shorten it). */
  consumerSessionTimeoutMs?: number;
  searchCacheTtlSeconds?: number;
  /** How often the in-process airport/airline directory re-reads its collections (docs/airports.md). */
  referenceRefreshMs?: number;
  /** `listing.*` events (docs/events.md): always recorded with the change; `relay` publishes them (index.ts: unless EVENT_RELAY=off). */
  domainEvents?: DomainEventOptions;
}

export async function createServer({ config, port = config.LISTINGS_PORT, mongoDb = config.MONGO_DB, ...options }: ListingsServerOptions) {
  const logger = createLogger('listings', config.LOG_LEVEL);
  const mongo = await connectMongo(config.MONGO_URL, mongoDb);
  const redis = createRedis(config.REDIS_URL);
  const kafka = createKafka(config.KAFKA_BROKERS, 'listings');
  const kafkaAdmin = kafka.admin();

  const metrics = createMetricsRegistry('listings');
  const domainEvents = createDomainEvents({ db: mongo.db, service: 'listings', sources: listingSources, types: LISTING_EVENT_TYPES, brokers: config.KAFKA_BROKERS, logger, metrics, options: options.domainEvents });
  const repositories = createListingRepositories(mongo.db, domainEvents.writer);
  const blocks = new AvailabilityBlockRepository(mongo.db);
  const responseCache = new ResponseCache(redis, logger, mongoDb);
  const cache = new SearchCache(redis, logger, searchCachePrefix(mongoDb), responseCache, options.searchCacheTtlSeconds ?? DEFAULT_SEARCH_CACHE_TTL_SECONDS);
  const referenceData = new ReferenceDataRepository(mongo.db);
  const reference = new ReferenceDirectory(() => referenceData.loadAll(), logger);
  const search = new SearchService(repositories, blocks, cache, reference);
  const itinerarySettings = { minConnectionMinutes: config.ITINERARY_MIN_CONNECTION_MINUTES, maxLayoverMinutes: config.ITINERARY_MAX_LAYOVER_MINUTES };
  const settings = { ...DEFAULT_CONSUMER_SETTINGS, ...options.availabilityConsumer };
  const supervision = {
    readiness: { maxLag: config.CONSUMER_MAX_LAG, stallMs: config.CONSUMER_STALL_MS },
    restartBackoff: { maxMs: config.CONSUMER_RESTART_MAX_MS },
    sessionTimeoutMs: options.consumerSessionTimeoutMs ?? config.CONSUMER_SESSION_TIMEOUT_MS,
  };
  const availabilityConsumer = createAvailabilityConsumer({ kafka, admin: kafkaAdmin, blocks, cache, logger, settings, beforeCommit: options.beforeCommit, ...supervision });
  const ratingConsumer = createRatingConsumer({
    kafka,
    admin: kafkaAdmin,
    ratings: new RatingRepository(mongo.db),
    cache,
    logger,
    settings: { ...DEFAULT_RATING_CONSUMER_SETTINGS, ...options.ratingConsumer },
    ...supervision,
  });
  /** The consumers this process runs: they decide its readiness and fill its /metrics. */
  const runningConsumers = (): Array<EventConsumer<unknown>> => [availabilityConsumer, ratingConsumer].filter((consumer) => consumer.started) as Array<EventConsumer<unknown>>;
  const readiness = async () => {
    const consumers = await Promise.all(runningConsumers().map((consumer) => consumer.readiness()));
    return { ready: consumers.every((consumer) => consumer.ready), consumers };
  };

  registerPoolMetrics(metrics, [{ name: 'mongo', stats: mongo.pool }]);
  registerConsumerMetrics(metrics, () => Promise.all(runningConsumers().map((consumer) => consumer.metricsSample())));

  const baseProbes = [mongoProbe(mongo.db), redisProbe(redis), kafkaProbe(kafkaAdmin)];
  // A consumer counts towards health only in a process that runs it.
  const health = () =>
    checkHealth('listings', [
      ...baseProbes,
      ...(availabilityConsumer.started ? [consumerProbe('availability-consumer', availabilityConsumer)] : []),
      ...(ratingConsumer.started ? [consumerProbe('rating-consumer', ratingConsumer)] : []),
    ]);

  // The consumer's idempotence rests on the unique booking_id index: the subgraph makes sure its
  // collections and indexes exist (db:init does the same for every subgraph; both are idempotent).
  await ensureCollections(mongo.db, collections);
  // Validation rejects airport codes the reference data does not know, so the subgraph never runs
  // without it: the facts of src/data/ are upserted (idempotent), then held in process.
  await seedReferenceData(mongo.db);
  await reference.refresh();
  reference.startRefreshing(options.referenceRefreshMs ?? DEFAULT_REFERENCE_REFRESH_MS);
  if (options.startAvailabilityConsumer) await availabilityConsumer.start();
  if (options.startRatingConsumer) await ratingConsumer.start();

  const server = await startSubgraph<ListingsContext>({
    name: 'listings',
    schemaPath,
    resolvers,
    host: config.HOST,
    port,
    gatewaySecret: config.GATEWAY_SECRET,
    logger,
    buildContext: (base) => createContext(base, { repositories, blocks, cache, search, reference, referenceData, itinerarySettings, health, consumerHealth: () => availabilityConsumer.health() }),
    readiness,
    metrics,
    onClose: async () => {
      reference.stop();
      await domainEvents.close();
      await availabilityConsumer.stop();
      await ratingConsumer.stop();
      await kafkaAdmin.disconnect();
      redis.disconnect();
      await mongo.close();
    },
  });

  /** Rebuilds availability_blocks by replaying the consumer's topics with a fresh group. */
  const resync = (): Promise<ResyncReport> => resyncAvailability({ kafka, admin: kafkaAdmin, blocks, cache, logger, topics: settings.topics });

  return { ...server, logger, mongo, redis, availabilityConsumer, ratingConsumer, resync, eventRelay: domainEvents.relay, reference };
}
