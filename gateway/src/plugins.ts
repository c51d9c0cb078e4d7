import type { ApolloServerPlugin } from '@apollo/server';
import { AppError, badUserInput, REQUEST_ID_HEADER, withHttpStatus, type ErrorCode, type Logger } from '@kayak/common';
import type { GraphQLScalarType } from 'graphql';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Allowlist } from './allowlist.js';
import type { GatewayContext } from './context.js';
import { checkLimits, measureOperation, type OperationLimits } from './limits.js';
import type { GatewayMetrics } from './metrics.js';
import { checkCustomScalars } from './scalars.js';

const rejected = (code: ErrorCode, message: string, status: number, extensions: Record<string, unknown> = {}): AppError =>
  withHttpStatus(new AppError(code, message, extensions), status);

/**
 * Rejects too deep, too costly or too aliased operations before any subgraph is called.
 * `listSizes`: the `@listSize` sizes of the supergraph now served (`listSizesOf`).
 */
export function limitsPlugin(limits: OperationLimits, listSizes: () => ReadonlyMap<string, number>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          const measure = measureOperation(schema, document, operationName, request.variables ?? {}, listSizes());
          const violation = checkLimits(measure, limits);
          if (violation) throw rejected(violation.code, violation.message, 400, { measure, limits });
        },
      };
    },
  };
}

/** Refuses malformed custom scalar values (Decimal, DateTime, ...) with BAD_USER_INPUT before planning. */
export function customScalarsPlugin(scalars: ReadonlyMap<string, GraphQLScalarType>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const fields = checkCustomScalars(schema, document, operation, request.variables ?? {}, scalars);
          if (fields.length === 0) return;
          throw withHttpStatus(badUserInput(fields), 400);
        },
      };
    },
  };
}

/**
 * A subgraph that throttles (TOO_MANY_REQUESTS with `retryAfter` seconds, e.g. login) cannot set the
 * client's HTTP headers: the gateway sends `Retry-After` (the longest wait asked), and HTTP 429 when
 * nothing else of the operation succeeded.
 */
export function retryAfterPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          const waits = (errors ?? [])
            .filter((error) => error.extensions?.code === 'TOO_MANY_REQUESTS')
            .map((error) => Number(error.extensions?.retryAfter))
            .filter((seconds) => Number.isFinite(seconds) && seconds > 0);
          if (waits.length === 0) return;
          response.http.headers.set('retry-after', String(Math.ceil(Math.max(...waits))));
          if (!data || Object.values(data).every((value) => value === null)) response.http.status = 429;
        },
      };
    },
  };
}

/** Partner keys: mutations need the `mutation` scope; allow-list keys may run registered operations only. */
export function partnerPolicyPlugin(allowlist: Allowlist): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document }) {
          const { partner } = contextValue;
          if (!partner) return;
          if (operation?.operation === 'mutation' && !partner.scopes.includes('mutation')) {
            throw rejected('FORBIDDEN', 'This API key may not run mutations', 403);
          }
          if (partner.allowlistOnly && !allowlist.has(document)) {
            throw rejected('OPERATION_NOT_ALLOWED', 'This API key may only run registered operations', 403);
          }
        },
      };
    },
  };
}

/**
 * Per request: the request id, operation and error codes on the request's server span
 * (serveGraphQL's), Prometheus metrics, one structured log line, and the request id echoed in the
 * response headers.
 */
export function observabilityPlugin(metrics: GatewayMetrics, logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      const span = trace.getActiveSpan();
      span?.setAttribute('kayak.request_id', contextValue.requestId);
      const codes: string[] = [];
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const code = typeof error.extensions.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR';
            codes.push(code);
            metrics.errors.inc({ code });
            if (code === 'INTERNAL_SERVER_ERROR') logger.error({ requestId: contextValue.requestId, err: error.originalError ?? error }, 'unexpected error');
          }
        },
        async willSendResponse({ response, operationName, operation }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const label = metrics.operationLabel(operationName);
          metrics.requests.inc({ operation: label, outcome: codes.length > 0 ? 'error' : 'ok' });
          metrics.requestDuration.observe({ operation: label }, seconds);
          response.http.headers.set(REQUEST_ID_HEADER, contextValue.requestId);
          span?.setAttributes({ 'graphql.operation.name': operationName ?? '', 'graphql.operation.type': operation?.operation ?? '' });
          if (codes.length > 0) span?.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(',') });
          logger.info(
            {
              requestId: contextValue.requestId,
              operation: operationName ?? null,
              type: operation?.operation ?? null,
              viewer: contextValue.viewer.kind,
              partner: contextValue.partner?.keyId,
              durationMs: Math.round(seconds * 1000),
              errors: codes.length > 0 ? codes : undefined,
            },
            'graphql request',
          );
        },
      };
    },
  };
}
