import { fileURLToPath } from 'node:url';
import {
  checkHealth,
  connectMongo,
  createJsonCache,
  createKafka,
  createMetricsRegistry,
  createLogger,
  createRateLimiter,
  createRedis,
  ensureCollections,
  mongoProbe,
  redisProbe,
  registerConsumerMetrics,
  registerPoolMetrics,
  startSubgraph,
  type AppConfig,
  type ConsumerSettings,
  type DependencyHealth,
} from '@kayak/common';
import { createContext, type UsersContext } from './context.js';
import { createNotificationConsumer, DEFAULT_NOTIFICATION_CONSUMER_SETTINGS } from './events/notificationConsumer.js';
import { DEFAULT_MAIL_RELAY_SETTINGS, MailRelay, type MailRelaySettings, type MailTransport } from './mail/mailRelay.js';
import { createSmtpTransport } from './mail/transport.js';
import { AdminsRepository } from './repositories/admins.js';
import { MailsRepository } from './repositories/mails.js';
import { notificationCollections } from './repositories/notificationIndexes.js';
import { NotificationPreferencesRepository } from './repositories/notificationPreferences.js';
import { NotificationsRepository } from './repositories/notifications.js';
import { UsersRepository } from './repositories/users.js';
import { WatchesRepository } from './repositories/watches.js';
import { resolvers } from './resolvers/index.js';
import { NotificationEventService } from './services/notificationEvents.js';
import { createAuthThrottle, DEFAULT_AUTH_THROTTLE, type AuthThrottleRules } from './services/throttle.js';
import { unsubscribeKey } from './services/unsubscribeToken.js';

const schemaPath = fileURLToPath(new URL('./schema.graphql', import.meta.url));

export interface UsersServerOptions {
  config: AppConfig;
  /** Defaults to USERS_PORT; tests pass 0. */
  port?: number;
  /** Defaults to MONGO_DB; tests pass their own database name. */
  mongoDb?: string;
  /** Login and registration limits (docs/auth.md); tests lower them. */
  throttle?: Partial<AuthThrottleRules>;
  /** Start the consumer of listing and booking events that makes notifications (index.ts does; tests that need it too). */
  startNotificationConsumer?: boolean;
  /** Consumer group and topics; tests use their own. */
  notificationConsumer?: Partial<ConsumerSettings>;
  /** Start the relay that sends the queued notification mails over SMTP (index.ts does). */
  startMailRelay?: boolean;
  mailRelay?: Partial<MailRelaySettings>;
  /** Defaults to SMTP over SMTP_HOST:SMTP_PORT (nodemailer). */
  mailTransport?: MailTransport;
}

export async function createServer({ config, port = config.USERS_PORT, mongoDb = config.MONGO_DB, throttle, ...options }: UsersServerOptions) {
  const logger = createLogger('users', config.LOG_LEVEL);
  const mongo = await connectMongo(config.MONGO_URL, mongoDb);
  const metrics = createMetricsRegistry('users');
  registerPoolMetrics(metrics, [{ name: 'mongo', stats: mongo.pool }]);
  const redis = createRedis(config.REDIS_URL);
  // The cache namespace includes the database, so deployments (and test databases) sharing one Redis never mix users.
  const cache = createJsonCache(redis, `users:${mongoDb}:user`, logger);
  const users = new UsersRepository(mongo.db, cache);

  // Notifications (docs/notifications.md): the event consumer writes them and queues mails, the relay sends the mails.
  const stores = {
    notifications: new NotificationsRepository(mongo.db),
    watches: new WatchesRepository(mongo.db),
    preferences: new NotificationPreferencesRepository(mongo.db),
    unsubscribeKey: unsubscribeKey(config.UNSUBSCRIBE_SECRET, config.JWT_SECRET),
  };
  const mails = new MailsRepository(mongo.db);
  const transport = options.mailTransport ?? createSmtpTransport(config);
  const mailRelay = new MailRelay({
    mails,
    notifications: stores.notifications,
    preferences: stores.preferences,
    users,
    transport,
    logger,
    metrics,
    settings: { ...DEFAULT_MAIL_RELAY_SETTINGS, from: config.SMTP_FROM, publicWebUrl: config.PUBLIC_WEB_URL, unsubscribeKey: stores.unsubscribeKey, maxAttempts: config.MAIL_MAX_ATTEMPTS, ...options.mailRelay },
  });
  const kafka = createKafka(config.KAFKA_BROKERS, 'users');
  const kafkaAdmin = kafka.admin();
  const notificationConsumer = createNotificationConsumer({
    kafka,
    admin: kafkaAdmin,
    logger,
    settings: { ...DEFAULT_NOTIFICATION_CONSUMER_SETTINGS, ...options.notificationConsumer },
    events: new NotificationEventService({ ...stores, mails, mailQueued: () => mailRelay.notify() }),
    readiness: { maxLag: config.CONSUMER_MAX_LAG, stallMs: config.CONSUMER_STALL_MS },
    restartBackoff: { maxMs: config.CONSUMER_RESTART_MAX_MS },
    sessionTimeoutMs: config.CONSUMER_SESSION_TIMEOUT_MS,
  });
  registerConsumerMetrics(metrics, async () => (notificationConsumer.started ? [await notificationConsumer.metricsSample()] : []));

  const consumerProbe = async (): Promise<DependencyHealth> => {
    const health = await notificationConsumer.health();
    return { name: 'notification-consumer', ok: health.ready, detail: health.ready ? null : [health.notReadyReason, health.lastError].filter(Boolean).join('; ') };
  };
  const relayProbe = async (): Promise<DependencyHealth> => {
    const health = await mailRelay.health();
    const ok = health.running && health.failingRounds === 0;
    return { name: 'mail-relay', ok, detail: ok ? null : (health.lastError ?? 'not running') };
  };
  // The consumer and the relay count towards health only in a process that runs them.
  const health = () =>
    checkHealth('users', [mongoProbe(mongo.db), redisProbe(redis), ...(notificationConsumer.started ? [consumerProbe] : []), ...(mailRelay.running ? [relayProbe] : [])]);
  const readiness = async () => {
    const consumers = notificationConsumer.started ? [await notificationConsumer.readiness()] : [];
    return { ready: consumers.every((consumer) => consumer.ready), consumers };
  };

  const dependencies = {
    users,
    admins: new AdminsRepository(mongo.db),
    jwtSecret: config.JWT_SECRET,
    throttle: createAuthThrottle(createRateLimiter(redis, logger, { prefix: `ratelimit:users:${mongoDb}:` }), config.JWT_SECRET, { ...DEFAULT_AUTH_THROTTLE, ...throttle }),
    health,
    notificationStores: stores,
  };

  await ensureCollections(mongo.db, notificationCollections);
  if (options.startMailRelay) mailRelay.start();
  if (options.startNotificationConsumer) await notificationConsumer.start();

  const server = await startSubgraph<UsersContext>({
    name: 'users',
    schemaPath,
    resolvers,
    host: config.HOST,
    port,
    gatewaySecret: config.GATEWAY_SECRET,
    logger,
    metrics,
    readiness,
    buildContext: (base) => createContext(base, dependencies),
    onClose: async () => {
      await notificationConsumer.stop();
      await mailRelay.stop();
      await kafkaAdmin.disconnect();
      if ('close' in transport && typeof transport.close === 'function') transport.close();
      redis.disconnect();
      await mongo.close();
    },
  });
  return { ...server, logger, mongo, redis, cache, notificationConsumer, mailRelay };
}
