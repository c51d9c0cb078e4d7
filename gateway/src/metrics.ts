import { boundedLabels, LATENCY_BUCKETS } from '@kayak/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one gateway instance, served at GET /metrics. */
export interface GatewayMetrics {
  registry: Registry;
  requests: Counter<'operation' | 'outcome'>;
  requestDuration: Histogram<'operation'>;
  errors: Counter<'code'>;
  subgraphFetchDuration: Histogram<'subgraph' | 'outcome'>;
  /** Connection failures to a subgraph replica, how (never-sent, connection-lost), and whether another replica was tried. */
  subgraphReplicaFailures: Counter<'subgraph' | 'failure' | 'retried'>;
  /** Response cache lookups (hit, miss) and stores. */
  responseCache: Counter<'outcome'>;
  /** Query-plan cache lookups (hit, miss). */
  queryPlanCache: Counter<'outcome'>;
  /** Operation names become label values only while few and well-formed (bounded cardinality). */
  operationLabel(name: string | null | undefined): string;
}

export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gateway_' });
  const buckets = LATENCY_BUCKETS;
  return {
    registry,
    requests: new Counter({ name: 'gateway_requests_total', help: 'GraphQL requests by operation and outcome (ok or error)', labelNames: ['operation', 'outcome'], registers: [registry] }),
    requestDuration: new Histogram({ name: 'gateway_request_duration_seconds', help: 'GraphQL request latency by operation', labelNames: ['operation'], buckets, registers: [registry] }),
    errors: new Counter({ name: 'gateway_errors_total', help: 'GraphQL errors by extensions.code', labelNames: ['code'], registers: [registry] }),
    subgraphFetchDuration: new Histogram({ name: 'gateway_subgraph_fetch_duration_seconds', help: 'Latency of fetches to each subgraph', labelNames: ['subgraph', 'outcome'], buckets, registers: [registry] }),
    queryPlanCache: new Counter({ name: 'gateway_query_plan_cache_total', help: 'Query-plan cache lookups (hit or miss: a miss plans the operation)', labelNames: ['outcome'], registers: [registry] }),
    subgraphReplicaFailures: new Counter({
      name: 'gateway_subgraph_replica_failures_total',
      help: 'Connection failures to a subgraph replica (refused: never-sent, reset: connection-lost) and whether the request was sent to another replica',
      labelNames: ['subgraph', 'failure', 'retried'],
      registers: [registry],
    }),
    responseCache: new Counter({ name: 'gateway_response_cache_total', help: 'Response cache lookups (hit or miss) and stored answers', labelNames: ['outcome'], registers: [registry] }),
    operationLabel: boundedLabels(200),
  };
}
