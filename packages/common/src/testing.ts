import { randomBytes } from 'node:crypto';
import mariadb from 'mariadb';
import type { Db, MongoClient } from 'mongodb';
import { GATEWAY_ASSERTION_HEADER, signGatewayAssertion, type Viewer } from './auth.js';
import { loadConfig, type AppConfig } from './config.js';
import { connectionOptions, migrate } from './migrate.js';
import { connectMongo } from './mongo.js';

/** Helpers for integration tests against the real services (never imported by production code). */

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', ...overrides });
}

/** A name no other test run uses: letters, digits and `_`, short enough for every backend. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`.toLowerCase();
}

export interface TestMongo {
  name: string;
  db: Db;
  client: MongoClient;
  drop(): Promise<void>;
}

/** A fresh Mongo database for one test file; `drop()` removes it. */
export async function createTestMongo(config: AppConfig, prefix: string): Promise<TestMongo> {
  const name = uniqueName(`t_${prefix}`);
  const { client, db } = await connectMongo(config.MONGO_URL, name);
  return {
    name,
    db,
    client,
    async drop() {
      await db.dropDatabase();
      await client.close();
    },
  };
}

export interface TestMySql {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, fully migrated MySQL database for one test file; `drop()` removes it. */
export async function createTestMySql(config: AppConfig, prefix: string): Promise<TestMySql> {
  const name = uniqueName(`t_${prefix}`);
  const url = new URL(config.DATABASE_URL);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return {
    name,
    url: url.toString(),
    async drop() {
      const connection = await mariadb.createConnection(connectionOptions(config.DATABASE_URL));
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export interface RequestOptions {
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** For direct subgraph calls: sign a gateway assertion for this viewer. */
  viewer?: Viewer;
  gatewaySecret?: string;
}

export async function graphqlRequest<T = Record<string, unknown>>(url: string, query: string, options: RequestOptions = {}): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.viewer && options.gatewaySecret) {
    headers[GATEWAY_ASSERTION_HEADER] = await signGatewayAssertion(options.gatewaySecret, options.viewer, uniqueName('req'));
  }
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables: options.variables }) });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

/**
 * A small deterministic random generator (mulberry32): the same seed gives the same numbers in
 * [0, 1), so generated data and property-test cases can be replayed from their seed.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
