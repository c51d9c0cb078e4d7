import { JAEGER_OTLP_HTTP_URL, JAEGER_UI_URL, jaegerHasUi } from './stack/services/jaeger.js';

/**
 * The local trace backend (docs/observability.md, "Local trace backend"), opt-in: `--tracing` on the
 * command line of `npm start` or `npm run stack:up`, or `STACK_TRACING=1` in the environment or .env.
 * Then the stack also brings up Jaeger (reusing one that already answers on 16686/4318), and
 * `npm start` points every process it launches at it.
 */

export class TracingError extends Error {}

/** Whether tracing is asked for: `--tracing` wins; otherwise STACK_TRACING (1/true/yes/on, 0/false/no/off or unset). */
export function tracingRequested(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  if (argv.includes('--tracing')) return true;
  const value = env.STACK_TRACING?.trim().toLowerCase() ?? '';
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['', '0', 'false', 'no', 'off'].includes(value)) return false;
  throw new TracingError(`STACK_TRACING must be 1 or 0 (got "${env.STACK_TRACING}")`);
}

/**
 * The environment `npm start` gives the processes it launches: with tracing, spans go to the local
 * Jaeger's OTLP/HTTP receiver, unless OTEL_EXPORTER_OTLP_ENDPOINT already names a collector.
 */
export function withTracing(tracing: boolean, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (!tracing || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim()) return env;
  return { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: JAEGER_OTLP_HTTP_URL };
}

/** The line `npm start` prints beside the Sandbox URL: where to look at the traces. */
export async function tracesLine(env: NodeJS.ProcessEnv): Promise<string> {
  const where = (await jaegerHasUi())
    ? `Jaeger UI ${JAEGER_UI_URL}`
    : `Jaeger ${JAEGER_UI_URL}/api/traces?service=gateway   (this Jaeger has no UI pages; \`docker compose up -d jaeger\` has)`;
  return `Traces: ${where}   (spans sent to ${env.OTEL_EXPORTER_OTLP_ENDPOINT})`;
}
