import type { Admin } from 'kafkajs';

/**
 * Messages in `topics` the group has not committed yet: per partition, the high watermark minus
 * the committed offset (or minus the earliest offset when the group committed nothing there, as
 * a new group starts from the beginning). Null when Kafka cannot be asked.
 */
export async function consumerLag(admin: Admin, groupId: string, topics: string[]): Promise<number | null> {
  try {
    await admin.connect(); // no-op when connected
    const committed = await admin.fetchOffsets({ groupId, topics });
    let lag = 0;
    for (const topic of topics) {
      const partitions = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
      for (const end of await admin.fetchTopicOffsets(topic)) {
        const offset = Number(partitions.find((entry) => entry.partition === end.partition)?.offset ?? -1);
        const from = offset >= 0 ? offset : Number(end.low);
        lag += Math.max(0, Number(end.high) - from);
      }
    }
    return lag;
  } catch {
    return null;
  }
}
