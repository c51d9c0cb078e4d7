import { createKafka, ensureTopics, type AppConfig } from '@kayak/common';
import { createTestMongo, createTestMySql, testConfig, uniqueName, type TestMongo, type TestMySql } from '@kayak/common/testing';
import { initMongo } from '../../../scripts/db-init.js';
import { seedListings } from '@kayak/listings/seed';
import { seedReviews } from '@kayak/reviews/seed';
import { seedUsers } from '@kayak/users/seed';
import { startInProcessSupergraph, type SubgraphOverrides } from '../../../test/support/supergraph.js';

/**
 * The whole supergraph in this process (test/support/supergraph.ts), as `npm start` runs it: four
 * subgraphs and the gateway on ephemeral ports, fresh Mongo and MySQL databases with the demo seed
 * (each subgraph's src/seed.ts), and the
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

/** Extra subgraph options (e.g. a consumer to start), merged over the ones above. */
export type SupergraphOptions = SubgraphOverrides;

export async function startSupergraph(prefix: string, options: SupergraphOptions = {}): Promise<Supergraph> {
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

  try {
    const graph = await startInProcessSupergraph({
      config: base,
      mongoDb: mongo.name,
      databaseUrl: mysql.url,
      ...options,
      listings: { startAvailabilityConsumer: true, availabilityConsumer: { groupId: `${topicBase}.availability`, topics: Object.values(topics), deadLetterTopic }, ...options.listings },
      bookings: { cachePrefix: uniqueName(`t_${prefix}`), outbox: { enabled: true, topics, pollIntervalMs: 200 }, ...options.bookings },
    });
    return {
      url: graph.gateway.url,
      config: graph.config,
      mongo,
      mysql,
      async close() {
        // The gateway first, then the subgraphs (the consumer and relay stop with theirs).
        await graph.close();
        await kafkaAdmin.deleteTopics({ topics: [...Object.values(topics), deadLetterTopic] }).catch(() => undefined);
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
