import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RouteHandler } from './http.js';
import type { Logger } from './logger.js';

/**
 * Prometheus metrics of a subgraph process (docs/observability.md#metrics): one registry per
 * server, every series labelled `service="<subgraph>"`, served at GET /metrics by startSubgraph.
 * Requests cost two counter increments and one histogram observation; everything else (pools,
 * consumer lag, outbox backlog) is read when Prometheus scrapes, in `collect` callbacks.
 */

/** Latency buckets (seconds) shared by the gateway and the subgraphs, so their quantiles compare. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * Node's process metrics (CPU, memory, event loop, GC) belong to the process, so they are collected
 * once per process however many services it runs (the tests and the bench run all four subgraphs
 * in one): a second event-loop monitor and GC observer per service would be pure overhead. They
 * carry the `service` of the first registry created, the only one in a deployed process.
 */
let processMetrics: Registry | null = null;

/** The registry of one service (every series labelled `service`); GET /metrics adds the process metrics. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (!processMetrics) {
    processMetrics = new Registry();
    processMetrics.setDefaultLabels({ service });
    collectDefaultMetrics({ register: processMetrics });
  }
  return registry;
}

/**
 * Label values taken from clients (operation names, error codes) only while few and well-formed:
 * a client sending random names must not grow the series without bound.
 */
export function boundedLabels(limit: number, fallback = 'anonymous'): (value: string | null | undefined) => string {
  const seen = new Set<string>();
  return (value) => {
    if (!value || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(value)) return fallback;
    if (seen.has(value)) return value;
    if (seen.size >= limit) return 'other';
    seen.add(value);
    return value;
  };
}

/** Request rate, errors by `extensions.code` and latency per operation, as an Apollo Server plugin. */
export function requestMetricsPlugin<C extends BaseContext>(registry: Registry): ApolloServerPlugin<C> {
  const requests = new Counter({ name: 'subgraph_requests_total', help: 'GraphQL requests by operation and outcome (ok, or error when the response has errors)', labelNames: ['operation', 'outcome'], registers: [registry] });
  const duration = new Histogram({ name: 'subgraph_request_duration_seconds', help: 'GraphQL request latency by operation', labelNames: ['operation'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const errors = new Counter({ name: 'subgraph_errors_total', help: 'GraphQL errors by extensions.code', labelNames: ['code'], registers: [registry] });
  const operationLabel = boundedLabels(200);
  const codeLabel = boundedLabels(50, 'INTERNAL_SERVER_ERROR');
  return {
    async requestDidStart() {
      const started = performance.now();
      let failed = false;
      return {
        async didEncounterErrors(requestContext) {
          failed = true;
          for (const error of requestContext.errors) {
            const code = error.extensions.code;
            errors.inc({ code: codeLabel(typeof code === 'string' ? code : undefined) });
          }
        },
        async willSendResponse(requestContext) {
          const operation = operationLabel(requestContext.operationName ?? requestContext.request.operationName);
          requests.inc({ operation, outcome: failed ? 'error' : 'ok' });
          duration.observe({ operation }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}

/** GET /metrics: the service's registry and the process metrics, in Prometheus text format. */
export function metricsRoute(registry: Registry, logger: Logger): RouteHandler {
  return async (_req, res) => {
    try {
      const [own, processText] = await Promise.all([registry.metrics(), processMetrics?.metrics() ?? '']);
      const text = `${own}\n${processText}`;
      res.setHeader('content-type', registry.contentType);
      res.end(text);
    } catch (error) {
      logger.warn({ err: error }, 'metrics scrape failed');
      res.statusCode = 500;
      res.end();
    }
  };
}

/**
 * One read shared by the metrics a scrape fills from it: prom-client starts every metric's
 * `collect` of a scrape at once, so they all await the same read (a Kafka or SQL call), which is
 * forgotten once it settled: the next scrape reads afresh.
 */
export function sharedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    if (pending) return pending;
    const current = read().finally(() => {
      if (pending === current) pending = null;
    });
    pending = current;
    return current;
  };
}

/** A connection pool at one instant. */
export interface PoolStats {
  /** Connections lent out to a query or transaction. */
  active: number;
  /** Open connections waiting in the pool. */
  idle: number;
  /** Requests waiting for a connection. */
  pending: number;
}

export interface ObservedPool {
  /** The `pool` label: `mongo`, `mariadb`, `mariadb-relay`, … */
  name: string;
  stats(): PoolStats;
}

/** `db_pool_connections{pool,state}` and `db_pool_pending_requests{pool}`, read at scrape time. */
export function registerPoolMetrics(registry: Registry, pools: ObservedPool[]): void {
  new Gauge({
    name: 'db_pool_connections',
    help: 'Connections of a database pool by state (active: lent out; idle: open in the pool)',
    labelNames: ['pool', 'state'],
    registers: [registry],
    collect() {
      for (const pool of pools) {
        const { active, idle } = pool.stats();
        this.set({ pool: pool.name, state: 'active' }, active);
        this.set({ pool: pool.name, state: 'idle' }, idle);
      }
    },
  });
  new Gauge({
    name: 'db_pool_pending_requests',
    help: 'Requests waiting for a connection of a database pool',
    labelNames: ['pool'],
    registers: [registry],
    collect() {
      for (const pool of pools) this.set({ pool: pool.name }, pool.stats().pending);
    },
  });
}
