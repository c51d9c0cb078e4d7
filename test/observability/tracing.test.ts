import { SpanKind, startTelemetry, type Telemetry } from '@kayak/common';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, startSupergraphWithBookingEvents, type BookingTopics, type Supergraph } from '../abuse/support/supergraph.js';

// One createBooking through the real gateway, bookings subgraph, MySQL outbox, Kafka and the
// listings availability consumer, all recording into one in-memory exporter: the spans of every
// hop share the trace id the client sent (docs/observability.md, "Traces").
const exporter = new InMemorySpanExporter();
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN_ID = '00f067aa0ba902b7';
let telemetry: Telemetry;
let sg: Supergraph & { topics: BookingTopics };

beforeAll(async () => {
  telemetry = startTelemetry({ serviceName: 'tracing-test', exporter });
  sg = await startSupergraphWithBookingEvents('trace');
});

afterAll(async () => {
  await sg?.close();
  await telemetry?.shutdown();
});

const inTrace = (): ReadableSpan[] => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === TRACE_ID);
const scopeOf = (span: ReadableSpan): string => span.instrumentationScope.name;
const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;

describe('tracing', () => {
  it('follows a createBooking from the gateway through bookings, MySQL, the outbox and Kafka into the listings consumer', async () => {
    const flight = await sg.mongo.db.collection<{ flight_id: string; departure_datetime: Date; arrival_datetime: Date }>('flights').findOne({ departure_datetime: { $gt: new Date() } });
    if (!flight) throw new Error('no seeded future flight');
    const booked = await sg.post({
      query: 'mutation ($input: CreateBookingInput!) { createBooking(input: $input) { bookingId } }',
      variables: { input: { listingType: 'Flight', listingId: flight.flight_id, startDate: flight.departure_datetime.toISOString(), endDate: flight.arrival_datetime.toISOString(), quantity: 1 } },
      viewer: ALICE,
      headers: { traceparent: `00-${TRACE_ID}-${CLIENT_SPAN_ID}-01` },
    });
    expect(booked.body?.errors, booked.text).toBeUndefined();

    const deadline = Date.now() + 30_000;
    while (!inTrace().some((span) => span.kind === SpanKind.CONSUMER)) {
      if (Date.now() > deadline) throw new Error(`the consumer's span never joined the trace; spans in it: ${inTrace().map((span) => span.name).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await telemetry.flush();
    const spans = inTrace();
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));

    // The gateway's server span continues the client's; the bookings subgraph's continues a gateway fetch.
    const gatewayServer = spans.find((span) => scopeOf(span) === '@kayak/gateway' && span.kind === SpanKind.SERVER);
    expect(parentOf(gatewayServer!)).toBe(CLIENT_SPAN_ID);
    expect(gatewayServer?.attributes).toMatchObject({ 'graphql.operation.type': 'mutation', 'kayak.request_id': booked.headers.get('x-request-id') });
    const bookingsServer = spans.find((span) => scopeOf(span) === '@kayak/bookings' && span.kind === SpanKind.SERVER);
    expect(bookingsServer, spans.map((span) => `${scopeOf(span)} ${span.name}`).join('\n')).toBeDefined();
    expect(byId.get(parentOf(bookingsServer!)!)?.name).toBe('gateway.fetch');

    // Its SQL, from Prisma's instrumentation, inside the request.
    expect(spans.some((span) => scopeOf(span) === 'prisma' && span.name === 'prisma:client:db_query')).toBe(true);

    // The relay's publish span continues the request that wrote the outbox row, and the consumer's span continues the publish.
    const publish = spans.find((span) => span.kind === SpanKind.PRODUCER && span.name === `${sg.topics['booking.created']} publish`);
    expect(publish).toBeDefined();
    const consumed = spans.find((span) => span.kind === SpanKind.CONSUMER && scopeOf(span) === '@kayak/listings');
    expect(consumed?.name).toBe(`${sg.topics['booking.created']} process`);
    expect(parentOf(consumed!)).toBe(publish!.spanContext().spanId);

    // The consumer's MongoDB write of the availability block is a child of its span.
    const blockWrite = spans.find((span) => scopeOf(span) === 'mongodb' && span.attributes['db.collection.name'] === 'availability_blocks' && parentOf(span) === consumed!.spanContext().spanId);
    expect(blockWrite, spans.filter((span) => scopeOf(span) === 'mongodb').map((span) => span.name).join('\n')).toBeDefined();

    // Every span of the trace hangs off the client's span: nothing started a trace of its own.
    for (const span of spans) {
      let current: ReadableSpan | undefined = span;
      while (current && parentOf(current) !== CLIENT_SPAN_ID) current = byId.get(parentOf(current) ?? '');
      expect(current, `${scopeOf(span)} ${span.name} is not connected to the client's span`).toBeDefined();
    }
  });
});
