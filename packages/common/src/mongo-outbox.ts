import { randomUUID } from 'node:crypto';
import type { AnyBulkWriteOperation, Collection, Db, Document, Filter, ObjectId, UpdateFilter, WithId } from 'mongodb';
import { Gauge, type Registry } from 'prom-client';
import type { DomainEvent, EventType } from './domain-events.js';
import { conflict } from './errors.js';
import { createKafkaPublisher, type EventPublisher, type OutgoingMessage } from './kafka.js';
import type { Logger } from './logger.js';
import { sharedRead } from './metrics.js';
import { createRelayLoop, type RelayLoop } from './relay.js';
import { contextFromTraceparent, currentTraceparent, failSpan, SpanKind, tracer, traceparentOf } from './telemetry.js';

/**
 * The Mongo side of the event backbone (issue 16, docs/events.md "The Mongo outbox"): a change and
 * its domain events are written in ONE single-document update, since MongoDB (and mongo-java-server)
 * give no multi-document transaction here.
 *
 * - The changed document carries `pendingEvents` (events written, not yet published) and
 *   `revision` (grows by one per change; every event payload carries it). The update that changes
 *   the document pushes its events in the same command, conditional on the revision it read, so a
 *   concurrent writer makes it retry instead of publishing a snapshot that never existed.
 * - After the write a small hint `{ source, documentId }` goes into `outbox_events`, so the relay
 *   finds work without scanning. A hint lost in a crash is harmless: a periodic sweep (and the first
 *   round after a start) looks for every document with pending events.
 * - The relay publishes a document's pending events in order, then `$pull`s exactly the ids it
 *   published. A crash between the two republishes them: delivery is at least once, consumers
 *   dedupe by the envelope `id`.
 * - A hard delete writes its events (and whatever the document still had pending) into an
 *   `outbox_events` entry first, then deletes; the relay publishes the entry only once the document
 *   is gone, and discards it when the document still exists after a grace period (the delete never
 *   happened).
 */

export const OUTBOX_COLLECTION = 'outbox_events';

/** An event waiting in its document (or a delete entry): the Kafka message, ready to send. */
export interface StoredEvent {
  id: string;
  type: EventType;
  key: string;
  /** The JSON envelope, the message value. */
  value: string;
  /** The writing request's trace context, continued by the relay's publish span. */
  traceparent?: string;
  writtenAt: Date;
}

/** The fields the outbox adds to a document of a source collection. */
export interface OutboxFields {
  revision?: number;
  pendingEvents?: StoredEvent[];
}

/** A collection whose documents publish events, and the unique field that names one document. */
export interface OutboxSource {
  collection: string;
  /** `_id` or a unique business key (`user_id`, `flight_id`): relay lookups go through a unique index. */
  idField: string;
}

type DocumentId = string | ObjectId;

interface OutboxEntry {
  _id?: ObjectId;
  /** `pending`: a document of `source` has pending events; `delete`: events of a hard delete. */
  kind: 'pending' | 'delete';
  source: string;
  documentId: DocumentId;
  events?: StoredEvent[];
  at: Date;
}

export function storedEvent(event: DomainEvent): StoredEvent {
  const traceparent = currentTraceparent();
  return { id: event.id, type: event.type, key: event.key, value: JSON.stringify(event), ...(traceparent ? { traceparent } : {}), writtenAt: new Date() };
}

/** A fresh envelope id and timestamp for `domainEvent()`. */
export const newEventMeta = (occurredAt: Date = new Date()): { id: string; occurredAt: Date } => ({ id: randomUUID(), occurredAt });

/** A document's revision: 0 for one written before the outbox existed (seeds, older data). */
export const revisionOf = (document: OutboxFields): number => document.revision ?? 0;

/** Matches the document only while it still has the revision that was read. */
export const atRevision = (revision: number): Document => (revision === 0 ? { revision: { $exists: false } } : { revision });

