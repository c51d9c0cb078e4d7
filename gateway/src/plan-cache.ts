import type { GatewayConfig } from '@apollo/gateway';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { Counter } from 'prom-client';

export type QueryPlanCache = NonNullable<NonNullable<GatewayConfig['queryPlannerConfig']>['cache']>;
type QueryPlan = QueryPlanCache extends { get(key: string): Promise<infer P | undefined> } ? P : never;

/** What @apollo/gateway itself counts a plan as: its JSON size in bytes. */
export const planBytes = (plan: unknown): number => Buffer.byteLength(JSON.stringify(plan), 'utf8');

/**
 * The gateway's query-plan cache: @apollo/gateway's own LRU (plans sized by their JSON), sized by
 * GATEWAY_QUERY_PLAN_CACHE_MIB, with hits and misses counted in
 * `gateway_query_plan_cache_total{outcome}`. A miss costs a query planning (milliseconds for
 * the flagship); docs/gateway.md has the sizes of our saved operations' plans.
 */
export function createQueryPlanCache(maxMiB: number, lookups: Counter<'outcome'>): QueryPlanCache {
  const plans = new InMemoryLRUCache<QueryPlan>({ maxSize: maxMiB * 1024 * 1024, sizeCalculation: planBytes });
  return {
    async get(key) {
      const plan = await plans.get(key);
      lookups.inc({ outcome: plan ? 'hit' : 'miss' });
      return plan;
    },
    set: (key, plan, options) => plans.set(key, plan, options),
    delete: (key) => plans.delete(key),
    clear: () => plans.clear(),
  };
}
