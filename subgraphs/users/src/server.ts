import { fileURLToPath } from 'node:url';
import { checkHealth, connectMongo, createLogger, createRedis, mongoProbe, redisProbe, startSubgraph, type AppConfig } from '@kayak/common';
import type { UsersContext } from './context.js';
import { resolvers } from './resolvers/index.js';

const schemaPath = fileURLToPath(new URL('./schema.graphql', import.meta.url));

export interface UsersServerOptions {
  config: AppConfig;
  /** Defaults to USERS_PORT; tests pass 0. */
  port?: number;
  /** Defaults to MONGO_DB; tests pass their own database name. */
  mongoDb?: string;
}

export async function createServer({ config, port = config.USERS_PORT, mongoDb = config.MONGO_DB }: UsersServerOptions) {
  const logger = createLogger('users', config.LOG_LEVEL);
  const mongo = await connectMongo(config.MONGO_URL, mongoDb);
  const redis = createRedis(config.REDIS_URL);
  const health = () => checkHealth('users', [mongoProbe(mongo.db), redisProbe(redis)]);

  const server = await startSubgraph<UsersContext>({
    name: 'users',
    schemaPath,
    resolvers,
    host: config.HOST,
    port,
    gatewaySecret: config.GATEWAY_SECRET,
    logger,
    buildContext: (base) => ({ ...base, health }),
    onClose: async () => {
      redis.disconnect();
      await mongo.close();
    },
  });
  return { ...server, logger, mongo, redis };
}