/**
 * Adds `$set: { revision }` and `$push` of the events to an update. `replacePending` sets the
 * pending events to these instead: the unpublished ones are dropped (a GDPR erasure must not
 * leave personal data in events still waiting in the document).
 */
export function withEvents(update: UpdateFilter<Document>, revision: number, events: readonly DomainEvent[], replacePending = false): UpdateFilter<Document> {
  const stored = events.map(storedEvent);
  if (replacePending) return { ...update, $set: { ...(update.$set as Document | undefined), revision, pendingEvents: stored } } as UpdateFilter<Document>;
  const set = { ...(update.$set as Document | undefined), revision };
  const push: Document = { pendingEvents: { $each: stored } };
  const result: Document = events.length === 0 ? { ...update, $set: set } : { ...update, $set: set, $push: push };
  return result as UpdateFilter<Document>;
}

/** What a read-modify-write does to the document it read: its update and its events; null changes nothing. */
export interface PlannedChange {
  update: UpdateFilter<Document>;
  events: DomainEvent[];
  replacePending?: boolean;
}
export type OutboxChange<D> = (current: WithId<D>, nextRevision: number) => PlannedChange | null | Promise<PlannedChange | null>;

export interface OutboxWriterOptions {
  /** After each committed write, before its hint: fault tests kill the process here. */
  afterWrite?: () => void;
  logger?: Logger;
}

/**
 * The write side, used by repositories: every write that changes a source document goes through
 * it, so no change is stored without its events.
 */
export class OutboxWriter {
  private readonly entries: Collection<OutboxEntry>;
  private readonly listeners = new Set<() => void>();

  constructor(
    db: Db,
    private readonly options: OutboxWriterOptions = {},
  ) {
    this.entries = db.collection<OutboxEntry>(OUTBOX_COLLECTION);
  }

  /** The relay of this process asks to be woken when events were written. */
  onWritten(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A hint for the relay; never throws (the change is stored already, the sweep finds it anyway). */
  private async hint(source: OutboxSource, documentId: DocumentId): Promise<void> {
    this.options.afterWrite?.();
    try {
      await this.entries.insertOne({ kind: 'pending', source: source.collection, documentId, at: new Date() });
    } catch (error) {
      this.options.logger?.warn({ err: error, source: source.collection }, 'outbox hint not written; the relay sweep will find the events');
    }
    for (const listener of this.listeners) listener();
  }

  /** Inserts a new document at revision 1 with its events (built by the caller with revision 1). */
  async insert<D extends Document>(collection: Collection<D>, source: OutboxSource, document: D, events: readonly DomainEvent[]): Promise<void> {
    const stored = { ...document, revision: 1, pendingEvents: events.map(storedEvent) };
    await collection.insertOne(stored as unknown as Parameters<Collection<D>['insertOne']>[0]);
    await this.hint(source, (document as Document)[source.idField] as DocumentId);
  }

  /**
   * Read, decide, then write conditionally on the revision read (a concurrent change makes it read
   * again). Returns the document after the change, the document as read when `change` returned null,
   * and null when no document matches `filter`. Pending events are never returned.
   */
  async update<D extends Document>(collection: Collection<D>, source: OutboxSource, filter: Filter<D>, change: OutboxChange<D>, attempts = 5): Promise<WithId<D> | null> {
    const withoutEvents = { projection: { pendingEvents: 0 } };
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const current = await collection.findOne(filter, withoutEvents);
      if (!current) return null;
      const revision = revisionOf(current as OutboxFields);
      const planned = await change(current as WithId<D>, revision + 1);
      if (!planned) return current as WithId<D>;
      const after = await collection.findOneAndUpdate({ ...filter, ...atRevision(revision) } as Filter<D>, withEvents(planned.update, revision + 1, planned.events, planned.replacePending) as UpdateFilter<D>, {
        ...withoutEvents,
        returnDocument: 'after',
      });
      if (after) {
        if (planned.events.length > 0) await this.hint(source, (after as Document)[source.idField] as DocumentId);
        return after as WithId<D>;
      }
    }
    throw conflict('The record was changed by someone else at the same time; try again');
  }

