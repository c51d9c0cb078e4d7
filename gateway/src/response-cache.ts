import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { ResponseCache } from '@kayak/common';
import { print, type DocumentNode } from 'graphql';
import type { GatewayContext } from './context.js';
import type { GatewayMetrics } from './metrics.js';

/**
 * The gateway's response cache (packages/common/src/response-cache.ts holds the Redis side).
 *
 * - Read: anonymous queries only (no access token): a signed-in viewer's answer may depend on who
 *   they are. The key is the printed (normalised) operation, its name and its variables.
 * - Write: an answer without errors whose cache policy — the subgraphs' hints, merged by the
 *   gateway from their Cache-Control headers — is public with a max age; kept that long (at most
 *   `maxAgeSeconds`), tagged with the entities the subgraphs reported.
 * - Invalidate: after a mutation, the tags its subgraphs reported (the listings and reviews it
 *   changed); the listings consumers invalidate what booking and rating events change.
 */
export function responseCachePlugin(cache: ResponseCache, metrics: GatewayMetrics, maxAgeSeconds: number): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let key: string | undefined;
      let startedAt: number | undefined;
      return {
        async responseForOperation(requestContext) {
          if (!cacheable(requestContext)) return null;
          key = cacheKey(requestContext.document, requestContext.operationName, requestContext.request.variables);
          const found = await cache.lookup(key);
          if (!found) return null;
          if (!found.hit) {
            startedAt = found.startedAt;
            metrics.responseCache.inc({ outcome: 'miss' });
            return null;
          }
          metrics.responseCache.inc({ outcome: 'hit' });
          requestContext.overallCachePolicy.replace({ maxAge: Math.max(0, Math.floor(found.ttlMs / 1000)), scope: 'PUBLIC' });
          return { http: requestContext.response.http, body: { kind: 'single', singleResult: { data: JSON.parse(found.body) as Record<string, unknown> } } };
        },

        async willSendResponse(requestContext) {
          const { response, contextValue } = requestContext;
          if (requestContext.operation?.operation === 'mutation') {
            await cache.invalidate(contextValue.cacheTags);
            return;
          }
          if (key === undefined || startedAt === undefined || response.body.kind !== 'single') return;
          const { data, errors, extensions } = response.body.singleResult;
          const policy = requestContext.overallCachePolicy.policyIfCacheable();
          if (errors || extensions?.['valueCompletion'] || !data || !policy || policy.scope === 'PRIVATE') return;
          const stored = await cache.store(key, JSON.stringify(data), Math.min(policy.maxAge, maxAgeSeconds), contextValue.cacheTags, startedAt);
          if (stored) metrics.responseCache.inc({ outcome: 'stored' });
        },
      };
    },
  };
}

function cacheable(requestContext: GraphQLRequestContext<GatewayContext>): boolean {
  return requestContext.operation?.operation === 'query' && requestContext.contextValue.viewer.kind === 'anonymous' && requestContext.document !== undefined;
}

const printed = new WeakMap<DocumentNode, string>();

/** One key per normalised operation (documents are cached by Apollo, so each is printed once) and variables. */
export function cacheKey(document: DocumentNode | undefined, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): string {
  let text = document ? printed.get(document) : '';
  if (text === undefined && document) {
    text = print(document);
    printed.set(document, text);
  }
  return createHash('sha256')
    .update(text ?? '')
    .update('\0')
    .update(operationName ?? '')
    .update('\0')
    .update(stableJson(variables ?? {}))
    .digest('base64url');
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` are one key. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${stableJson((value as Record<string, unknown>)[name])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
