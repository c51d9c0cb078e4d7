import { connectMongo, EVENT_TOPICS, createKafka, ensureCollections, ensureTopicLayout, loadInfraConfig, RATING_TOPIC, TOPIC_PARTITIONS, TOPICS, type InfraConfig, type TopicLayoutChange } from '@kayak/common';
import { collections as gatewayCollections } from '@kayak/gateway/partners';
import { collections as listingCollections } from '@kayak/listings/indexes';
import { collections as reviewCollections } from '@kayak/reviews/indexes';
import { collections as userCollections } from '@kayak/users/indexes';
import type { Db } from 'mongodb';
import { fileURLToPath } from 'node:url';
import { loadEnvFile } from '@kayak/common/env';

export const mongoCollections = [...userCollections, ...listingCollections, ...reviewCollections, ...gatewayCollections];
export const kafkaTopics = [...EVENT_TOPICS, TOPICS.deadLetter, TOPICS.eventsDeadLetter, RATING_TOPIC];

/** Every Mongo collection and index of the design; idempotent. */
export async function initMongo(db: Db): Promise<void> {
  await ensureCollections(db, mongoCollections);
}

/**
 * The domain event topics (booking ones included), the dead-letter topics and the rating topic, with TOPIC_PARTITIONS partitions
 * each (older topics with fewer are grown); idempotent. Returns what it created and grew.
 */
export async function initKafka(brokers: string[]): Promise<TopicLayoutChange> {
  const admin = createKafka(brokers, 'db-init').admin();
  await admin.connect();
  try {
    return await ensureTopicLayout(admin, kafkaTopics);
  } finally {
    await admin.disconnect();
  }
}

export async function initDatabases(config: InfraConfig): Promise<{ collections: number; createdTopics: string[]; grownTopics: string[] }> {
  const mongo = await connectMongo(config.MONGO_URL, config.MONGO_DB);
  try {
    await initMongo(mongo.db);
  } finally {
    await mongo.close();
  }
  const topics = await initKafka(config.KAFKA_BROKERS);
  return { collections: mongoCollections.length, createdTopics: topics.created, grownTopics: topics.grown };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  loadEnvFile();
  const result = await initDatabases(loadInfraConfig());
  console.log(`db:init: ${result.collections} Mongo collections with their indexes; Kafka topics created: ${result.createdTopics.join(', ') || 'none (all present)'}; grown to ${TOPIC_PARTITIONS} partitions: ${result.grownTopics.join(', ') || 'none'}`);
}
