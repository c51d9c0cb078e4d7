import cluster, { type Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AggregatorRegistry, type Registry } from 'prom-client';

/**
 * GATEWAY_WORKERS: the gateway runs as that many processes sharing one port (node:cluster; the
 * primary hands out connections round-robin), so planning and result shaping use every core.
 * Workers share nothing in memory: APQ, rate limits and partner keys already live in Redis and
 * MongoDB. The primary restarts a worker that dies, forwards shutdown signals, and aggregates
 * the workers' Prometheus metrics so that GET /metrics on any worker reports the whole gateway.
 */

const METRICS_REQUEST = 'kayak:gateway-metrics';
const METRICS_REPLY = 'kayak:gateway-metrics-reply';

interface MetricsRequest {
  type: typeof METRICS_REQUEST;
  id: string;
}

interface MetricsReply {
  type: typeof METRICS_REPLY;
  id: string;
  text?: string;
  error?: string;
}

const isMessage = <T extends { type: string }>(message: unknown, type: T['type']): message is T =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;

/** Runs `startWorker` in this process (1 worker) or in `workers` forked processes. */
export async function runGateway(workers: number, startWorker: () => Promise<void>, logger: Logger): Promise<void> {
  if (workers <= 1 || cluster.isWorker) return startWorker();

  const aggregator = new AggregatorRegistry();
  const workersRunning = new Set<Worker>();
  /** Workers that have listened once: one that dies before is failing to start, not crashing. */
  const listened = new WeakSet<Worker>();
  let stopping = false;

  const fork = (): void => {
    const worker = cluster.fork();
    workersRunning.add(worker);
    worker.once('listening', () => listened.add(worker));
    worker.on('message', (message: unknown) => {
      if (!isMessage<MetricsRequest>(message, METRICS_REQUEST)) return;
      aggregator.clusterMetrics().then(
        (text) => worker.send({ type: METRICS_REPLY, id: message.id, text } satisfies MetricsReply),
        (error: unknown) => worker.send({ type: METRICS_REPLY, id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies MetricsReply),
      );
    });
  };

  cluster.on('exit', (worker, code, signal) => {
    workersRunning.delete(worker);
    if (stopping) {
      if (workersRunning.size === 0) process.exit(0);
      return;
    }
    if (!listened.has(worker)) {
      logger.fatal({ pid: worker.process.pid, code, signal }, 'gateway worker failed to start; stopping');
      stopping = true;
      for (const other of workersRunning) other.process.kill('SIGTERM');
      if (workersRunning.size === 0) process.exit(1);
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'gateway worker died; starting another');
    fork();
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal, workers: workersRunning.size }, 'shutting down gateway workers');
      for (const worker of workersRunning) worker.process.kill('SIGTERM');
      if (workersRunning.size === 0) process.exit(0);
    });
  }

  logger.info({ workers }, 'starting gateway workers');
  for (let index = 0; index < workers; index += 1) fork();
}

/**
 * The text of GET /metrics: this process's registry alone, or in a cluster worker, the metrics of
 * every worker as the primary aggregates them (its own registry registered for that).
 */
export function metricsSource(registry: Registry): () => Promise<string> {
  if (!cluster.isWorker) return () => registry.metrics();
  // prom-client answers the primary's requests for this worker's metrics once an aggregator
  // exists in the worker (its constructor installs that listener), from the registries set here.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  const pending = new Map<string, { resolve: (text: string) => void; reject: (error: Error) => void }>();
  process.on('message', (message: unknown) => {
    if (!isMessage<MetricsReply>(message, METRICS_REPLY)) return;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.text !== undefined) waiter.resolve(message.text);
    else waiter.reject(new Error(message.error ?? 'metrics aggregation failed'));
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = randomUUID();
      pending.set(id, { resolve, reject });
      process.send?.({ type: METRICS_REQUEST, id } satisfies MetricsRequest);
      setTimeout(() => {
        if (pending.delete(id)) reject(new Error('metrics aggregation timed out'));
      }, 5_000).unref();
    });
}
