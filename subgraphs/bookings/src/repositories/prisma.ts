import { AppError, tracesRecorded, type PoolStats } from '@kayak/common';
import { PrismaMariaDb } from '@prisma/adapter-mariadb';
import { PrismaInstrumentation } from '@prisma/instrumentation';
import { Prisma, PrismaClient } from '../generated/prisma/client.js';

export { Prisma };
export type { PrismaClient };
/** The client inside `$transaction(async (tx) => …)`. */
export type PrismaTx = Prisma.TransactionClient;
/** Either the client or a transaction: reads work with both. */
export type PrismaReader = PrismaClient | PrismaTx;

export interface CreatePrismaOptions {
  /** Called with each SQL statement Prisma sends (tests count them to prove batching). */
  onQuery?: (sql: string) => void;
}

export interface PooledPrisma {
  prisma: PrismaClient;
  /** The driver pool under the client now (GET /metrics: db_pool_*). */
  pool(): PoolStats;
}

/** Prisma 7 client over the MariaDB driver adapter (works with MariaDB and MySQL 8). */
export function createPrisma(databaseUrl: string, options: CreatePrismaOptions = {}): PrismaClient {
  return createPooledPrisma(databaseUrl, options).prisma;
}

type DriverAdapterFactory = NonNullable<ConstructorParameters<typeof PrismaClient>[0]>['adapter'];
type MariaDbPool = ReturnType<Awaited<ReturnType<PrismaMariaDb['connect']>>['underlyingDriver']>;

/**
 * The client, and a view of the driver pool the adapter creates when Prisma connects (the
 * adapter's `underlyingDriver()`); the pool reads as empty before the first query.
 */
export function createPooledPrisma(databaseUrl: string, options: CreatePrismaOptions = {}): PooledPrisma {
  tracePrismaQueries();
  const factory = new PrismaMariaDb(databaseUrl);
  let pool: MariaDbPool | null = null;
  const adapter: DriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const connected = await factory.connect();
      pool = connected.underlyingDriver();
      return connected;
    },
  };
  const stats = (): PoolStats => (pool ? { active: pool.activeConnections(), idle: pool.idleConnections(), pending: pool.taskQueueSize() } : { active: 0, idle: 0, pending: 0 });
  if (!options.onQuery) return { prisma: new PrismaClient({ adapter }), pool: stats };
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  const onQuery = options.onQuery;
  client.$on('query', (event) => onQuery(event.query));
  return { prisma: client, pool: stats };
}

let prismaTracing: PrismaInstrumentation | undefined;

/**
 * Prisma's own spans (operation, transaction, each SQL statement) join the active trace once
 * Prisma's global tracing hook is installed; only when this process records spans, since Prisma
 * does the span work even for unsampled ones.
 */
function tracePrismaQueries(): void {
  if (prismaTracing || !tracesRecorded()) return;
  prismaTracing = new PrismaInstrumentation(); // enabled on construction
}

const RETRYABLE = /deadlock|lock wait timeout|try restarting transaction|write conflict/i;

/** Deadlocks and lock wait timeouts roll the transaction back; running it again is safe. */
export function isRetryableTransactionError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof Prisma.PrismaClientKnownRequestError && current.code === 'P2034') return true;
    if (current instanceof Error && RETRYABLE.test(current.message)) return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}

export interface TransactionOptions {
  isolationLevel?: Prisma.TransactionIsolationLevel;
  /** How long to wait for a pooled connection (many concurrent bookings queue here). */
  maxWaitMs?: number;
  timeoutMs?: number;
  attempts?: number;
}

/** An interactive transaction, re-run after a deadlock or lock wait timeout. */
export async function inTransaction<T>(prisma: PrismaClient, work: (tx: PrismaTx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await prisma.$transaction(work, {
        maxWait: options.maxWaitMs ?? 20_000,
        timeout: options.timeoutMs ?? 20_000,
        ...(options.isolationLevel ? { isolationLevel: options.isolationLevel } : {}),
      });
    } catch (error) {
      if (attempt >= attempts || !isRetryableTransactionError(error)) throw error;
    }
  }
}

const POOL_EXHAUSTED = /pool timeout|timed out fetching a new connection|unable to start a transaction in the given time|\b45028\b/i;

/**
 * No MySQL connection could be had in time (Prisma P2024/P2028, the mariadb pool's 45028): the
 * bookings database is overloaded or down, which is SERVICE_UNAVAILABLE for the client (retry
 * later), not an internal error. Nothing was written: the work never got a connection.
 */
export function databaseUnavailable(error: unknown): AppError | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    const code = current instanceof Prisma.PrismaClientKnownRequestError ? current.code : undefined;
    if (code === 'P2024' || code === 'P2028' || (current instanceof Error && POOL_EXHAUSTED.test(current.message))) {
      return new AppError('SERVICE_UNAVAILABLE', 'The bookings database is busy; retry shortly');
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

/** Prisma's unique-constraint violation (P2002), optionally on one named index. */
export function isUniqueViolation(error: unknown, index?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return false;
  return index === undefined || JSON.stringify(error.meta ?? {}).includes(index);
}
