import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import { checksumOf, connectionOptions, defaultMigrationsDir, migrate, MigrationError } from '@kayak/common/migrate';
import { testConfig, uniqueName } from '@kayak/common/testing';
import mariadb, { type Connection } from 'mariadb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object';
  type: string;
  isRequired: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  default?: { name?: string } | string | number | boolean;
  nativeType: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string;
  fields: Array<{ name: string }>;
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: Array<{ name: string; values: Array<{ name: string }> }>; indexes: DmmfIndex[] };
}

interface ColumnRow {
  TABLE_NAME: string;
  COLUMN_NAME: string;
  DATA_TYPE: string;
  COLUMN_TYPE: string;
  IS_NULLABLE: 'YES' | 'NO';
  COLUMN_DEFAULT: string | null;
  EXTRA: string;
  CHARACTER_MAXIMUM_LENGTH: number | bigint | null;
  NUMERIC_PRECISION: number | bigint | null;
  NUMERIC_SCALE: number | bigint | null;
  DATETIME_PRECISION: number | bigint | null;
}

const config = testConfig();
const schemaText = readFileSync(join(defaultMigrationsDir, '..', 'schema.prisma'), 'utf8');
const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: schemaText }))) as Dmmf;
const databases: string[] = [];
let admin: Connection;

