import { loadInfraConfig } from '@kayak/common/config';
import { Redis } from 'ioredis';
import { dataDir } from '../paths.js';
import { aptInstall, findExecutable, spawnDetached, waitUntil, type Detached } from '../process.js';
import { down, endpoint, errorCode, message, UNREACHABLE, type ServiceDefinition } from './service.js';

export const redisService: ServiceDefinition = {
  name: 'redis',
  label: 'Redis',
  url: (config) => config.REDIS_URL,
  host: (config) => endpoint(config.REDIS_URL, 6379).host,
  async probe(config) {
    const redis = new Redis(config.REDIS_URL, { lazyConnect: true, connectTimeout: 1500, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      await redis.ping();
      return { state: 'up' };
    } catch (error) {
      if (UNREACHABLE.has(errorCode(error)) || /ECONNREFUSED|connect/i.test(message(error))) return down;
      return { state: 'broken', problem: message(error) };
    } finally {
      redis.disconnect();
    }
  },
  install() {
    if (!findExecutable('redis-server')) aptInstall(['redis-server'], 'Redis');
  },
  async start(config) {
    const { port } = endpoint(config.REDIS_URL, 6379);
    const server = spawnDetached('redis', findExecutable('redis-server') ?? 'redis-server', [
      '--bind', '127.0.0.1', '--port', String(port), '--dir', dataDir('redis'), '--save', '', '--appendonly', 'no', '--daemonize', 'no',
    ]);
    await waitUntil('Redis', async () => (await redisService.probe(config)).state === 'up', { timeoutMs: 20_000, process: server });
    return server;
  },
};

/**
 * Starts a Redis server named `instance` on `port` (no persistence; log and pid file under .stack/),
 * e.g. a private server a fault test may stop without disturbing the shared one.
 */
export async function startRedisInstance(instance: string, port: number): Promise<Detached> {
  redisService.install();
  const config = loadInfraConfig({ REDIS_URL: `redis://127.0.0.1:${port}` });
  const server = spawnDetached(instance, findExecutable('redis-server') ?? 'redis-server', [
    '--bind', '127.0.0.1', '--port', String(port), '--dir', dataDir(instance), '--save', '', '--appendonly', 'no', '--daemonize', 'no',
  ]);
  await waitUntil(`Redis (${instance})`, async () => (await redisService.probe(config)).state === 'up', { timeoutMs: 20_000, process: server });
  return server;
}