  /**
   * A hard delete: the events (built from the document as read, with the next revision) and any
   * still pending go into an outbox entry first, then the document is deleted if still at that
   * revision. Returns the deleted document, or null when none matches.
   */
  async delete<D extends Document>(collection: Collection<D>, source: OutboxSource, filter: Filter<D>, eventsOf: (current: WithId<D>, nextRevision: number) => DomainEvent[], attempts = 5): Promise<WithId<D> | null> {
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const current = await collection.findOne(filter);
      if (!current) return null;
      const fields = current as OutboxFields;
      const revision = revisionOf(fields);
      const documentId = (current as Document)[source.idField] as DocumentId;
      const events = [...(fields.pendingEvents ?? []), ...eventsOf(current as WithId<D>, revision + 1).map(storedEvent)];
      const { insertedId } = await this.entries.insertOne({ kind: 'delete', source: source.collection, documentId, events, at: new Date() });
      const { deletedCount } = await collection.deleteOne({ ...filter, ...atRevision(revision) } as Filter<D>);
      if (deletedCount === 1) {
        this.options.afterWrite?.();
        for (const listener of this.listeners) listener();
        return current as WithId<D>;
      }
      await this.entries.deleteOne({ _id: insertedId });
    }
    throw conflict('The record was changed by someone else at the same time; try again');
  }
}

export interface MongoOutboxBacklog {
  /** Hints and delete entries not yet handled: roughly, changes not yet published. */
  unpublished: number;
  oldestAt: Date | null;
}

export interface MongoOutboxRelayOptions {
  db: Db;
  sources: readonly OutboxSource[];
  publisher: EventPublisher;
  logger: Logger;
  /** Topic of an event type (default: the type itself); tests prefix theirs. */
  topicOf?: (type: EventType) => string;
  /** Woken by this writer's writes (events written by other processes are found by polling). */
  writer?: OutboxWriter;
  batchSize?: number;
  pollIntervalMs?: number;
  /** How often every source is searched for pending events whose hint was lost. */
  sweepIntervalMs?: number;
  /** How long a delete entry waits for its document to go before it is discarded. */
  deleteGraceMs?: number;
  backoff?: { initialMs?: number; maxMs?: number };
  /** Service name of the publish spans. */
  service?: string;
}

export interface MongoOutboxRelay extends RelayLoop {
  /** One pass: hints, delete entries and (when due or `sweep`) a sweep; returns the events sent. */
  publishPending(options?: { sweep?: boolean }): Promise<number>;
  backlog(): Promise<MongoOutboxBacklog>;
}

export interface Work {
  messages: StoredEvent[];
  /** Per source: document id (as a string) → the document's id and the event ids published from it. */
  pulls: Map<string, Map<string, { documentId: DocumentId; ids: string[] }>>;
  /** Entries handled (published or discarded). */
  done: ObjectId[];
}

const idKey = (id: DocumentId): string => String(id);

/** Groups pending events of documents into one batch of messages; pure. */
export function collectDocumentEvents(work: Work, source: string, idField: string, documents: readonly Document[]): void {
  const pulls = work.pulls.get(source) ?? new Map<string, { documentId: DocumentId; ids: string[] }>();
  for (const document of documents) {
    const documentId = document[idField] as DocumentId;
    const events = (document.pendingEvents as StoredEvent[] | undefined) ?? [];
    if (events.length === 0 || pulls.has(idKey(documentId))) continue;
    work.messages.push(...events);
    pulls.set(idKey(documentId), { documentId, ids: events.map((event) => event.id) });
  }
  work.pulls.set(source, pulls);
}

