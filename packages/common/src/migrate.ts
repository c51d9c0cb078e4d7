import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import mariadb, { type ConnectionConfig } from 'mariadb';

/**
 * Applies prisma/migrations/<timestamp>_<name>/migration.sql in order, keeping the
 * `_prisma_migrations` table exactly as `prisma migrate deploy` does (same columns, checksum =
 * SHA-256 hex of the file, row inserted before and finished after, logs on failure, the
 * `prisma_migrate` advisory lock), so Prisma's own CLI agrees with us where its engine exists.
 */
export const defaultMigrationsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../prisma/migrations');

export interface MigrateOptions {
  migrationsDir?: string;
  log?: (line: string) => void;
}

export interface MigrateResult {
  database: string;
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {}

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
  id VARCHAR(36) PRIMARY KEY NOT NULL,
  checksum VARCHAR(64) NOT NULL,
  finished_at DATETIME(3),
  migration_name VARCHAR(255) NOT NULL,
  logs TEXT,
  rolled_back_at DATETIME(3),
  started_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  applied_steps_count INTEGER UNSIGNED NOT NULL DEFAULT 0
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`;

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new MigrationError(`DATABASE_URL must name a database made of letters, digits and _ (got "${name}")`);
  return name;
}

export function connectionOptions(url: string): ConnectionConfig {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
}

export const checksumOf = (sql: string): string => createHash('sha256').update(sql).digest('hex');

function listMigrations(dir: string): Array<{ name: string; sql: string }> {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name, 'migration.sql'), 'utf8') }));
}

export async function migrate(url: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const log = options.log ?? (() => undefined);
  const dir = options.migrationsDir ?? defaultMigrationsDir;
  const database = databaseName(url);
  const base = connectionOptions(url);

  const admin = await mariadb.createConnection(base);
  try {
    await admin.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }

  const connection = await mariadb.createConnection({ ...base, database, multipleStatements: true });
  try {
    const [lock] = await connection.query<Array<{ locked: number | bigint | null }>>("SELECT GET_LOCK('prisma_migrate', 10) AS locked");
    if (Number(lock?.locked) !== 1) throw new MigrationError('another migration holds the prisma_migrate lock');
    try {
      await connection.query(MIGRATIONS_TABLE);
      const rows = await connection.query<MigrationRow[]>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at');
      const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
      if (failed) {
        throw new MigrationError(
          `migration ${failed.migration_name} failed earlier in ${database}; fix the database, then mark it rolled back (prisma migrate resolve --rolled-back ${failed.migration_name}) or drop the database`,
        );
      }
      const done = new Map(rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null).map((row) => [row.migration_name, row.checksum]));
      const result: MigrateResult = { database, applied: [], alreadyApplied: [] };

      for (const migration of listMigrations(dir)) {
        const checksum = checksumOf(migration.sql);
        const appliedChecksum = done.get(migration.name);
        if (appliedChecksum !== undefined) {
          if (appliedChecksum !== checksum) log(`warning: ${migration.name} was modified after it was applied`);
          result.alreadyApplied.push(migration.name);
          continue;
        }
        const id = randomUUID();
        await connection.query('INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name, applied_steps_count) VALUES (?, ?, NOW(3), ?, 0)', [id, checksum, migration.name]);
        try {
          await connection.query(migration.sql);
        } catch (error) {
          const text = error instanceof Error ? error.message : String(error);
          await connection.query('UPDATE _prisma_migrations SET logs = ? WHERE id = ?', [text, id]);
          throw new MigrationError(`migration ${migration.name} failed: ${text}`);
        }
        await connection.query('UPDATE _prisma_migrations SET finished_at = NOW(3), applied_steps_count = 1 WHERE id = ?', [id]);
        result.applied.push(migration.name);
        log(`applied ${migration.name}`);
      }
      return result;
    } finally {
      await connection.query("SELECT RELEASE_LOCK('prisma_migrate')");
    }
  } finally {
    await connection.end();
  }
}
