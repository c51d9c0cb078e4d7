import { randomUUID } from 'node:crypto';
import { AppError } from './errors.js';
import { GATEWAY_ASSERTION_HEADER, REQUEST_ID_HEADER, signGatewayAssertion, type Viewer } from './auth.js';
import { ReplicaSet, sendToReplicas } from './replicas.js';

/**
 * Subgraph-to-subgraph entity fetches (`_entities`), for a subgraph that needs data another one
 * owns (e.g. bookings asking listings for a price). It authenticates like the gateway does, so
 * the owner applies its own rules; one call resolves a whole batch of representations.
 */
export interface EntityClient {
  fetch<T>(representations: Array<Record<string, unknown>>, selection: string, viewer: Viewer, requestId?: string): Promise<Array<T | null>>;
}

/**
 * `urls`: the owner's `<NAME>_URL`, one URL or a comma-separated list of replicas. `_entities` only
 * reads, so a fetch whose replica dies is sent to the next one (packages/common/src/replicas.ts).
 */
export function createEntityClient(urls: string, gatewaySecret: string): EntityClient {
  const replicas = new ReplicaSet(urls);
  const host = new URL(replicas.urls[0] ?? urls).host;
  return {
    async fetch<T>(representations: Array<Record<string, unknown>>, selection: string, viewer: Viewer, requestId: string = randomUUID()) {
      if (representations.length === 0) return [];
      const assertion = await signGatewayAssertion(gatewaySecret, viewer, requestId);
      const send = (url: string): Promise<Response> => fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [GATEWAY_ASSERTION_HEADER]: assertion,
          [REQUEST_ID_HEADER]: requestId,
        },
        body: JSON.stringify({ query: `query ($representations: [_Any!]!) { _entities(representations: $representations) { ${selection} } }`, variables: { representations } }),
        signal: AbortSignal.timeout(5000),
      });
      const response = await sendToReplicas(replicas, 'query', send).catch((error: unknown) => {
        throw new AppError('SERVICE_UNAVAILABLE', `${host} is not reachable`, { cause: error instanceof Error ? error.message : String(error) });
      });
      const body = (await response.json()) as { data?: { _entities?: Array<T | null> }; errors?: Array<{ message: string }> };
      if (!body.data?._entities) {
        throw new AppError('SERVICE_UNAVAILABLE', `entity fetch from ${host} failed: ${body.errors?.map((e) => e.message).join('; ') ?? response.status}`);
      }
      return body.data._entities;
    },
  };
}
