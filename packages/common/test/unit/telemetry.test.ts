import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { currentTraceparent, inSpan, startTelemetry, tracer, type Telemetry } from '../../src/telemetry.js';

let telemetry: Telemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

describe('telemetry', () => {
  it('puts the active trace id and span id on every log line written inside a span, and none outside', async () => {
    telemetry = startTelemetry({ serviceName: 'unit', exporter: new InMemorySpanExporter() });
    const lines: string[] = [];
    const logger = createLogger('unit', 'info', { write: (line: string) => void lines.push(line) });
    const ids = await inSpan(tracer('test'), 'work', {}, async (span) => {
      logger.child({ requestId: 'r1' }).info('inside');
      return span.spanContext();
    });
    logger.info('outside');
    const [inside, outside] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(inside).toMatchObject({ traceId: ids.traceId, spanId: ids.spanId, requestId: 'r1', service: 'unit' });
    expect(outside).not.toHaveProperty('traceId');
  });

  it('installs nothing without an endpoint: spans are no-ops, nothing propagates, log lines carry no trace id', async () => {
    telemetry = startTelemetry({ serviceName: 'unit', env: {} });
    expect(telemetry.recording).toBe(false);
    const lines: string[] = [];
    const logger = createLogger('unit', 'info', { write: (line: string) => void lines.push(line) });
    const traceparent = await inSpan(tracer('test'), 'work', {}, async (span) => {
      expect(span.isRecording()).toBe(false);
      logger.info('inside');
      return currentTraceparent();
    });
    expect(traceparent).toBeUndefined();
    expect(JSON.parse(lines[0] ?? '{}')).not.toHaveProperty('traceId');
  });

  it('records and exports spans when a test exporter is given', async () => {
    const exporter = new InMemorySpanExporter();
    telemetry = startTelemetry({ serviceName: 'unit', exporter });
    await expect(inSpan(tracer('test'), 'fails', {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const [span] = exporter.getFinishedSpans();
    expect(span).toMatchObject({ name: 'fails', status: { code: 2, message: 'boom' } });
    expect(span?.resource.attributes['service.name']).toBe('unit');
  });
});