function databaseUrl(name: string): string {
  const url = new URL(config.DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
async function freshDatabase(prefix: string): Promise<{ name: string; url: string }> {
  const name = uniqueName(`t_${prefix}`);
  databases.push(name);
  return { name, url: databaseUrl(name) };
}

beforeAll(async () => {
  admin = await mariadb.createConnection(connectionOptions(config.DATABASE_URL));
});
afterAll(async () => {
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.end();
});

describe('migration runner', () => {
  it('applies every migration once and records it the way Prisma does', async () => {
    const { name, url } = await freshDatabase('migrate');
    const all = readdirSync(defaultMigrationsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
    expect(all[0]).toBe('20261121000000_init');
    const first = await migrate(url);
    expect(first.applied).toEqual(all);
    const second = await migrate(url);
    expect(second).toMatchObject({ applied: [], alreadyApplied: all });

    expect(await admin.query(`SELECT migration_name FROM \`${name}\`._prisma_migrations`)).toHaveLength(all.length);
    const rows = await admin.query<Array<Record<string, unknown>>>(`SELECT * FROM \`${name}\`._prisma_migrations WHERE migration_name = '20261121000000_init'`);
    expect(rows).toHaveLength(1);
    const sql = readFileSync(join(defaultMigrationsDir, '20261121000000_init', 'migration.sql'), 'utf8');
    expect(rows[0]).toMatchObject({ migration_name: '20261121000000_init', checksum: checksumOf(sql), applied_steps_count: 1, logs: null, rolled_back_at: null });
    expect(rows[0]?.finished_at).toBeInstanceOf(Date);
    expect(String(rows[0]?.id)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records a failing migration with its error and refuses to run again until it is resolved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    mkdirSync(join(dir, '20260101000000_ok'));
    writeFileSync(join(dir, '20260101000000_ok', 'migration.sql'), 'CREATE TABLE ok_table (id INT PRIMARY KEY);');
    mkdirSync(join(dir, '20260102000000_broken'));
    writeFileSync(join(dir, '20260102000000_broken', 'migration.sql'), 'CREATE TABLE broken (id INT PRIMARY KEY;');
    const { name, url } = await freshDatabase('failing');

    await expect(migrate(url, { migrationsDir: dir })).rejects.toThrow(/20260102000000_broken failed/);
    const rows = await admin.query<Array<{ migration_name: string; finished_at: Date | null; logs: string | null }>>(
      `SELECT migration_name, finished_at, logs FROM \`${name}\`._prisma_migrations ORDER BY migration_name`,
    );
    expect(rows.map((row) => [row.migration_name, row.finished_at !== null])).toEqual([
      ['20260101000000_ok', true],
      ['20260102000000_broken', false],
    ]);
    expect(rows[1]?.logs).toMatch(/syntax/i);
    await expect(migrate(url, { migrationsDir: dir })).rejects.toBeInstanceOf(MigrationError);
  });
});

describe('migrated database matches prisma/schema.prisma', () => {
  let columns: ColumnRow[];
  let indexes: Array<{ TABLE_NAME: string; INDEX_NAME: string; NON_UNIQUE: number | bigint; SEQ_IN_INDEX: number | bigint; COLUMN_NAME: string }>;
  let database: string;

  beforeAll(async () => {
    const { name, url } = await freshDatabase('introspect');
    database = name;
    await migrate(url);
    columns = await admin.query<ColumnRow[]>('SELECT * FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION', [name]);
    indexes = await admin.query('SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX', [name]);
  });

  const tableOf = (model: DmmfModel): string => model.dbName ?? model.name;
  const columnOf = (field: DmmfField): string => field.dbName ?? field.name;
  const modelByName = (name: string): DmmfModel => {
    const model = dmmf.datamodel.models.find((m) => m.name === name);
    if (!model) throw new Error(`no model ${name}`);
    return model;
  };

  it('has a table for every model and no other (besides _prisma_migrations)', () => {
    const tables = new Set(columns.map((column) => column.TABLE_NAME));
    tables.delete('_prisma_migrations');
    expect([...tables].sort()).toEqual(dmmf.datamodel.models.map(tableOf).sort());
  });

  it.each(dmmf.datamodel.models.map((model) => [model.name, model] as const))('%s: same columns, types, nullability and defaults', (_name, model) => {
    const table = tableOf(model);
    const dbColumns = columns.filter((column) => column.TABLE_NAME === table);
    const scalarFields = model.fields.filter((field) => field.kind !== 'object');
    expect(dbColumns.map((c) => c.COLUMN_NAME).sort()).toEqual(scalarFields.map(columnOf).sort());

    for (const field of scalarFields) {
      const column = dbColumns.find((c) => c.COLUMN_NAME === columnOf(field));
      if (!column) throw new Error(`missing column ${table}.${columnOf(field)}`);
      const where = `${table}.${column.COLUMN_NAME}`;
      expect(column.IS_NULLABLE, where).toBe(field.isRequired ? 'NO' : 'YES');
      const [native, args = []] = field.nativeType ?? [undefined, []];
      if (field.kind === 'enum') {
        const values = dmmf.datamodel.enums.find((e) => e.name === field.type)?.values.map((v) => `'${v.name}'`).join(',');
        expect(column.COLUMN_TYPE, where).toBe(`enum(${values})`);
      } else if (field.type === 'Int') expect(column.DATA_TYPE, where).toBe('int');
      else if (field.type === 'BigInt') expect(column.DATA_TYPE, where).toBe('bigint');
      else if (field.type === 'Json') expect(['json', 'longtext'], where).toContain(column.DATA_TYPE); // MariaDB stores JSON as LONGTEXT + json_valid
      else if (field.type === 'Decimal') {
        expect(column.DATA_TYPE, where).toBe('decimal');
        expect([Number(column.NUMERIC_PRECISION), Number(column.NUMERIC_SCALE)], where).toEqual(args.map(Number));
      } else if (field.type === 'String') {
        expect(column.DATA_TYPE, where).toBe((native ?? 'VarChar').toLowerCase());
        if (native === 'VarChar') expect(Number(column.CHARACTER_MAXIMUM_LENGTH), where).toBe(Number(args[0]));
      } else if (field.type === 'DateTime' && native === 'Date') {
        expect(column.DATA_TYPE, where).toBe('date'); // a calendar date: no time, so no precision
      } else if (field.type === 'DateTime') {
        expect(column.DATA_TYPE, where).toBe((native ?? 'DateTime').toLowerCase());
        expect(Number(column.DATETIME_PRECISION), where).toBe(Number(args[0] ?? 3));
      } else throw new Error(`unchecked type ${field.type} of ${where}`);

      const isAutoIncrement = typeof field.default === 'object' && field.default?.name === 'autoincrement';
      expect(column.EXTRA.includes('auto_increment'), where).toBe(isAutoIncrement);
      const dbHasDefault = column.COLUMN_DEFAULT !== null && column.COLUMN_DEFAULT !== 'NULL';
      expect(dbHasDefault || isAutoIncrement, `${where} default`).toBe(field.hasDefaultValue);
      expect(/on update/i.test(column.EXTRA), `${where} on update`).toBe(field.isUpdatedAt);
    }
  });

  it('has exactly the indexes and unique keys of the schema, with the same column order', () => {
    const expected = dmmf.datamodel.indexes.map((index) => {
      const model = modelByName(index.model);
      const columnsOfIndex = index.fields.map((f) => columnOf(model.fields.find((field) => field.name === f.name) as DmmfField));
      return `${tableOf(model)}.${index.type === 'id' ? 'PRIMARY' : index.dbName} ${index.type === 'normal' ? 'index' : 'unique'} (${columnsOfIndex.join(', ')})`;
    });
    const grouped = new Map<string, { unique: boolean; columns: string[] }>();
    for (const row of indexes.filter((r) => r.TABLE_NAME !== '_prisma_migrations')) {
      const key = `${row.TABLE_NAME}.${row.INDEX_NAME}`;
      const entry = grouped.get(key) ?? { unique: Number(row.NON_UNIQUE) === 0, columns: [] };
      entry.columns.push(row.COLUMN_NAME);
      grouped.set(key, entry);
    }
    const actual = [...grouped].map(([key, value]) => `${key} ${value.unique ? 'unique' : 'index'} (${value.columns.join(', ')})`);
    expect(actual.sort()).toEqual(expected.sort());
  });

  it('has the foreign keys of the relations, with their referential actions', async () => {
    const actions = (action: string | undefined): string => (action ?? 'NoAction').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
    const expected = dmmf.datamodel.models.flatMap((model) =>
      model.fields
        .filter((field) => field.kind === 'object' && field.relationFromFields && field.relationFromFields.length > 0)
        .map((field) => {
          const target = modelByName(field.type);
          const from = (field.relationFromFields ?? []).map((name) => columnOf(model.fields.find((f) => f.name === name) as DmmfField));
          const to = (field.relationToFields ?? []).map((name) => columnOf(target.fields.find((f) => f.name === name) as DmmfField));
          return `${tableOf(model)}(${from.join(',')}) -> ${tableOf(target)}(${to.join(',')}) ON DELETE ${actions(field.relationOnDelete)} ON UPDATE ${actions(field.relationOnUpdate)}`;
        }),
    );
    const rows = await admin.query<Array<{ TABLE_NAME: string; REFERENCED_TABLE_NAME: string; columns: string; referenced: string; DELETE_RULE: string; UPDATE_RULE: string }>>(
      `SELECT k.TABLE_NAME, k.REFERENCED_TABLE_NAME, GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION) AS columns,
              GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION) AS referenced, r.DELETE_RULE, r.UPDATE_RULE
         FROM information_schema.KEY_COLUMN_USAGE k
         JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
        WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
        GROUP BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.REFERENCED_TABLE_NAME, r.DELETE_RULE, r.UPDATE_RULE`,
      [database],
    );
    const actual = rows.map((r) => `${r.TABLE_NAME}(${r.columns}) -> ${r.REFERENCED_TABLE_NAME}(${r.referenced}) ON DELETE ${r.DELETE_RULE} ON UPDATE ${r.UPDATE_RULE}`);
    expect(actual.sort()).toEqual(expected.sort());
    expect(expected).toContain('billings(booking_id) -> bookings(booking_id) ON DELETE CASCADE ON UPDATE RESTRICT');
  });

  it('uses utf8mb4 for every table', async () => {
    const tables = await admin.query<Array<{ TABLE_NAME: string; TABLE_COLLATION: string }>>('SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [database]);
    for (const table of tables) expect(table.TABLE_COLLATION, table.TABLE_NAME).toMatch(/^utf8mb4_/);
  });
});
