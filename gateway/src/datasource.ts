import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { AppError, badUserInput, CACHE_TAGS_HEADER, currentTraceparent, GATEWAY_ASSERTION_HEADER, parseCacheTags, ReplicaSet, REQUEST_ID_HEADER, sendToReplicas, type FieldError, type ReplicaFailureListener } from '@kayak/common';
import { GraphQLError } from 'graphql';
import { Agent } from 'undici';
import type { GatewayContext } from './context.js';
import type { GatewayMetrics } from './metrics.js';

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** A subgraph's HTTP answer: status, the headers the gateway reads, and the body as text. */
export interface SubgraphAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const headerValue = (headers: SubgraphAnswer['headers'], name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

/**
 * One subgraph as seen by the gateway: every request carries the signed viewer assertion and the
 * request id; a subgraph that cannot be reached becomes a SERVICE_UNAVAILABLE error on the fields
 * it owns (the rest of the response still comes back); fetch latency goes to the metrics; the
 * subgraph's `cache-control` hint restricts the response's cache policy and its `x-cache-tags`
 * join the request's (the response cache, docs/gateway.md).
 *
 * `url` may list several replicas (comma-separated `<NAME>_URL`): requests take turns, and one
 * whose connection fails moves to another replica when that is safe (`SubgraphConnections.post`,
 * docs/gateway.md).
 *
 * It implements Apollo's GraphQLDataSource itself on undici's `request`, not RemoteGraphQLDataSource:
 * that one builds node-fetch Headers and a Request per subgraph call and then fetches through a
 * WHATWG fetch (web streams, a cloned request, the body written in pieces), which together cost the
 * gateway more CPU than planning and result shaping (docs/performance.md, "Gateway overhead").
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  readonly replicas: ReplicaSet;
  private readonly onFailure: ReplicaFailureListener;

  constructor(
    options: { url: string; cooldownMs?: number },
    private readonly subgraph: string,
    private readonly metrics: GatewayMetrics,
    private readonly connections: SubgraphConnections,
  ) {
    this.replicas = new ReplicaSet(options.url, options.cooldownMs === undefined ? {} : { cooldownMs: options.cooldownMs });
    this.onFailure = (_url, failure, retried) => metrics.subgraphReplicaFailures.inc({ subgraph, failure, retried: String(retried) });
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    if (!request.query) throw new Error('Missing query');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (request.http) for (const [name, value] of request.http.headers) headers[name] = value;
    const context = options.context;
    // Schema polling and health checks carry no request context.
    if ('incomingRequestContext' in options && 'assertion' in context) {
      headers[GATEWAY_ASSERTION_HEADER] = await context.assertion();
      headers[REQUEST_ID_HEADER] = context.requestId;
    }
    // The subgraph's server span continues this fetch's span (W3C traceparent).
    const traceparent = currentTraceparent();
    if (traceparent) headers.traceparent = traceparent;
    // The query first: `operationOfBody` reads the operation's kind from the start of the body.
    const body = JSON.stringify({ query: request.query, operationName: request.operationName, variables: request.variables, extensions: request.extensions });

    const stop = this.metrics.subgraphFetchDuration.startTimer({ subgraph: this.subgraph });
    let answer: SubgraphAnswer;
    let result: GatewayGraphQLResponse;
    try {
      answer = await this.connections.post(this.replicas, headers, body, this.onFailure);
      if (answer.status < 200 || answer.status > 299) throw subgraphHttpError(answer);
      const parsed: unknown = JSON.parse(answer.body);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`Expected a JSON object from the ${this.subgraph} subgraph`);
      result = parsed as GatewayGraphQLResponse;
    } catch (error) {
      stop({ outcome: 'error' });
      // The subgraph's own errors pass on; no answer, or one that is not GraphQL, means it is unavailable.
      if (error instanceof GraphQLError) throw error;
      throw new AppError('SERVICE_UNAVAILABLE', `The ${this.subgraph} service is unavailable`);
    }
    stop({ outcome: 'ok' });

    if ('incomingRequestContext' in options) {
      if ('cacheTags' in context) for (const tag of parseCacheTags(headerValue(answer.headers, CACHE_TAGS_HEADER))) context.cacheTags.add(tag);
      options.incomingRequestContext.overallCachePolicy.restrict(cacheHintOf(headerValue(answer.headers, 'cache-control')));
    }
    return result;
  }
}

/** A subgraph's `cache-control` header as a cache hint: no max-age means not cacheable. */
export function cacheHintOf(header: string | undefined): { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } {
  const hint: { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } = { maxAge: 0 };
  for (const directive of (header ?? '').split(',')) {
    const [name = '', value] = directive.trim().toLowerCase().split('=');
    if (name === 'max-age' && value !== undefined && /^\d+$/.test(value)) hint.maxAge = Number(value);
    else if (name === 'private') hint.scope = 'PRIVATE';
    else if (name === 'public' && hint.scope === undefined) hint.scope = 'PUBLIC';
  }
  return hint;
}

/**
 * The error of a subgraph's non-2xx answer. HTTP 400 BAD_USER_INPUT (a variable the subgraph
 * refused, a scalar the gateway did not catch) is the client's mistake, not an internal error: it
 * passes on as BAD_USER_INPUT with the subgraph's field paths (or the path graphql-js names in its
 * message). 401 and 403 keep their codes; anything else is internal (its details stay in the logs).
 */
export function subgraphHttpError(answer: Pick<SubgraphAnswer, 'status' | 'body'>): GraphQLError {
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    body = answer.body;
  }
  if (answer.status === 400) {
    const fields = userInputFields(body);
    if (fields) return badUserInput(fields);
  }
  const code = answer.status === 401 ? 'UNAUTHENTICATED' : answer.status === 403 ? 'FORBIDDEN' : undefined;
  return new GraphQLError(`${answer.status}: subgraph request failed`, { extensions: { ...(code ? { code } : {}), response: { status: answer.status, body } } });
}

/**
 * The operation a subgraph request carries, from its body as SubgraphDataSource writes it
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

  constructor(perOrigin: number) {
    this.agent = new Agent({ connections: perOrigin, keepAliveTimeout: 30_000 });
  }

  /** One POST to `url`, its whole answer read. Throws on a connection failure (the socket's error code kept). */
  async postTo(url: string, headers: Record<string, string>, body: string): Promise<SubgraphAnswer> {
    const target = new URL(url);
    const response = await this.agent.request({ origin: target.origin, path: `${target.pathname}${target.search}`, method: 'POST', headers, body });
    return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
  }

  /**
   * One POST over the replicas of one subgraph: each request starts at the next replica of the
   * rotation; on a connection failure the replica sits out for a while and the request is sent to
   * the next one if `mayRetryOnAnotherReplica` allows it: queries always, mutations only when the
   * failed replica certainly never received them.
   */
  post(replicas: ReplicaSet, headers: Record<string, string>, body: string, onFailure?: ReplicaFailureListener): Promise<SubgraphAnswer> {
    return sendToReplicas(replicas, operationOfBody(body), (url) => this.postTo(url, headers, body), onFailure);
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
