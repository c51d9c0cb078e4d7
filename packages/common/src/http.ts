import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { context as otelContext, SpanKind, trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { contextFromHeaders, failSpan, tracer } from './telemetry.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface GraphQLHttpOptions<C extends BaseContext> {
  apollo: ApolloServer<C>;
  context: (req: IncomingMessage) => Promise<C>;
  host: string;
  port: number;
  logger: Logger;
  /** URL paths that serve GraphQL (default `/graphql`). */
  paths?: string[];
  maxBodyBytes?: number;
  routes?: Record<string, RouteHandler>;
  /** Origins allowed to call from a browser (`*` for any); no CORS headers when omitted. */
  corsOrigins?: '*' | string[];
  /** The package whose server spans these are (`@kayak/gateway`, `@kayak/bookings` …). */
  tracerScope: string;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish, then stops Apollo. */
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/**
 * What the server still reads, and throws away, of a body over the limit before it answers 413: a
 * client that is still sending when the socket closes gets a TCP reset instead of the answer. Beyond
 * this the client is not worth the bandwidth and the reset is its problem.
 */
const DRAIN_BYTES = 1024 * 1024;

/** Reads and discards the rest of a request, up to `DRAIN_BYTES`; resolves when done or given up. */
function drain(req: IncomingMessage, alreadyRead: number): Promise<void> {
  return new Promise((resolve) => {
    let drained = alreadyRead;
    const done = (): void => {
      req.off('data', onData);
      req.off('end', done);
      req.off('close', done);
      req.off('error', done);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      drained += chunk.length;
      if (drained > DRAIN_BYTES) done();
    };
    if (req.readableEnded || alreadyRead > DRAIN_BYTES) return resolve();
    req.on('data', onData);
    req.once('end', done);
    req.once('close', done);
    req.once('error', done);
    req.resume();
  });
}

/**
 * The request body, at most `limit` bytes. Over the limit it answers 413 after draining what the
 * client still sends (see DRAIN_BYTES), and the caller closes the connection: the request was not
 * consumed as HTTP/1.1 framing expects, so the socket must not be reused.
 */
async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  // Made only when needed: an Error captures a stack trace, which is not free on every request.
  const tooLarge = (): HttpError => new HttpError(413, `Request body larger than ${limit} bytes`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    await drain(req, declared > DRAIN_BYTES ? declared : 0);
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const over = await new Promise<boolean>((resolve, reject) => {
    const stop = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        stop();
        resolve(true);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      resolve(false);
    };
    const onError = (error: Error): void => {
      stop();
      reject(error);
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
  });
  if (over) {
    await drain(req, size);
    throw tooLarge();
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function parseBody(req: IncomingMessage, limit: number): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const text = await readBody(req, limit);
  if (!(req.headers['content-type'] ?? '').includes('application/json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'Malformed JSON body');
  }
}

const CORS_HEADERS = 'content-type, authorization, x-api-key, x-request-id, apollo-require-preflight, apollographql-client-name, apollographql-client-version';

/** Sets CORS headers for allowed origins; answers preflight requests itself (returns true then). */
function applyCors(req: IncomingMessage, res: ServerResponse, origins: '*' | string[]): boolean {
  const origin = req.headers.origin;
  if (origin && (origins === '*' || origins.includes(origin))) {
    res.setHeader('access-control-allow-origin', origins === '*' ? '*' : origin);
    res.setHeader('vary', 'Origin');
    res.setHeader('access-control-expose-headers', 'x-request-id, retry-after');
  }
  if (req.method !== 'OPTIONS') return false;
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  res.setHeader('access-control-allow-headers', CORS_HEADERS);
  res.setHeader('access-control-max-age', '600');
  res.statusCode = 204;
  res.end();
  return true;
}

/** A plain node:http server for one Apollo Server: GraphQL at `path`, extra routes beside it. */
export async function serveGraphQL<C extends BaseContext>(options: GraphQLHttpOptions<C>): Promise<RunningHttpServer> {
  const { apollo, context, logger, routes = {}, paths = ['/graphql'], maxBodyBytes = 1_000_000 } = options;
  const spans = tracer(options.tracerScope);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (options.corsOrigins && applyCors(req, res, options.corsOrigins)) return;
    const route = routes[url.pathname];
    if (route) return route(req, res);
    if (!paths.includes(url.pathname)) return sendJson(res, 404, { error: 'Not found' });

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body: await parseBody(req, maxBodyBytes) },
      context: () => context(req),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  /**
   * A GraphQL request is one SERVER span, continuing the caller's trace (its `traceparent`): the
   * gateway's for a subgraph, the client's (if any) for the gateway. Probes and /metrics are not traced.
   */
  const traced = (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!paths.includes(path)) return handle(req, res);
    const parent = contextFromHeaders(req.headers);
    const span = spans.startSpan(`${req.method ?? 'GET'} ${path}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? 'GET', 'url.path': path } }, parent);
    return otelContext.with(trace.setSpan(parent, span), () => handle(req, res)).then(
      () => {
        span.setAttribute('http.response.status_code', res.statusCode);
        span.end();
      },
      (error: unknown) => {
        failSpan(span, error);
        span.end();
        throw error;
      },
    );
  };

  const server = http.createServer((req, res) => {
    traced(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) {
        if (error.status === 413) res.setHeader('connection', 'close');
        sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: 'BAD_REQUEST' } }] });
        return;
      }
      logger.error({ err: error }, 'unhandled HTTP error');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${options.host}:${port}${paths[0] ?? '/'}`,
    port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await apollo.stop();
    },
  };
}
