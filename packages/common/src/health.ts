import type { Db } from 'mongodb';
import type { Redis } from 'ioredis';
import type { Admin } from 'kafkajs';

export interface DependencyHealth {
  name: string;
  ok: boolean;
  detail: string | null;
}

export interface SubgraphHealth {
  service: string;
  ok: boolean;
  dependencies: DependencyHealth[];
}

const TIMEOUT_MS = 2000;

async function probe(name: string, check: () => Promise<unknown>): Promise<DependencyHealth> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { name, ok: true, detail: null };
  } catch (error) {
    return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export const mongoProbe = (db: Db) => (): Promise<DependencyHealth> => probe('mongodb', () => db.command({ ping: 1 }));
export const redisProbe = (redis: Redis) => (): Promise<DependencyHealth> => probe('redis', () => redis.ping());
export const kafkaProbe = (admin: Admin) => (): Promise<DependencyHealth> =>
  probe('kafka', async () => {
    await admin.connect(); // no-op when connected; reconnects after a broker restart
    return admin.describeCluster();
  });
export const sqlProbe = (query: () => Promise<unknown>) => (): Promise<DependencyHealth> => probe('mysql', query);

export async function checkHealth(service: string, probes: Array<() => Promise<DependencyHealth>>): Promise<SubgraphHealth> {
  const dependencies = await Promise.all(probes.map((run) => run()));
  return { service, ok: dependencies.every((d) => d.ok), dependencies };
}
