import { fileURLToPath } from 'node:url';
import { checkHealth, connectMongo, createDomainEvents, createJsonCache, createMetricsRegistry, createLogger, createRateLimiter, createRedis, mongoProbe, redisProbe, registerPoolMetrics, startSubgraph, type AppConfig, type DomainEventOptions } from '@kayak/common';
import { createContext, type UsersContext } from './context.js';
import { AdminsRepository } from './repositories/admins.js';
import { USER_EVENT_TYPES, USERS_SOURCE } from './repositories/userEvents.js';
import { UsersRepository } from './repositories/users.js';
import { resolvers } from './resolvers/index.js';
import { createAuthThrottle, DEFAULT_AUTH_THROTTLE, type AuthThrottleRules } from './services/throttle.js';

const schemaPath = fileURLToPath(new URL('./schema.graphql', import.meta.url));

export interface UsersServerOptions {
  config: AppConfig;
  /** Defaults to USERS_PORT; tests pass 0. */
  port?: number;
  /** Defaults to MONGO_DB; tests pass their own database name. */
  mongoDb?: string;
  /** Login and registration limits (docs/auth.md); tests lower them. */
  throttle?: Partial<AuthThrottleRules>;
  /** `user.*` events (docs/events.md): always recorded with the change; `relay` publishes them (index.ts: unless EVENT_RELAY=off). */
  domainEvents?: DomainEventOptions;
}

export async function createServer({ config, port = config.USERS_PORT, mongoDb = config.MONGO_DB, throttle, domainEvents: eventOptions }: UsersServerOptions) {
  const logger = createLogger('users', config.LOG_LEVEL);
  const mongo = await connectMongo(config.MONGO_URL, mongoDb);
  const metrics = createMetricsRegistry('users');
  registerPoolMetrics(metrics, [{ name: 'mongo', stats: mongo.pool }]);
  const redis = createRedis(config.REDIS_URL);
  const health = () => checkHealth('users', [mongoProbe(mongo.db), redisProbe(redis)]);
  // The cache namespace includes the database, so deployments (and test databases) sharing one Redis never mix users.
  const cache = createJsonCache(redis, `users:${mongoDb}:user`, logger);
  const domainEvents = createDomainEvents({ db: mongo.db, service: 'users', sources: [USERS_SOURCE], types: USER_EVENT_TYPES, brokers: config.KAFKA_BROKERS, logger, metrics, options: eventOptions });
  const dependencies = {
    users: new UsersRepository(mongo.db, cache, domainEvents.writer),
    admins: new AdminsRepository(mongo.db),
    jwtSecret: config.JWT_SECRET,
    throttle: createAuthThrottle(createRateLimiter(redis, logger, { prefix: `ratelimit:users:${mongoDb}:` }), config.JWT_SECRET, { ...DEFAULT_AUTH_THROTTLE, ...throttle }),
    health,
  };

  const server = await startSubgraph<UsersContext>({
    name: 'users',
    schemaPath,
    resolvers,
    host: config.HOST,
    port,
    gatewaySecret: config.GATEWAY_SECRET,
    logger,
    metrics,
    buildContext: (base) => createContext(base, dependencies),
    onClose: async () => {
      await domainEvents.close();
      redis.disconnect();
      await mongo.close();
    },
  });
  return { ...server, logger, mongo, redis, cache, eventRelay: domainEvents.relay };
}
