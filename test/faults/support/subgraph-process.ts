import { ALL_EVENT_TYPES, createKafkaPublisher, loadConfig, prefixedTopic, type DomainEventOptions, type EventPublisher } from '@kayak/common';
import { createServer as createBookings } from '@kayak/bookings';
import { createServer as createListings } from '@kayak/listings';
import { createServer as createUsers } from '@kayak/users';

/**
 * Entry of a subgraph the fault tests run as a child process (see child.ts). Settings come from
 * the environment (MONGO_DB, FAULT_PORT, and for listings the consumer's FAULT_GROUP, FAULT_TOPICS,
 * FAULT_DLQ); it prints `READY <url>` once listening. FAULT_KILL_AT=n makes the listings consumer
 * kill its own process right after the n-th event's write and before that event's offset commit:
 * the worst moment to die; FAULT_DELAY_MS slows every event down (a window to kill it in).
 * FAULT_THROW_AT=n makes the n-th handled event throw a TypeError (a handler bug: kafkajs crashes
 * the consumer with restart: false), FAULT_THROW_COUNT times in a row (default 1: the redelivered
 * event then passes); FAULT_SESSION_TIMEOUT_MS shortens the consumer's Kafka session (a frozen
 * process loses its membership sooner). For bookings: FAULT_DATABASE_URL (its migrated MySQL
 * database), FAULT_OUTBOX_TOPICS (JSON: event type → topic), FAULT_OUTBOX_BATCH (events per relay
 * transaction), FAULT_PUBLISH_DELAY_MS (a random pause of up to that long before each send) and FAULT_KILL_AT_PUBLISH=n: the relay kills its own process right after Kafka
 * acknowledged its n-th batch and before the batch is marked published (the events go out again).
 * For users (test/faults/mongo-outbox.fault.test.ts): FAULT_EVENT_TOPIC_PREFIX runs the domain
 * event relay publishing to `<prefix>.user.*`; FAULT_EVENT_KILL=after-write kills the process right
 * after a user write reached Mongo, before its outbox hint and its publication; after-publish kills
 * it right after Kafka acknowledged the relay's first batch, before the events are pulled.
 * It exits when the test process goes away (stdin closes).
 */
const name = process.argv[2];
const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
const port = Number(process.env.FAULT_PORT ?? 0);
const mongoDb = process.env.MONGO_DB ?? config.MONGO_DB;

/** The users subgraph's event relay with its fault injection (see above); none without a prefix. */
function userEventFaults(): DomainEventOptions | undefined {
  const prefix = process.env.FAULT_EVENT_TOPIC_PREFIX;
  if (!prefix) return undefined;
  const kill = process.env.FAULT_EVENT_KILL;
  const die = (): void => void process.kill(process.pid, 'SIGKILL');
  const topics = ALL_EVENT_TYPES.filter((type) => type.startsWith('user.')).map(prefixedTopic(prefix));
  const kafka = createKafkaPublisher(config.KAFKA_BROKERS, topics, 'fault-users-events');
  const publisher: EventPublisher = {
    async publish(messages) {
      await kafka.publish(messages);
      if (kill === 'after-publish') die();
    },
    close: () => kafka.close(),
  };
  return { relay: true, topicPrefix: prefix, publisher, pollIntervalMs: 200, ...(kill === 'after-write' ? { afterWrite: die } : {}) };
}

async function start() {
  if (name === 'users') return createUsers({ config, port, mongoDb, domainEvents: userEventFaults() });
  if (name === 'listings') {
    const killAt = Number(process.env.FAULT_KILL_AT ?? 0);
    const delayMs = Number(process.env.FAULT_DELAY_MS ?? 0);
    const throwAt = Number(process.env.FAULT_THROW_AT ?? 0);
    let throwsLeft = Number(process.env.FAULT_THROW_COUNT ?? 1);
    const sessionTimeoutMs = Number(process.env.FAULT_SESSION_TIMEOUT_MS ?? 0);
    let handled = 0;
    return createListings({
      config,
      port,
      mongoDb,
      startAvailabilityConsumer: true,
      availabilityConsumer: {
        groupId: process.env.FAULT_GROUP ?? 'fault-listings',
        topics: JSON.parse(process.env.FAULT_TOPICS ?? '[]') as string[],
        deadLetterTopic: process.env.FAULT_DLQ ?? 'fault.dlq',
      },
      ...(sessionTimeoutMs > 0 ? { consumerSessionTimeoutMs: sessionTimeoutMs } : {}),
      beforeCommit: async () => {
        if (throwAt > 0 && handled + 1 === throwAt && throwsLeft > 0) {
          throwsLeft -= 1;
          throw new TypeError('injected handler bug');
        }
        handled += 1;
        if (killAt > 0 && handled === killAt) process.kill(process.pid, 'SIGKILL');
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      },
    });
  }
  if (name === 'bookings') {
    const topics = JSON.parse(process.env.FAULT_OUTBOX_TOPICS ?? '{}') as Record<string, string>;
    const killAt = Number(process.env.FAULT_KILL_AT_PUBLISH ?? 0);
    const publishDelayMs = Number(process.env.FAULT_PUBLISH_DELAY_MS ?? 0);
    const kafka = createKafkaPublisher(config.KAFKA_BROKERS, Object.values(topics), 'fault-bookings-outbox');
    let published = 0;
    const publisher: EventPublisher = {
      async publish(messages) {
        if (publishDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * publishDelayMs));
        await kafka.publish(messages);
        published += 1;
        if (killAt > 0 && published === killAt) process.kill(process.pid, 'SIGKILL');
      },
      close: () => kafka.close(),
    };
    return createBookings({
      config,
      port,
      databaseUrl: process.env.FAULT_DATABASE_URL ?? config.DATABASE_URL,
      outbox: { publisher, topics, pollIntervalMs: 200, batchSize: Number(process.env.FAULT_OUTBOX_BATCH ?? 100) },
      holds: { enabled: false },
      cachePrefix: `fault:${process.pid}:bookings`,
    });
  }
  throw new Error(`unknown subgraph ${String(name)}`);
}

const server = await start();
process.stdout.write(`READY ${server.url}\n`);
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
