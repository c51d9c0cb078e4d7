import { fileURLToPath } from 'node:url';
import {
  checkHealth,
  createKafka,
  createLogger,
  createRedis,
  kafkaProbe,
  redisProbe,
  sqlProbe,
  startSubgraph,
  type AppConfig,
} from '@kayak/common';
import type { BookingsContext } from './context.js';
import { createPrisma } from './repositories/prisma.js';
import { resolvers } from './resolvers/index.js';

const schemaPath = fileURLToPath(new URL('./schema.graphql', import.meta.url));

export interface BookingsServerOptions {
  config: AppConfig;
  /** Defaults to BOOKINGS_PORT; tests pass 0. */
  port?: number;
  /** Defaults to DATABASE_URL; tests pass a URL naming their own migrated database. */
  databaseUrl?: string;
}

export async function createServer({ config, port = config.BOOKINGS_PORT, databaseUrl = config.DATABASE_URL }: BookingsServerOptions) {
  const logger = createLogger('bookings', config.LOG_LEVEL);
  const prisma = createPrisma(databaseUrl);
  const redis = createRedis(config.REDIS_URL);
  const kafkaAdmin = createKafka(config.KAFKA_BROKERS, 'bookings').admin();
  const health = () => checkHealth('bookings', [sqlProbe(() => prisma.$queryRaw`SELECT 1`), redisProbe(redis), kafkaProbe(kafkaAdmin)]);

  const server = await startSubgraph<BookingsContext>({
    name: 'bookings',
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
      await prisma.$disconnect();
    },
  });
  return { ...server, logger, prisma, redis };
}
