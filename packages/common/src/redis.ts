import { SpanKind, trace } from '@opentelemetry/api';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { failSpan, tracer } from './telemetry.js';

/**
 * A Redis connection that fails fast while Redis is down, so callers fall back to the database
 * (caches must degrade, never error). Commands issued before the first connection completes
 * are queued; after that the offline queue is off, so an outage costs no waiting.
 */
export function createRedis(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  redis.once('ready', () => {
    redis.options.enableOfflineQueue = false;
  });
  redis.on('error', () => undefined); // reconnects by itself; callers log failed commands
  traceRedisCommands(redis);
  return redis;
}

/**
 * One CLIENT span per command sent inside a recorded trace (ioredis has no hooks: every command,
 * pipelined or not, passes through sendCommand, wrapped here on this connection only).
 */
function traceRedisCommands(redis: Redis): void {
  const spans = tracer('ioredis');
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, stream) => {
    if (trace.getActiveSpan()?.isRecording()) {
      const span = spans.startSpan(`redis ${command.name}`, { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'redis', 'db.operation.name': command.name } });
      command.promise.then(
        () => span.end(),
        (error: unknown) => {
          failSpan(span, error);
          span.end();
        },
      );
    }
    return send(command, stream);
  };
}

export interface JsonCache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  delete(...keys: string[]): Promise<void>;
}

/** JSON values under a key prefix; every Redis failure is logged and treated as a miss. */
export function createJsonCache(redis: Redis, prefix: string, logger: Logger): JsonCache {
  const full = (key: string): string => `${prefix}:${key}`;
  return {
    async get<T>(key: string): Promise<T | undefined> {
      try {
        const raw = await redis.get(full(key));
        return raw === null ? undefined : (JSON.parse(raw) as T);
      } catch (error) {
        logger.warn({ err: error, key }, 'cache read failed; using the database');
        return undefined;
      }
    },
    async set(key, value, ttlSeconds) {
      try {
        await redis.set(full(key), JSON.stringify(value), 'EX', ttlSeconds);
      } catch (error) {
        logger.warn({ err: error, key }, 'cache write failed');
      }
    },
    async delete(...keys) {
      if (keys.length === 0) return;
      try {
        await redis.del(...keys.map(full));
      } catch (error) {
        logger.warn({ err: error, keys }, 'cache invalidation failed');
      }
    },
  };
}
