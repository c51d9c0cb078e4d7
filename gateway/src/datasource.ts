import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { AppError, GATEWAY_ASSERTION_HEADER, REQUEST_ID_HEADER } from '@kayak/common';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './context.js';
import type { GatewayMetrics } from './metrics.js';

/**
 * One subgraph as seen by the gateway: every request carries the signed viewer assertion and the
 * request id; a subgraph that cannot be reached becomes a SERVICE_UNAVAILABLE error on the fields
 * it owns (the rest of the response still comes back); fetch latency goes to the metrics.
 * make-fetch-happen, Apollo's default fetcher, keeps connections alive.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    options: { url: string },
    private readonly subgraph: string,
    private readonly metrics: GatewayMetrics,
  ) {
    super(options);
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    if (!('assertion' in context)) return; // schema polling and health checks carry no request context
    request.http?.headers.set(GATEWAY_ASSERTION_HEADER, await context.assertion());
    request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
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

  override didEncounterError(error: Error): void {
    if (error instanceof GraphQLError) throw error;
    throw new AppError('SERVICE_UNAVAILABLE', `The ${this.subgraph} service is unavailable`);
  }
}
