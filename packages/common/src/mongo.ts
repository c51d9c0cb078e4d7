import { SpanKind, trace, type Span } from '@opentelemetry/api';
import { MongoClient, MongoServerError, type CommandStartedEvent, type Db, type IndexDescription } from 'mongodb';
import type { PoolStats } from './metrics.js';
import { failSpan, tracer } from './telemetry.js';

export interface MongoHandle {
  client: MongoClient;
  db: Db;
  /** The driver's connection pool(s) now, from its CMAP events (GET /metrics: db_pool_*). */
  pool(): PoolStats;
  close(): Promise<void>;
}

/**
 * Follows the driver's connection pool through its CMAP events: a few integer increments per
 * checkout, read only when metrics are scraped. Attached before connect, so no check-in is seen
 * without its check-out.
 */
export function trackMongoPool(client: MongoClient): () => PoolStats {
  const counts = { created: 0, closed: 0, checkOutStarted: 0, checkedOut: 0, checkOutFailed: 0, checkedIn: 0 };
  client.on('connectionCreated', () => (counts.created += 1));
  client.on('connectionClosed', () => (counts.closed += 1));
  client.on('connectionCheckOutStarted', () => (counts.checkOutStarted += 1));
  client.on('connectionCheckedOut', () => (counts.checkedOut += 1));
  client.on('connectionCheckOutFailed', () => (counts.checkOutFailed += 1));
  client.on('connectionCheckedIn', () => (counts.checkedIn += 1));
  return () => {
    const open = Math.max(0, counts.created - counts.closed);
    const active = Math.max(0, counts.checkedOut - counts.checkedIn);
    return { active, idle: Math.max(0, open - active), pending: Math.max(0, counts.checkOutStarted - counts.checkedOut - counts.checkOutFailed) };
  };
}

/**
 * One CLIENT span per command sent inside a recorded trace, from the driver's command monitoring
 * (the started event fires in the caller's async context, so the span joins its request). Commands
 * outside a recorded span (the default, with no OTLP endpoint) cost one check.
 */
export function traceMongoCommands(client: MongoClient): void {
  const spans = tracer('mongodb');
  const open = new Map<number, Span>();
  client.on('commandStarted', (event) => {
    if (!trace.getActiveSpan()?.isRecording()) return;
    const collection = event.command[event.commandName];
    const attributes = {
      'db.system.name': 'mongodb',
      'db.namespace': event.databaseName,
      'db.operation.name': event.commandName,
      ...(typeof collection === 'string' ? { 'db.collection.name': collection } : {}),
    };
    open.set(event.requestId, spans.startSpan(typeof collection === 'string' ? `${event.commandName} ${collection}` : event.commandName, { kind: SpanKind.CLIENT, attributes }));
  });
  client.on('commandSucceeded', (event) => {
    open.get(event.requestId)?.end();
    open.delete(event.requestId);
  });
  client.on('commandFailed', (event) => {
    const span = open.get(event.requestId);
    if (!span) return;
    failSpan(span, event.failure);
    span.end();
    open.delete(event.requestId);
  });
}

export async function connectMongo(url: string, dbName: string): Promise<MongoHandle> {
  const client = new MongoClient(url, { monitorCommands: true, serverSelectionTimeoutMS: 5000 });
  const pool = trackMongoPool(client);
  traceMongoCommands(client);
  await client.connect();
  return { client, db: client.db(dbName), pool, close: () => client.close() };
}

/** Index specifications of one collection, as owned by a subgraph's repository layer. */
export interface CollectionIndexes {
  collection: string;
  indexes: IndexDescription[];
}

/** MongoDB's default index name (`a_1_b_-1`), used to compare specs with existing indexes. */
export function indexName(index: IndexDescription): string {
  return index.name ?? Object.entries(index.key).map(([field, direction]) => `${field}_${String(direction)}`).join('_');
}

/**
 * Creates every collection and index that is missing; safe to run any number of times. Only
 * missing indexes are sent, so a start against a ready database sends no index command at all.
 */
export async function ensureCollections(db: Db, specs: CollectionIndexes[]): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const spec of specs) {
    // Several subgraphs may list one shared collection (outbox_events): create it once.
    if (!existing.has(spec.collection)) await db.createCollection(spec.collection);
    existing.add(spec.collection);
    const present = new Set((await db.collection(spec.collection).listIndexes().toArray()).map((index) => String(index.name)));
    const missing = spec.indexes.filter((index) => !present.has(indexName(index)));
    if (missing.length > 0) await db.collection(spec.collection).createIndexes(missing);
  }
}

/**
 * Counts commands sent through a client (e.g. `find`), for tests that prove batching.
 * Returns a function reading the counts and a function detaching the listener.
 */
export function watchCommands(client: MongoClient): { count(name: string, collection?: string): number; reset(): void; stop(): void } {
  let events: CommandStartedEvent[] = [];
  const listener = (event: CommandStartedEvent): void => {
    events.push(event);
  };
  client.on('commandStarted', listener);
  return {
    count: (name, collection) =>
      events.filter((e) => e.commandName === name && (collection === undefined || e.command[name] === collection)).length,
    reset: () => {
      events = [];
    },
    stop: () => {
      client.off('commandStarted', listener);
    },
  };
}

/**
 * A unique index rejected the write (a concurrent writer won the race). MongoDB and
 * mongo-java-server say E11000; FerretDB 1.24 (which some may still run) surfaces SQLite's
 * "UNIQUE constraint failed" on update instead, so both forms count.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoServerError && (error.code === 11000 || error.message.includes('UNIQUE constraint failed'));
}

/**
 * `text` matched literally inside a `$regex` (valid for PCRE, Java's regex and RE2 alike): every
 * metacharacter is escaped, and `/` and `-` too, which a pattern may carry between delimiters or
 * inside a class.
 */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
