import { createKafka, ensureTopics, type AppConfig, type RunningHttpServer } from '@kayak/common';
import { createTestMongo, createTestMySql, testConfig, uniqueName, type TestMongo, type TestMySql } from '@kayak/common/testing';
import { createServer as createBookings } from '@kayak/bookings';
import { createGateway } from '@kayak/gateway';
import { createServer as createListings } from '@kayak/listings';
import { createServer as createReviews } from '@kayak/reviews';
import { createServer as createUsers } from '@kayak/users';
import { initMongo } from '../../../scripts/db-init.js';
import { seedListings } from '../../../scripts/seed/listings.js';
import { seedReviews } from '../../../scripts/seed/reviews.js';
import { seedUsers } from '../../../scripts/seed/users.js';

/**
 * The whole supergraph in this process, as `npm start` runs it: four subgraphs and the gateway on
 * ephemeral ports, fresh Mongo and MySQL databases with the demo seed (scripts/seed), and the
 * booking events flowing through Kafka (bookings outbox relay → listings availability consumer)
 * on topics and a consumer group of this run only.
 */
export interface Supergraph {
  /** The gateway's GraphQL endpoint. */
  url: string;
  config: AppConfig;
  mongo: TestMongo;
  mysql: TestMySql;
  close(): Promise<void>;
}

export async function startSupergraph(prefix: string): Promise<Supergraph> {
  const base = testConfig();
  const mongo = await createTestMongo(base, prefix);
  const mysql = await createTestMySql(base, prefix);
  await initMongo(mongo.db);
  await seedUsers(mongo.db);
  await seedListings(mongo.db);
  await seedReviews(mongo.db);

  const topicBase = uniqueName(`t_${prefix}`);
  const topics = {
    'booking.created': `${topicBase}.booking.created`,
    'booking.confirmed': `${topicBase}.booking.confirmed`,
    'booking.cancelled': `${topicBase}.booking.cancelled`,
  };
  const deadLetterTopic = `${topicBase}.booking.dlq`;
  const kafkaAdmin = createKafka(base.KAFKA_BROKERS, `${prefix}-admin`).admin();
  await kafkaAdmin.connect();
  await ensureTopics(kafkaAdmin, [...Object.values(topics), deadLetterTopic]);

  const servers: RunningHttpServer[] = [];
  const started = <T extends RunningHttpServer>(server: T): T => {
    servers.push(server);
    return server;
  };
  try {
    const users = started(await createUsers({ config: base, port: 0, mongoDb: mongo.name }));
    const listings = started(
      await createListings({
        config: base,
        port: 0,
        mongoDb: mongo.name,
        startAvailabilityConsumer: true,
        availabilityConsumer: { groupId: `${topicBase}.availability`, topics: Object.values(topics), deadLetterTopic },
      }),
    );
    // Subgraph-to-subgraph entity fetches go to this run's servers, not the configured ports.
    const config = testConfig({ USERS_URL: users.url, LISTINGS_URL: listings.url });
    const bookings = started(
      await createBookings({ config, port: 0, databaseUrl: mysql.url, cachePrefix: uniqueName(`t_${prefix}`), outbox: { enabled: true, topics, pollIntervalMs: 200 } }),
    );
    const reviews = started(await createReviews({ config: testConfig({ BOOKINGS_URL: bookings.url }), port: 0, mongoDb: mongo.name }));
    const gateway = started(
      await createGateway({ config, port: 0, mongoDb: mongo.name, subgraphUrls: { users: users.url, listings: listings.url, bookings: bookings.url, reviews: reviews.url } }),
    );
    return {
      url: gateway.url,
      config,
      mongo,
      mysql,
      async close() {
        // The gateway first, then the subgraphs (the consumer and relay stop with theirs).
        for (const server of servers.reverse()) await server.close();
        await kafkaAdmin.deleteTopics({ topics: [...Object.values(topics), deadLetterTopic] }).catch(() => undefined);
        await kafkaAdmin.disconnect();
        await mongo.drop();
        await mysql.drop();
      },
    };
  } catch (error) {
    for (const server of servers.reverse()) await server.close().catch(() => undefined);
    await kafkaAdmin.disconnect();
    await mongo.drop();
    await mysql.drop();
    throw error;
  }
}
