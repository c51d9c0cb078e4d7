import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { savedOperations } from '../../src/allowlist.js';
import { createQueryPlanCache, planBytes } from '../../src/plan-cache.js';
import { loadGatewaySettings } from '../../src/config.js';
import { defaultOperationDirs } from '../../src/server.js';
import { composeSupergraph, readSupergraphConfig } from '../../src/supergraph.js';

type Plan = Parameters<ReturnType<typeof createQueryPlanCache>['set']>[1];

describe('query-plan cache', () => {
  // Sizing: the plans of every saved operation (gateway/operations and the client's documents), as
  // @apollo/gateway measures them, against the default size of the cache.
  it('holds the plans of every saved operation many times over at its default size', () => {
    const supergraph = Supergraph.build(composeSupergraph(readSupergraphConfig()).supergraphSdl);
    const planner = new QueryPlanner(supergraph);
    const operations = savedOperations(defaultOperationDirs);
    const sizes = operations.map((document) => planBytes(planner.buildQueryPlan(operationFromDocument(supergraph.apiSchema(), document))));
    const total = sizes.reduce((sum, size) => sum + size, 0);
    const defaultBytes = loadGatewaySettings({}).queryPlanCacheMiB * 1024 * 1024;
    expect(operations.length).toBeGreaterThan(20);
    // docs/gateway.md quotes these figures.
    console.info(`query plans of ${operations.length} saved operations: ${total} bytes in all, largest ${Math.max(...sizes)} bytes`);
    expect(total * 50).toBeLessThan(defaultBytes);
  });

  it('counts hits and misses, and evicts by size', async () => {
    const registry = new Registry();
    const lookups = new Counter({ name: 'plans_total', help: 'lookups', labelNames: ['outcome'], registers: [registry] });
    const cache = createQueryPlanCache(1, lookups);
    const plan = { kind: 'QueryPlan', node: { kind: 'Fetch', operation: 'x'.repeat(600 * 1024) } } as unknown as Plan;
    expect(await cache.get('a')).toBeUndefined();
    await cache.set('a', plan);
    expect(await cache.get('a')).toBe(plan);
    await cache.set('b', plan); // 2 × 600 KiB > 1 MiB: the least recently used goes
    expect(await cache.get('a')).toBeUndefined();
    const counts = Object.fromEntries((await lookups.get()).values.map((value) => [value.labels.outcome, value.value]));
    expect(counts).toEqual({ hit: 1, miss: 2 });
  });
});
