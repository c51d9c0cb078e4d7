import { signAccessToken, type AppConfig, type RunningHttpServer, type Viewer } from '@kayak/common';
import { createTestMongo, createTestMySql, testConfig, type TestMongo, type TestMySql } from '@kayak/common/testing';
import { createServer as createBookings, type BookingsServerOptions } from '@kayak/bookings';
import { createGateway } from '@kayak/gateway';
import { createServer as createListings, type ListingsServerOptions } from '@kayak/listings';
import { createServer as createReviews } from '@kayak/reviews';
import { createServer as createUsers, type UsersServerOptions } from '@kayak/users';
import mariadb from 'mariadb';
import { connectionOptions } from '@kayak/common/migrate';
import { loadGatewaySettings, type GatewaySettings } from '../../../gateway/src/config.js';
import { seedListings } from '../../../scripts/seed/listings.js';
import { seedUsers } from '../../../scripts/seed/users.js';

/**
 * The whole supergraph in this process, for the abuse and fault tests: the four real subgraphs on a
 * fresh Mongo database and a fresh migrated MySQL database (demo users, admins and listings
 * seeded), and the real gateway in front. Every server listens on an ephemeral port. A subgraph
 * named in `external` is not started here: the gateway routes to the given URL instead (a child
 * process, a proxy...).
 */

export type UserViewer = Extract<Viewer, { kind: 'user' }>;
export type AdminViewer = Extract<Viewer, { kind: 'admin' }>;
export type SignedIn = UserViewer | AdminViewer;

export const ALICE: UserViewer = { kind: 'user', userId: '123-45-6789' };
export const BOB: UserViewer = { kind: 'user', userId: '234-56-7890' };
export const SUPER_ADMIN: AdminViewer = { kind: 'admin', adminId: 'ADM001', role: 'Super Admin' };
export const USER_ADMIN: AdminViewer = { kind: 'admin', adminId: 'ADM004', role: 'User Admin' };

type SubgraphName = 'users' | 'listings' | 'bookings' | 'reviews';

export interface SupergraphOptions {
  prefix: string;
  /** E.g. REDIS_URL or KAFKA_BROKERS of a private instance; DATABASE_URL names the MySQL server. */
  configOverrides?: Record<string, string>;
  external?: Partial<Record<SubgraphName, string>>;
  users?: Partial<Omit<UsersServerOptions, 'config' | 'port' | 'mongoDb'>>;
  listings?: Partial<Omit<ListingsServerOptions, 'config' | 'port' | 'mongoDb'>>;
  bookings?: Partial<Omit<BookingsServerOptions, 'config' | 'port' | 'databaseUrl'>>;
  gatewaySettings?: Partial<GatewaySettings>;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> } | null;
}

/** The code of an answer's first error. */
export const code = (response: RawResponse): unknown => response.body?.errors?.[0]?.extensions?.code;

