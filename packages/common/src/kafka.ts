import { Kafka, logLevel, type Admin } from 'kafkajs';

/** Booking lifecycle topics (design doc) and the dead-letter topic for unprocessable events. */
export const TOPICS = {
  bookingCreated: 'booking.created',
  bookingConfirmed: 'booking.confirmed',
  bookingCancelled: 'booking.cancelled',
  deadLetter: 'booking.dlq',
} as const;

export const BOOKING_TOPICS: string[] = [TOPICS.bookingCreated, TOPICS.bookingConfirmed, TOPICS.bookingCancelled];

export function createKafka(brokers: string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { retries: 5, initialRetryTime: 200 },
  });
}

/** Creates the missing topics (3 partitions each, so per-listing keys spread); idempotent. */
export async function ensureTopics(admin: Admin, topics: string[], numPartitions = 3): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
    });
  }
  return missing;
}
