import { BOOKING_EVENT_TYPES, createKafka, ensureTopics, prefixedTopic, type AppConfig } from '@kayak/common';
import { createTestMongo, createTestMySql, testConfig, uniqueName, type TestMongo, type TestMySql } from '@kayak/common/testing';
import { initMongo } from '../../../scripts/db-init.js';
import { seedListings } from '@kayak/listings/seed';
import { LISTING_EVENT_TYPES } from '../../../subgraphs/listings/src/repositories/listingEvents.js';
import { NOTIFICATION_EVENT_TYPES } from '../../../subgraphs/users/src/services/notificationEvents.js';
import { seedReviews } from '@kayak/reviews/seed';
import { seedUsers } from '@kayak/users/seed';
import { startInProcessSupergraph, type SubgraphOverrides } from '../../../test/support/supergraph.js';

/**
 * The whole supergraph in this process (test/support/supergraph.ts), as `npm start` runs it: four
 * subgraphs and the gateway on ephemeral ports, fresh Mongo and MySQL databases with the demo seed
 * (each subgraph's src/seed.ts), and the
 * booking events flowing through Kafka (bookings outbox relay → listings availability consumer)
 * on topics and a consumer group of this run only. With `notifications`, the listing events flow
 * too (listings relay → users notification consumer → mail relay → the SMTP catcher), on this
 * run's topics as well.
 */
export interface Supergraph {
  /** The gateway's GraphQL endpoint. */
  url: string;
  config: AppConfig;
  mongo: TestMongo;
  mysql: TestMySql;
  close(): Promise<void>;
}

/** Extra subgraph options (e.g. a consumer to start), merged over the ones above. */
export interface SupergraphOptions extends SubgraphOverrides {
  /** Relay listing events and turn listing and booking events into notifications and mails. */
  notifications?: boolean;
}

export async function startSupergraph(prefix: string, options: SupergraphOptions = {}): Promise<Supergraph> {
  const base = testConfig();
  const mongo = await createTestMongo(base, prefix);
  const mysql = await createTestMySql(base, prefix);
  await initMongo(mongo.db);
  await seedUsers(mongo.db);
  await seedListings(mongo.db);
  await seedReviews(mongo.db);

  const topicBase = uniqueName(`t_${prefix}`);
  const topicOf = prefixedTopic(topicBase);
  const topics = Object.fromEntries(BOOKING_EVENT_TYPES.map((type) => [type, topicOf(type)]));
  const deadLetterTopic = `${topicBase}.booking.dlq`;
  const eventsDeadLetterTopic = `${topicBase}.events.dlq`;
  const { notifications, ...overrides } = options;
  const allTopics = [...Object.values(topics), deadLetterTopic, ...(notifications ? [...LISTING_EVENT_TYPES.map(topicOf), eventsDeadLetterTopic] : [])];
  const kafkaAdmin = createKafka(base.KAFKA_BROKERS, `${prefix}-admin`).admin();
  await kafkaAdmin.connect();
  await ensureTopics(kafkaAdmin, allTopics);
  const events: SubgraphOverrides = notifications
    ? {
        listings: { domainEvents: { relay: true, topicPrefix: topicBase, pollIntervalMs: 100 } },
        users: {
          startNotificationConsumer: true,
          notificationConsumer: { groupId: `${topicBase}.notifications`, topics: NOTIFICATION_EVENT_TYPES.map(topicOf), deadLetterTopic: eventsDeadLetterTopic },
          startMailRelay: true,
        },
      }
    : {};

  try {
    const graph = await startInProcessSupergraph({
      config: base,
      mongoDb: mongo.name,
      databaseUrl: mysql.url,
      ...overrides,
      users: { ...events.users, ...overrides.users },
      listings: { startAvailabilityConsumer: true, availabilityConsumer: { groupId: `${topicBase}.availability`, topics: Object.values(topics), deadLetterTopic }, ...events.listings, ...overrides.listings },
      bookings: { cachePrefix: uniqueName(`t_${prefix}`), outbox: { enabled: true, topics, pollIntervalMs: 200 }, ...overrides.bookings },
    });
    return {
      url: graph.gateway.url,
      config: graph.config,
      mongo,
      mysql,
      async close() {
        // The gateway first, then the subgraphs (the consumer and relay stop with theirs).
        await graph.close();
        await kafkaAdmin.deleteTopics({ topics: allTopics }).catch(() => undefined);
        await kafkaAdmin.disconnect();
        await mongo.drop();
        await mysql.drop();
      },
    };
  } catch (error) {
    await kafkaAdmin.disconnect();
    await mongo.drop();
    await mysql.drop();
    throw error;
  }
}