export interface Supergraph {
  config: AppConfig;
  mongo: TestMongo;
  mysql: TestMySql;
  users?: Awaited<ReturnType<typeof createUsers>>;
  listings?: Awaited<ReturnType<typeof createListings>>;
  bookings?: Awaited<ReturnType<typeof createBookings>>;
  reviews?: Awaited<ReturnType<typeof createReviews>>;
  gateway: Awaited<ReturnType<typeof createGateway>>;
  urls: Record<SubgraphName, string>;
  token(viewer: SignedIn): Promise<string>;
  /** POSTs to the gateway; `body` replaces the JSON of query + variables (malformed bodies, batches). */
  post(request: { query?: string; variables?: Record<string, unknown>; viewer?: SignedIn; headers?: Record<string, string>; body?: string }): Promise<RawResponse>;
  /** Rows and documents that any write would change, to prove that nothing was written. */
  counts(): Promise<Record<string, number>>;
  sql<T>(statement: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

const MONGO_COLLECTIONS = ['users', 'admins', 'flights', 'hotels', 'cars', 'availability_blocks', 'reviews', 'images', 'user_traces', 'page_click_logs', 'listing_click_logs'];
const SQL_TABLES = ['bookings', 'billings', 'booking_status_history', 'outbox_events'];

export async function startSupergraph(options: SupergraphOptions): Promise<Supergraph> {
  const base = testConfig(options.configOverrides);
  const mongo = await createTestMongo(base, options.prefix);
  const mysql = await createTestMySql(base, options.prefix);
  await seedUsers(mongo.db);
  await seedListings(mongo.db);

  const external = options.external ?? {};
  const started: RunningHttpServer[] = [];
  const urls = { ...external } as Record<SubgraphName, string>;
  let config = base;
  const scope = (): AppConfig => ({ ...base, USERS_URL: urls.users ?? base.USERS_URL, LISTINGS_URL: urls.listings ?? base.LISTINGS_URL, BOOKINGS_URL: urls.bookings ?? base.BOOKINGS_URL, REVIEWS_URL: urls.reviews ?? base.REVIEWS_URL });

  const graph: Partial<Supergraph> = { mongo, mysql };
  try {
    if (!external.users) {
      graph.users = await createUsers({ config: scope(), port: 0, mongoDb: mongo.name, ...options.users });
      started.push(graph.users);
      urls.users = graph.users.url;
    }
    if (!external.listings) {
      graph.listings = await createListings({ config: scope(), port: 0, mongoDb: mongo.name, ...options.listings });
      started.push(graph.listings);
      urls.listings = graph.listings.url;
    }
    if (!external.bookings) {
      graph.bookings = await createBookings({ config: scope(), port: 0, databaseUrl: mysql.url, cachePrefix: `${mysql.name}:bookings`, ...options.bookings, outbox: { enabled: false, ...options.bookings?.outbox } });
      started.push(graph.bookings);
      urls.bookings = graph.bookings.url;
    }
    if (!external.reviews) {
      graph.reviews = await createReviews({ config: scope(), port: 0, mongoDb: mongo.name });
      started.push(graph.reviews);
      urls.reviews = graph.reviews.url;
    }
    config = scope();
    const settings = { ...loadGatewaySettings({ NODE_ENV: 'test' }), ...options.gatewaySettings };
    graph.gateway = await createGateway({ config, settings, port: 0, mongoDb: mongo.name, subgraphUrls: urls });
  } catch (error) {
    await Promise.all(started.map((server) => server.close().catch(() => undefined)));
    await mongo.drop();
    await mysql.drop();
    throw error;
  }
  const gateway = graph.gateway;

  const pool = mariadb.createPool({ ...connectionOptions(mysql.url), database: mysql.name, connectionLimit: 2 });
  const sql = async <T>(statement: string, values: unknown[] = []): Promise<T[]> => (await pool.query(statement, values)) as T[];

  return {
    ...(graph as Omit<Supergraph, 'config' | 'gateway' | 'urls' | 'token' | 'post' | 'counts' | 'sql' | 'close'>),
    config,
    gateway,
    urls,
    token: (viewer) => signAccessToken(config.JWT_SECRET, viewer),
    async post(request) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...request.headers };
      if (request.viewer) headers.authorization = `Bearer ${await signAccessToken(config.JWT_SECRET, request.viewer)}`;
      const response = await fetch(gateway.url, { method: 'POST', headers, body: request.body ?? JSON.stringify({ query: request.query, variables: request.variables }) });
      const text = await response.text();
      let body: RawResponse['body'] = null;
      try {
        body = JSON.parse(text) as RawResponse['body'];
      } catch {
        body = null;
      }
      return { status: response.status, headers: response.headers, text, body };
    },
    async counts() {
      const entries: Array<[string, number]> = [];
      for (const collection of MONGO_COLLECTIONS) entries.push([collection, await mongo.db.collection(collection).countDocuments()]);
      for (const table of SQL_TABLES) {
        const [row] = await sql<{ n: bigint }>(`SELECT COUNT(*) AS n FROM \`${table}\``);
        entries.push([table, Number(row?.n ?? 0)]);
      }
      return Object.fromEntries(entries);
    },
    sql,
    async close() {
      await gateway.close();
      await Promise.all(started.map((server) => server.close()));
      await pool.end();
      await mongo.drop();
      await mysql.drop();
    },
  };
}
