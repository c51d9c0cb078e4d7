import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
  type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ParentBasedSampler, SimpleSpanProcessor, TraceIdRatioBasedSampler, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { z } from 'zod';

/**
 * OpenTelemetry for every process of the platform (docs/observability.md, "Traces").
 *
 * With an OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`), or an exporter a test passes: context
 * travels in AsyncLocalStorage within a process and as W3C `traceparent` between processes, so a
 * request keeps one trace id from the gateway through the subgraphs, the outbox and Kafka to the
 * consumers, every log line written inside it carries that id (logger.ts), and spans are exported.
 *
 * Without one (the default) nothing is installed and the OpenTelemetry API stays a no-op: on Node 20
 * AsyncLocalStorage hooks every promise (a promise-heavy loop runs about 3× slower with one active;
 * docs/observability.md), which a GraphQL server that exports no trace should not pay for.
 */

const telemetryEnvSchema = z.object({
  /** OTLP/HTTP collector base URL (e.g. http://127.0.0.1:4318); traces go to `<url>/v1/traces`. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  /** Overrides the service name a process reports (default: gateway, users, listings, …). */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** Share of new traces recorded (0…1); a request that arrives with a sampled parent follows it. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
});

export interface TelemetryOptions {
  serviceName: string;
  /** Where spans go instead of OTLP (tests: an InMemorySpanExporter); spans are recorded when set. */
  exporter?: SpanExporter;
  env?: NodeJS.ProcessEnv;
}

export interface Telemetry {
  /** Whether tracing is on: spans recorded and exported (an endpoint or exporter is configured). */
  readonly recording: boolean;
  /** Sends the spans still buffered (tests call it before reading their exporter). */
  flush(): Promise<void>;
  /** Flushes, then unregisters the global provider, context manager and propagator. */
  shutdown(): Promise<void>;
}

let active: Telemetry | undefined;

/** Installs tracing for this process once; later calls return the first installation. */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (active) return active;
  const env = telemetryEnvSchema.parse(options.env ?? process.env);
  const exporter = options.exporter ?? (env.OTEL_EXPORTER_OTLP_ENDPOINT ? new OTLPTraceExporter({ url: `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces` }) : undefined);
  if (!exporter) {
    const off: Telemetry = {
      recording: false,
      flush: async () => undefined,
      async shutdown() {
        active = undefined;
      },
    };
    active = off;
    return off;
  }
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME ?? options.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(env.OTEL_TRACES_SAMPLER_ARG) }),
    // A test's exporter sees each span as it ends; OTLP gets batches.
    spanProcessors: [options.exporter ? new SimpleSpanProcessor({ exporter }) : new BatchSpanProcessor({ exporter })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  const telemetry: Telemetry = {
    recording: true,
    flush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
      active = undefined;
    },
  };
  active = telemetry;
  return telemetry;
}

/** Sends what is buffered and uninstalls tracing (on shutdown); nothing when it was never started. */
export async function shutdownTelemetry(): Promise<void> {
  await active?.shutdown();
}

/** Whether this process traces (for instrumentation installed only then, e.g. Prisma's). */
export function tracesRecorded(): boolean {
  return active?.recording ?? false;
}

/** The tracer of one of our packages (`@kayak/bookings` …): the instrumentation scope of its spans. */
export function tracer(scope: string): Tracer {
  return trace.getTracer(scope);
}

/** Trace and span id of the active span, for log lines; empty outside any trace. */
export function traceIds(): { traceId?: string; spanId?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return trace.isSpanContextValid(span.spanContext()) ? { traceId, spanId } : {};
}

/** The W3C `traceparent` of the active span, to store beside work that continues later (outbox rows). */
export function currentTraceparent(activeContext: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(activeContext, carrier);
  return carrier.traceparent;
}

/** The W3C `traceparent` that makes `span` the parent of work elsewhere (a message it sends). */
export function traceparentOf(span: Span): string | undefined {
  return currentTraceparent(trace.setSpan(ROOT_CONTEXT, span));
}

/** The context a stored or received `traceparent` continues (the root context when there is none). */
export function contextFromTraceparent(traceparent: string | null | undefined): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
}

type HeaderValue = Buffer | string | ReadonlyArray<Buffer | string> | undefined;

/** Reads trace context from HTTP request headers or Kafka message headers (Buffers). */
const headerGetter: TextMapGetter<Record<string, HeaderValue>> = {
  keys: (carrier) => Object.keys(carrier),
  get(carrier, key) {
    const value = carrier[key];
    if (value === undefined) return undefined;
    if (Array.isArray(value)) return (value as ReadonlyArray<Buffer | string>).map(String);
    return String(value);
  },
};

/** The context carried by incoming headers (HTTP or Kafka). */
export function contextFromHeaders(headers: Record<string, HeaderValue> | undefined): Context {
  return headers ? propagation.extract(ROOT_CONTEXT, headers, headerGetter) : ROOT_CONTEXT;
}

/** Runs `work` in a new active span; records a thrown error on it and ends it either way. */
export async function inSpan<T>(
  spanTracer: Tracer,
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = spanTracer.startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, ...(options.attributes ? { attributes: options.attributes } : {}) }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Marks a span failed with the error. */
export function failSpan(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, ...(error instanceof Error ? { message: error.message } : {}) });
}

export { SpanKind };
