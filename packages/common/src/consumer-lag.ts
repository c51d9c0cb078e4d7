import type { Admin } from 'kafkajs';

/** Readiness and metrics ask for the lag; a frozen broker must not hold them for kafkajs's 30 s request timeout. */
const LAG_TIMEOUT_MS = 3000;

/**
 * Messages in `topics` the group has not committed yet: per partition, the high watermark minus
 * the committed offset (or minus the earliest offset when the group committed nothing there, as
 * a new group starts from the beginning). Null when Kafka cannot be asked.
 */
export async function consumerLag(admin: Admin, groupId: string, topics: string[], timeoutMs = LAG_TIMEOUT_MS): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    return await Promise.race([measureLag(admin, groupId, topics), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function measureLag(admin: Admin, groupId: string, topics: string[]): Promise<number | null> {
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
