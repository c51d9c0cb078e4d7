import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { AppError, badUserInput, CACHE_TAGS_HEADER, currentTraceparent, GATEWAY_ASSERTION_HEADER, parseCacheTags, ReplicaSet, REQUEST_ID_HEADER, sendToReplicas, type FieldError, type ReplicaFailureListener } from '@kayak/common';
import { GraphQLError } from 'graphql';
import { Agent, fetch as undiciFetch } from 'undici';
import type { GatewayContext } from './context.js';
import type { GatewayMetrics } from './metrics.js';

/**
 * One subgraph as seen by the gateway: every request carries the signed viewer assertion and the
 * request id; a subgraph that cannot be reached becomes a SERVICE_UNAVAILABLE error on the fields
 * it owns (the rest of the response still comes back); fetch latency goes to the metrics.
 *
 * `url` may list several replicas (comma-separated `<NAME>_URL`): requests take turns, and one
 * whose connection fails moves to another replica when that is safe (`SubgraphConnections.fetcherFor`,
 * docs/gateway.md).
 *
 * Requests go through undici (see `SubgraphConnections`), not Apollo's default make-fetch-happen:
 * that one builds an Error (a stack trace) per request to pick its agent and cost the gateway more
 * CPU than planning and result shaping together under load (docs/performance.md).
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly replicas: ReplicaSet;

  constructor(
    options: { url: string; cooldownMs?: number },
    private readonly subgraph: string,
    private readonly metrics: GatewayMetrics,
    connections: SubgraphConnections,
  ) {
    const replicas = new ReplicaSet(options.url, options.cooldownMs === undefined ? {} : { cooldownMs: options.cooldownMs });
    super({
      url: replicas.urls[0] ?? options.url,
      fetcher: connections.fetcherFor(replicas, (_url, failure, retried) => metrics.subgraphReplicaFailures.inc({ subgraph, failure, retried: String(retried) })),
    });
    this.replicas = replicas;
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    if (!('assertion' in context)) return; // schema polling and health checks carry no request context
    request.http?.headers.set(GATEWAY_ASSERTION_HEADER, await context.assertion());
    request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
    // The subgraph's server span continues this fetch's span (W3C traceparent).
    const traceparent = currentTraceparent();
    if (traceparent) request.http?.headers.set('traceparent', traceparent);
  }

  override async didReceiveResponse({ response, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0]) {
    if ('cacheTags' in context) for (const tag of parseCacheTags(response.http?.headers.get(CACHE_TAGS_HEADER))) context.cacheTags.add(tag);
    return response;
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const stop = this.metrics.subgraphFetchDuration.startTimer({ subgraph: this.subgraph });
    try {
      const response = await super.process(options);
      stop({ outcome: 'ok' });
      return response;
    } catch (error) {
      stop({ outcome: 'error' });
      throw error;
    }
  }

  /**
   * A subgraph answers HTTP 400 BAD_USER_INPUT when it refuses a variable (a scalar the gateway did
   * not catch): that is the client's mistake, not an internal error, so it passes on as
   * BAD_USER_INPUT with the subgraph's field paths (or the path graphql-js names in its message).
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    if (response.status === 400) {
      const fields = userInputFields(await this.parseBody(response.clone()).catch(() => undefined));
      if (fields) return badUserInput(fields);
    }
    return super.errorFromResponse(response);
  }

  override didEncounterError(error: Error): void {
    if (error instanceof GraphQLError) throw error;
    throw new AppError('SERVICE_UNAVAILABLE', `The ${this.subgraph} service is unavailable`);
  }
}

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;

/**
 * The operation a subgraph request carries, from its body as RemoteGraphQLDataSource writes it
 * (`{"query":"…`, the query first): only a body that visibly starts a query counts as one;
 * anything else is treated as a mutation, the kind that is not sent twice.
 */
const QUERY_BODY = /^\{"query":"\s*(?:query\b|\{)/;
export function operationOfBody(body: unknown): 'query' | 'mutation' {
  return typeof body === 'string' && QUERY_BODY.test(body) ? 'query' : 'mutation';
}

/**
 * The gateway's connections to its subgraphs: kept alive, at most `perOrigin` at once to each
 * subgraph (GATEWAY_SUBGRAPH_CONNECTIONS, per gateway worker). Past that, requests wait here in
 * the gateway, not inside a subgraph where they would hold its resources (the bookings subgraph's
 * MySQL pool times out after 10 s): under overload, answers slow down instead of failing.
 */
export class SubgraphConnections {
  private readonly agent: Agent;
  readonly fetcher: Fetcher;

  constructor(perOrigin: number) {
    const agent = new Agent({ connections: perOrigin, keepAliveTimeout: 30_000 });
    this.agent = agent;
    this.fetcher = ((url: string, init: Parameters<typeof undiciFetch>[1]) => undiciFetch(url, { ...init, dispatcher: agent })) as unknown as Fetcher;
  }

  /**
   * A fetcher over the replicas of one subgraph: each request starts at the next replica of the
   * rotation (the URL Apollo passes is ignored); on a connection failure the replica sits out for
   * a while and the request is sent to the next one if `mayRetryOnAnotherReplica` allows it:
   * queries always, mutations only when the failed replica certainly never received them.
   */
  fetcherFor(replicas: ReplicaSet, onFailure?: ReplicaFailureListener): Fetcher {
    const agent = this.agent;
    return ((_url: string, init: NonNullable<Parameters<typeof undiciFetch>[1]>) =>
      sendToReplicas(replicas, operationOfBody(init.body), (url) => undiciFetch(url, { ...init, dispatcher: agent }), onFailure)) as unknown as Fetcher;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

interface SubgraphError {
  message?: unknown;
  extensions?: { code?: unknown; fields?: unknown };
}

const isFieldError = (value: unknown): value is FieldError =>
  typeof value === 'object' && value !== null && typeof (value as FieldError).path === 'string' && typeof (value as FieldError).message === 'string';

// graphql-js: `Variable "$input" got invalid value "x" at "input.events[2].data"; <the scalar's message>`
const COERCION = /^Variable "\$(\w+)" got invalid value [\s\S]*? at "([\w.[\]]+)"; ([\s\S]*)$|^Variable "\$(\w+)" got invalid value [\s\S]*?; ([\s\S]*)$/;

/** The fields of an all-BAD_USER_INPUT error body, or undefined when the body says something else. */
function userInputFields(body: unknown): FieldError[] | undefined {
  const errors = typeof body === 'object' && body !== null ? (body as { errors?: unknown }).errors : undefined;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const fields: FieldError[] = [];
  for (const error of errors as SubgraphError[]) {
    if (error.extensions?.code !== 'BAD_USER_INPUT') return undefined;
    const named = Array.isArray(error.extensions.fields) ? error.extensions.fields.filter(isFieldError) : [];
    if (named.length > 0) {
      fields.push(...named.map(({ path, message }) => ({ path, message })));
      continue;
    }
    const message = typeof error.message === 'string' ? error.message : 'is invalid';
    const match = COERCION.exec(message);
    if (match?.[2] !== undefined) fields.push({ path: match[2].replace(/\[(\d+)\]/g, '.$1'), message: match[3] ?? message });
    else if (match?.[4] !== undefined) fields.push({ path: match[4], message: match[5] ?? message });
    else fields.push({ path: '', message });
  }
  return fields;
}