/** What to do with a delete entry: publish once its document is gone, discard after the grace period, else wait. */
export function deleteEntryDecision(documentExists: boolean, ageMs: number, graceMs: number): 'publish' | 'discard' | 'wait' {
  if (!documentExists) return 'publish';
  return ageMs > graceMs ? 'discard' : 'wait';
}

export function createMongoOutboxRelay(options: MongoOutboxRelayOptions): MongoOutboxRelay {
  const { db, publisher, logger } = options;
  const entries = db.collection<OutboxEntry>(OUTBOX_COLLECTION);
  const sources = new Map(options.sources.map((source) => [source.collection, source]));
  // One database holds every subgraph's collections and one outbox_events: a relay reads only the entries of its sources.
  const mine = [...sources.keys()];
  const batchSize = options.batchSize ?? 100;
  const sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
  const deleteGraceMs = options.deleteGraceMs ?? 60_000;
  const topicOf = options.topicOf ?? ((type: EventType) => type);
  const spans = tracer(`@kayak/${options.service ?? 'outbox'}`);
  let lastSweep = 0;

  const pendingOf = (source: OutboxSource, ids: readonly DocumentId[]): Promise<Document[]> =>
    db
      .collection(source.collection)
      .find({ [source.idField]: { $in: [...ids] }, 'pendingEvents.id': { $exists: true } }, { projection: { [source.idField]: 1, pendingEvents: 1 } })
      .toArray();

  async function send(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    const sends = events.map((event) => {
      const topic = topicOf(event.type);
      const span = spans.startSpan(
        `${topic} publish`,
        { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.operation.type': 'send', 'messaging.kafka.message.key': event.key } },
        contextFromTraceparent(event.traceparent),
      );
      const traceparent = traceparentOf(span);
      const message: OutgoingMessage = { topic, key: event.key, value: event.value, headers: { 'event-type': event.type, 'event-id': event.id, ...(traceparent ? { traceparent } : {}) } };
      return { span, message };
    });
    try {
      await publisher.publish(sends.map(({ message }) => message));
    } catch (error) {
      for (const { span } of sends) failSpan(span, error);
      throw error;
    } finally {
      for (const { span } of sends) span.end();
    }
  }

  /** `$pull` exactly the published ids: events pushed meanwhile stay. */
  async function pullPublished(work: Work): Promise<void> {
    for (const [collection, pulls] of work.pulls) {
      const source = sources.get(collection);
      if (!source || pulls.size === 0) continue;
      const operations: AnyBulkWriteOperation<OutboxFields>[] = [...pulls.values()].map(({ documentId, ids }) => ({
        updateOne: { filter: { [source.idField]: documentId } as Filter<OutboxFields>, update: { $pull: { pendingEvents: { id: { $in: ids } } } } },
      }));
      await db.collection<OutboxFields>(collection).bulkWrite(operations, { ordered: false });
    }
  }

  /** Hints: the documents they name, with their pending events. Returns whether the batch was full. */
  async function collectHints(work: Work): Promise<boolean> {
    const hints = await entries.find({ kind: 'pending', source: { $in: mine } }).sort({ _id: 1 }).limit(batchSize).toArray();
    const ids = new Map<string, Map<string, DocumentId>>();
    for (const hint of hints) {
      if (hint._id) work.done.push(hint._id);
      if (!sources.has(hint.source)) continue;
      const perSource = ids.get(hint.source) ?? new Map<string, DocumentId>();
      perSource.set(idKey(hint.documentId), hint.documentId);
      ids.set(hint.source, perSource);
    }
    for (const [collection, perSource] of ids) {
      const source = sources.get(collection);
      if (source) collectDocumentEvents(work, collection, source.idField, await pendingOf(source, [...perSource.values()]));
    }
    return hints.length === batchSize;
  }

  async function collectDeletes(work: Work): Promise<boolean> {
    const deletes = await entries.find({ kind: 'delete', source: { $in: mine } }).sort({ _id: 1 }).limit(batchSize).toArray();
    const now = Date.now();
    let handled = 0;
    for (const entry of deletes) {
      const source = sources.get(entry.source);
      const exists = source ? (await db.collection(source.collection).countDocuments({ [source.idField]: entry.documentId }, { limit: 1 })) > 0 : false;
      const decision = source ? deleteEntryDecision(exists, now - entry.at.getTime(), deleteGraceMs) : 'discard';
      if (decision === 'wait' || !entry._id) continue;
      if (decision === 'publish') work.messages.push(...(entry.events ?? []));
      else logger.warn({ source: entry.source, documentId: idKey(entry.documentId) }, 'outbox delete entry discarded: its document was never deleted');
      work.done.push(entry._id);
      handled += 1;
    }
    return deletes.length === batchSize && handled > 0;
  }

  /** Documents of every source that still have pending events, a batch per source; true when a batch was full. */
  async function collectSweep(work: Work): Promise<boolean> {
    let full = false;
    for (const source of sources.values()) {
      const documents = await db
        .collection(source.collection)
        .find({ 'pendingEvents.id': { $exists: true } }, { projection: { [source.idField]: 1, pendingEvents: 1 } })
        .limit(batchSize)
        .toArray();
      collectDocumentEvents(work, source.collection, source.idField, documents);
      full ||= documents.length === batchSize;
    }
    return full;
  }

  async function round(sweepNow: boolean): Promise<{ sent: number; more: boolean; moreToSweep: boolean }> {
    const work: Work = { messages: [], pulls: new Map(), done: [] };
    const moreHints = await collectHints(work);
    const moreDeletes = await collectDeletes(work);
    const sweeping = sweepNow || Date.now() - lastSweep >= sweepIntervalMs;
    const moreToSweep = sweeping ? await collectSweep(work) : false;
    await send(work.messages);
    await pullPublished(work);
    if (work.done.length > 0) await entries.deleteMany({ _id: { $in: work.done } });
    if (sweeping) lastSweep = Date.now();
    return { sent: work.messages.length, more: moreHints || moreDeletes || moreToSweep, moreToSweep };
  }

  // Serialised: the loop and an explicit call never run rounds at once (they would publish twice).
  let previous: Promise<unknown> = Promise.resolve();
  function publishPending(publishOptions: { sweep?: boolean } = {}): Promise<number> {
    const next = previous.then(() => drain(publishOptions));
    previous = next.catch(() => undefined);
    return next;
  }

  async function drain(publishOptions: { sweep?: boolean }): Promise<number> {
    let total = 0;
    let sweep = publishOptions.sweep ?? false;
    for (;;) {
      const { sent, more, moreToSweep } = await round(sweep);
      sweep = moreToSweep;
      total += sent;
      if (!more) return total;
    }
  }

  const loop = createRelayLoop(
    {
      async round() {
        await publishPending();
        return false;
      },
      idleMs: options.pollIntervalMs ?? 1000,
      backoff: { initialMs: options.backoff?.initialMs ?? 250, maxMs: options.backoff?.maxMs ?? 5_000 },
      onFailure(error, failures, retryInMs) {
        logger.warn({ err: error, failures, retryInMs }, 'event outbox relay could not publish; retrying');
      },
      onRecovery(failures) {
        logger.info({ after: failures }, 'event outbox relay recovered');
      },
    },
    logger,
  );
  let unsubscribe: (() => void) | null = null;

  async function backlog(): Promise<MongoOutboxBacklog> {
    const [row] = await entries.aggregate<{ count: number; oldest: Date | null }>([{ $match: { source: { $in: mine } } }, { $group: { _id: null, count: { $sum: 1 }, oldest: { $min: '$at' } } }]).toArray();
    return { unpublished: row?.count ?? 0, oldestAt: row?.oldest ?? null };
  }

  return {
    start() {
      if (loop.running) return;
      unsubscribe = options.writer?.onWritten(() => loop.notify()) ?? null;
      loop.start();
    },
    async stop() {
      unsubscribe?.();
      unsubscribe = null;
      await loop.stop();
    },
    notify: () => loop.notify(),
    publishPending,
    backlog,
    get running() {
      return loop.running;
    },
    get failures() {
      return loop.failures;
    },
  };
}

/** The relay's backlog on GET /metrics (`<service>` label from the registry): one aggregation per scrape. */
export function registerOutboxMetrics(registry: Registry, backlog: () => Promise<MongoOutboxBacklog>): void {
  const read = sharedRead(() => backlog().catch(() => null));
  new Gauge({
    name: 'event_outbox_unpublished_entries',
    help: 'Event outbox entries (changes with events, hard deletes) not yet published to Kafka',
    registers: [registry],
    async collect() {
      const current = await read();
      this.set(current ? current.unpublished : Number.NaN);
    },
  });
  new Gauge({
    name: 'event_outbox_oldest_unpublished_age_seconds',
    help: 'Age of the oldest unpublished event outbox entry (0 when none waits)',
    registers: [registry],
    async collect() {
      const current = await read();
      const oldest = current?.oldestAt;
      this.set(current ? (oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0) : Number.NaN);
    },
  });
}

/** The collection spec of `outbox_events` for a subgraph's `collections` (indexes.ts). */
export const outboxCollection = { collection: OUTBOX_COLLECTION, indexes: [{ key: { source: 1, kind: 1 } }] };

/** How a subgraph publishes its domain events (server options; index.ts turns the relay on). */
export interface DomainEventOptions {
  /** Run the relay in this process (index.ts: unless EVENT_RELAY=off). Writes record events either way. */
  relay?: boolean;
  /** Prefix of every topic (`<prefix>.user.created`): tests keep their events apart. */
  topicPrefix?: string;
  /** Where the relay sends (default: Kafka at KAFKA_BROKERS). */
  publisher?: EventPublisher;
  /** Fault tests: runs after each committed write, before its hint. */
  afterWrite?: () => void;
  pollIntervalMs?: number;
  sweepIntervalMs?: number;
  deleteGraceMs?: number;
}

export interface DomainEvents {
  writer: OutboxWriter;
  /** Null when this process does not relay. */
  relay: MongoOutboxRelay | null;
  close(): Promise<void>;
}

export const prefixedTopic = (prefix: string | undefined) => (type: EventType): string => (prefix ? `${prefix}.${type}` : type);

/**
 * The outbox writer of a subgraph and, when asked, its relay (started) and metrics: what server.ts
 * wires; `close()` stops the relay and its producer.
 */
export function createDomainEvents(settings: {
  db: Db;
  service: string;
  sources: readonly OutboxSource[];
  /** The event types this subgraph produces (its topics). */
  types: readonly EventType[];
  brokers: string[];
  logger: Logger;
  metrics?: Registry;
  options?: DomainEventOptions;
}): DomainEvents {
  const options = settings.options ?? {};
  const writer = new OutboxWriter(settings.db, { logger: settings.logger, ...(options.afterWrite ? { afterWrite: options.afterWrite } : {}) });
  if (!options.relay) return { writer, relay: null, close: async () => undefined };
  const topicOf = prefixedTopic(options.topicPrefix);
  const publisher = options.publisher ?? createKafkaPublisher(settings.brokers, settings.types.map(topicOf), `${settings.service}-events`);
  const relay = createMongoOutboxRelay({
    db: settings.db,
    sources: settings.sources,
    publisher,
    logger: settings.logger,
    topicOf,
    writer,
    service: settings.service,
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.sweepIntervalMs ? { sweepIntervalMs: options.sweepIntervalMs } : {}),
    ...(options.deleteGraceMs ? { deleteGraceMs: options.deleteGraceMs } : {}),
  });
  if (settings.metrics) registerOutboxMetrics(settings.metrics, () => relay.backlog());
  relay.start();
  return {
    writer,
    relay,
    async close() {
      await relay.stop();
      await publisher.close();
    },
  };
}
