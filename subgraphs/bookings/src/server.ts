import { fileURLToPath } from 'node:url';
import {
  checkHealth,
  createKafka,
  createKafkaPublisher,
  createLogger,
  createMetricsRegistry,
  createRedis,
  kafkaProbe,
  redisProbe,
  sqlProbe,
  startSubgraph,
  type AppConfig,
  type EventPublisher,
} from '@kayak/common';
import { createEntityListingCatalog, type ListingCatalog } from './clients/listingCatalog.js';
import { createEntityUserDirectory, type UserDirectory } from './clients/userDirectory.js';
import { createContext, type BookingsContext, type BookingsDependencies } from './context.js';
import { createOutboxRelay, DEFAULT_TOPICS, type OutboxRelay, type TopicMap } from './events/outboxRelay.js';
import { registerBookingsMetrics } from './metrics.js';
import { createBookingCache } from './repositories/cache.js';
import { outboxBacklog } from './repositories/outbox.js';
import { createPooledPrisma, databaseUnavailable } from './repositories/prisma.js';
import { createSqlChargeLedger } from './repositories/simulatedCharges.js';
import { resolvers } from './resolvers/index.js';
import { createHoldSweeper } from './services/holds.js';
import { createSimulatedPaymentProvider, type PaymentProvider } from './services/paymentProvider.js';

const schemaPath = fileURLToPath(new URL('./schema.graphql', import.meta.url));

export interface OutboxOptions {
  /** Run the relay inside this process (default true). When false, events wait in MySQL. */
  enabled?: boolean;
  /** Defaults to KAFKA_BROKERS. */
  brokers?: string[];
  /** Topic per event type (default: the event type, e.g. booking.created). */
  topics?: Partial<TopicMap>;
  /** Replaces Kafka (e.g. a recording publisher in tests). */
  publisher?: EventPublisher;
  pollIntervalMs?: number;
  /** Events per relay transaction (default 100). */
  batchSize?: number;
  backoff?: { initialMs?: number; maxMs?: number };
}

export interface HoldOptions {
  /** Run the hold sweeper's loop inside this process (default true). */
  enabled?: boolean;
  /** Pause between sweeps (default 15 s). */
  intervalMs?: number;
}

export interface BookingsServerOptions {
  config: AppConfig;
  /** Defaults to BOOKINGS_PORT; tests pass 0. */
  port?: number;
  /** Defaults to DATABASE_URL; tests pass a URL naming their own migrated database. */
  databaseUrl?: string;
  /** Prices and capacity; defaults to `_entities` requests to LISTINGS_URL. */
  listingCatalog?: ListingCatalog;
  /** Existence of users admins book for; defaults to `_entities` requests to USERS_URL. */
  userDirectory?: UserDirectory;
  /** Defaults to the simulated provider (DECLINED_TEST_CARD is declined), its ledger in MySQL. */
  paymentProvider?: PaymentProvider;
  outbox?: OutboxOptions;
  /** Sees every SQL statement of request handling (Prisma query events; the relay has its own client). */
  onQuery?: (sql: string) => void;
  /** Redis key prefix of the cache (tests isolate themselves with their own). */
  cachePrefix?: string;
  holds?: HoldOptions;
  /** The clock of bookings, holds and the sweeper (tests pass one they move). */
  now?: () => Date;
}

export async function createServer(options: BookingsServerOptions) {
  const { config, port = config.BOOKINGS_PORT, databaseUrl = config.DATABASE_URL } = options;
  const logger = createLogger('bookings', config.LOG_LEVEL);
  const requestDb = createPooledPrisma(databaseUrl, options.onQuery ? { onQuery: options.onQuery } : {});
  const prisma = requestDb.prisma;
  const redis = createRedis(config.REDIS_URL);
  const kafkaAdmin = createKafka(config.KAFKA_BROKERS, 'bookings').admin();
  const cache = createBookingCache(redis, logger, options.cachePrefix);
  // The simulated provider's ledger is a table, shared by every bookings replica.
  const payments = options.paymentProvider ?? createSimulatedPaymentProvider(createSqlChargeLedger(prisma));
  const catalog = options.listingCatalog ?? createEntityListingCatalog(config.LISTINGS_URL, config.GATEWAY_SECRET);
  const users = options.userDirectory ?? createEntityUserDirectory(config.USERS_URL, config.GATEWAY_SECRET);

  // The relay has its own connection pool: publishing never waits for (or starves) requests.
  const outbox = options.outbox ?? {};
  const topics: TopicMap = { ...DEFAULT_TOPICS, ...outbox.topics };
  const relayDb = createPooledPrisma(databaseUrl);
  const relayPrisma = relayDb.prisma;
  const publisher = outbox.publisher ?? createKafkaPublisher(outbox.brokers ?? config.KAFKA_BROKERS, Object.values(topics), 'bookings-outbox');
  const relay: OutboxRelay = createOutboxRelay({
    prisma: relayPrisma,
    publisher,
    logger: logger.child({ component: 'outbox-relay' }),
    topics,
    ...(outbox.pollIntervalMs !== undefined ? { pollIntervalMs: outbox.pollIntervalMs } : {}),
    ...(outbox.batchSize !== undefined ? { batchSize: outbox.batchSize } : {}),
    ...(outbox.backoff ? { backoff: outbox.backoff } : {}),
  });
  if (outbox.enabled ?? true) relay.start();

  const health = () => checkHealth('bookings', [sqlProbe(() => prisma.$queryRaw`SELECT 1`), redisProbe(redis), kafkaProbe(kafkaAdmin)]);
  const holdMs = config.BOOKING_HOLD_MINUTES * 60_000;
  const now = options.now ?? (() => new Date());
  const notifyOutbox = (): void => relay.notify();
  const dependencies: BookingsDependencies = { prisma, cache, catalog, users, payments, notifyOutbox, holdMs, now, logger, health };

  const metrics = createMetricsRegistry('bookings');
  const sweepObserver = registerBookingsMetrics(metrics, {
    pools: [
      { name: 'mariadb', stats: requestDb.pool },
      { name: 'mariadb-relay', stats: relayDb.pool },
    ],
    // On the relay's pool: a scrape never waits behind (or delays) requests.
    outboxBacklog: () => outboxBacklog(relayPrisma),
  });

  const sweeper = createHoldSweeper({
    prisma,
    payments,
    cache,
    logger: logger.child({ component: 'hold-sweeper' }),
    notifyOutbox,
    holdMs,
    now,
    observer: sweepObserver,
    ...(options.holds?.intervalMs !== undefined ? { intervalMs: options.holds.intervalMs } : {}),
  });
  if (options.holds?.enabled ?? true) sweeper.start();

  const server = await startSubgraph<BookingsContext>({
    name: 'bookings',
    schemaPath,
    resolvers,
    host: config.HOST,
    port,
    gatewaySecret: config.GATEWAY_SECRET,
    logger,
    metrics,
    buildContext: (base) => createContext(base, dependencies),
    classifyError: databaseUnavailable,
    onClose: async () => {
      await sweeper.stop();
      await relay.stop();
      await publisher.close();
      await kafkaAdmin.disconnect();
      redis.disconnect();
      await relayPrisma.$disconnect();
      await prisma.$disconnect();
    },
  });
  return { ...server, logger, prisma, redis, relay, payments, sweeper };
}
