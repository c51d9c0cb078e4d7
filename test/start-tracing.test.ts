import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@kayak/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSupergraphConfig } from '@kayak/gateway/supergraph';
import { planLaunches } from '../scripts/replicas.js';
import { stackServices } from '../scripts/stack/index.js';
import { JAEGER_OTLP_HTTP_URL, jaegerHasUi, probeJaeger } from '../scripts/stack/services/jaeger.js';
import { tracingRequested, withTracing } from '../scripts/tracing.js';

// The opt-in local trace backend (scripts/tracing.ts, scripts/stack/services/jaeger.ts): how
// --tracing / STACK_TRACING is read, what `npm start` then tells the processes it launches, and how
// the stack tells a Jaeger it can reuse from something else on its ports. No Jaeger needed.
const config = loadConfig({ JWT_SECRET: 'x'.repeat(32), GATEWAY_SECRET: 'y'.repeat(32), HOST: '127.0.0.1' });

describe('tracingRequested', () => {
  it('is off unless asked for', () => {
    expect(tracingRequested([], {})).toBe(false);
    expect(tracingRequested(['--replicas', '2'], { STACK_TRACING: '0' })).toBe(false);
    expect(tracingRequested([], { STACK_TRACING: ' off ' })).toBe(false);
  });

  it('is on with --tracing or STACK_TRACING=1', () => {
    expect(tracingRequested(['--replicas', '2', '--tracing'], {})).toBe(true);
    expect(tracingRequested(['--tracing'], { STACK_TRACING: '0' })).toBe(true);
    expect(tracingRequested([], { STACK_TRACING: '1' })).toBe(true);
    expect(tracingRequested([], { STACK_TRACING: 'true' })).toBe(true);
  });

  it('rejects a STACK_TRACING it cannot read', () => {
    expect(() => tracingRequested([], { STACK_TRACING: 'jaeger' })).toThrow(/STACK_TRACING must be 1 or 0/);
  });
});

describe('the stack with and without tracing', () => {
  it('brings up Jaeger only when tracing is on', () => {
    expect(stackServices()).toEqual(['mariadb', 'redis', 'kafka', 'mongodb', 'maildev']);
    expect(stackServices(true)).toEqual(['mariadb', 'redis', 'kafka', 'mongodb', 'maildev', 'jaeger']);
  });
});

describe('withTracing', () => {
  it('points the launched processes at the local Jaeger only when tracing is on', () => {
    const plain = planLaunches(config, readSupergraphConfig(), [], withTracing(false, { KEEP: 'kept' }));
    for (const launched of plain) expect(launched.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    const traced = planLaunches(config, readSupergraphConfig(), ['--tracing', '--replicas', 'listings=2'], withTracing(true, { KEEP: 'kept' }));
    expect(traced.map((launched) => launched.name)).toEqual(expect.arrayContaining(['listings#1', 'listings#2', 'gateway', 'web']));
    for (const launched of traced) expect(launched.env).toMatchObject({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', KEEP: 'kept' });
    expect(JAEGER_OTLP_HTTP_URL).toBe('http://127.0.0.1:4318');
  });

  it('keeps a collector the user already named', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector.internal:4318' };
    expect(withTracing(true, env).OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://collector.internal:4318');
  });
});

describe('probeJaeger and jaegerHasUi', () => {
  // Stand-ins on ephemeral ports: a Jaeger-like query API and OTLP receiver, and a server that is not Jaeger.
  const servers: Server[] = [];
  const listen = async (handler: (path: string) => { status: number; body: string }): Promise<string> => {
    const server = createServer((request, response) => {
      const { status, body } = handler(request.url ?? '/');
      response.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  let query = '';
  let empty = '';
  let otlp = '';
  let other = '';
  let placeholder = '';
  let closed = '';

  beforeAll(async () => {
    query = await listen((path) => (path === '/api/services' ? { status: 200, body: '{"data":["bookings"],"total":1}' } : { status: 404, body: '{}' }));
    empty = await listen(() => ({ status: 200, body: '{"data":null,"total":0}' })); // a Jaeger with no spans yet
    otlp = await listen(() => ({ status: 200, body: '{}' }));
    other = await listen(() => ({ status: 200, body: '<html>not jaeger</html>' }));
    placeholder = await listen(() => ({ status: 200, body: '<h1>🥋: This is not the Jaeger UI you are looking for!</h1>' }));
    const spare = await listen(() => ({ status: 200, body: '' }));
    await new Promise((resolve) => servers.pop()?.close(resolve));
    closed = spare;
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('reuses what answers like Jaeger (e.g. the docker compose one)', async () => {
    expect(await probeJaeger(query, otlp)).toEqual({ state: 'up' });
    expect(await probeJaeger(empty, otlp)).toEqual({ state: 'up' });
  });

  it('is down when nothing listens, so the stack starts its own', async () => {
    expect(await probeJaeger(closed, closed)).toEqual({ state: 'down' });
  });

  it('refuses ports taken by something that is not a usable Jaeger', async () => {
    expect(await probeJaeger(other, otlp)).toMatchObject({ state: 'broken', problem: expect.stringMatching(/without a Jaeger service list/) });
    expect(await probeJaeger(closed, otlp)).toMatchObject({ state: 'broken', problem: expect.stringMatching(/no Jaeger query API/) });
    expect(await probeJaeger(query, closed)).toMatchObject({ state: 'broken', problem: expect.stringMatching(/nothing receives OTLP/) });
  });

  it('tells a Jaeger built without its UI pages (the placeholder page) from one with them', async () => {
    expect(await jaegerHasUi(placeholder)).toBe(false);
    expect(await jaegerHasUi(other)).toBe(true);
    expect(await jaegerHasUi(closed)).toBe(false);
  });
});
