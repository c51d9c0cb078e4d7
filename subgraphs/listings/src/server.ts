import { fileURLToPath } from 'node:url';
import {
  checkHealth,
  connectMongo,
  createKafka,
  createLogger,
  createRedis,
  kafkaProbe,
  mongoProbe,
  redisProbe,
  startSubgraph,
  type AppConfig,
} from '@kayak/common';
import type { ListingsContext } from './context.js';
import { resolvers } from './resolvers/index.js';

const schemaPath = fileURLToPath(new URL('./schema.graphql', import.meta.url));

export interface ListingsServerOptions {
  config: AppConfig;
  /** Defaults to LISTINGS_PORT; tests pass 0. */
  port?: number;
  /** Defaults to MONGO_DB; tests pass their own database name. */
  mongoDb?: string;
}

export async function createServer({ config, port = config.LISTINGS_PORT, mongoDb = config.MONGO_DB }: ListingsServerOptions) {
  const logger = createLogger('listings', config.LOG_LEVEL);
  const mongo = await connectMongo(config.MONGO_URL, mongoDb);
  const redis = createRedis(config.REDIS_URL);
  const kafkaAdmin = createKafka(config.KAFKA_BROKERS, 'listings').admin();
  const health = () => checkHealth('listings', [mongoProbe(mongo.db), redisProbe(redis), kafkaProbe(kafkaAdmin)]);

  const server = await startSubgraph<ListingsContext>({
    name: 'listings',
    schemaPath,
    resolvers,
    host: config.HOST,
    port,
    gatewaySecret: config.GATEWAY_SECRET,
    logger,
    buildContext: (base) => ({ ...base, health }),
    onClose: async () => {
      await kafkaAdmin.disconnect();
      redis.disconnect();
      await mongo.close();
    },
  });
  return { ...server, logger, mongo, redis };
}
