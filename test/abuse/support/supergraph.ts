import { createKafka, ensureTopics, signAccessToken, type AppConfig, type RunningHttpServer, type Viewer } from '@kayak/common';
import { createTestMongo, createTestMySql, testConfig, uniqueName, type TestMongo, type TestMySql } from '@kayak/common/testing';
import mariadb from 'mariadb';
import { connectionOptions } from '@kayak/common/migrate';
import { seedListings } from '@kayak/listings/seed';
import { seedUsers } from '@kayak/users/seed';
import { loadGatewaySettings, type GatewaySettings } from '../../../gateway/src/config.js';
import { startInProcessSupergraph, type InProcessSupergraph, type SubgraphName, type SubgraphOverrides } from '../../support/supergraph.js';

/**
 * The whole supergraph in this process (test/support/supergraph.ts), for the abuse and fault
 * tests: the four real subgraphs on a fresh Mongo database and a fresh migrated MySQL database
 * (demo users, admins and listings seeded), and the real gateway in front. A subgraph named in
 * `external` is not started here: the gateway routes to the given URL instead (a child process, a
 * proxy...).
 */

export type UserViewer = Extract<Viewer, { kind: 'user' }>;
export type AdminViewer = Extract<Viewer, { kind: 'admin' }>;
export type SignedIn = UserViewer | AdminViewer;

export const ALICE: UserViewer = { kind: 'user', userId: '123-45-6789' };
export const BOB: UserViewer = { kind: 'user', userId: '234-56-7890' };
export const SUPER_ADMIN: AdminViewer = { kind: 'admin', adminId: 'ADM001', role: 'Super Admin' };
export const USER_ADMIN: AdminViewer = { kind: 'admin', adminId: 'ADM004', role: 'User Admin' };

export interface SupergraphOptions {
  prefix: string;
  /** E.g. REDIS_URL or KAFKA_BROKERS of a private instance; DATABASE_URL names the MySQL server. */
  configOverrides?: Record<string, string>;
  external?: Partial<Record<SubgraphName, string>>;
  users?: SubgraphOverrides['users'];
  listings?: SubgraphOverrides['listings'];
  bookings?: SubgraphOverrides['bookings'];
  reviews?: SubgraphOverrides['reviews'];
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

export interface Supergraph extends Omit<InProcessSupergraph, 'urls' | 'close'> {
  config: AppConfig;
  mongo: TestMongo;
  mysql: TestMySql;
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

  let graph: InProcessSupergraph;
  try {
    graph = await startInProcessSupergraph({
      config: base,
      mongoDb: mongo.name,
      databaseUrl: mysql.url,
      external: options.external,
      users: options.users,
      listings: options.listings,
      bookings: { cachePrefix: `${mysql.name}:bookings`, ...options.bookings, outbox: { enabled: false, ...options.bookings?.outbox } },
      reviews: options.reviews,
      gateway: { settings: { ...loadGatewaySettings({ NODE_ENV: 'test' }), ...options.gatewaySettings } },
    });
  } catch (error) {
    await mongo.drop();
    await mysql.drop();
    throw error;
  }
  const { config, gateway } = graph;
  const urls = graph.urls as Record<SubgraphName, string>;

  const pool = mariadb.createPool({ ...connectionOptions(mysql.url), database: mysql.name, connectionLimit: 2 });
  const sql = async <T>(statement: string, values: unknown[] = []): Promise<T[]> => (await pool.query(statement, values)) as T[];

  return {
    ...graph,
    mongo,
    mysql,
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
      await graph.close();
      await pool.end();
      await mongo.drop();
      await mysql.drop();
    },
  };
}

export type BookingTopics = Record<'booking.created' | 'booking.confirmed' | 'booking.cancelled', string>;

/**
 * The supergraph with booking events flowing for real: the bookings outbox relay publishes to this
 * test's own topics (one partition each) and the listings availability consumer, already in its own
 * group, applies them; with `analytics`, the reviews analytics consumer too, in a group of its own.
 * close() also drops the topics and the groups.
 */
export async function startSupergraphWithBookingEvents(prefix: string, { analytics = false }: { analytics?: boolean } = {}): Promise<Supergraph & { topics: BookingTopics }> {
  const base = uniqueName(`t_${prefix}`);
  const topics: BookingTopics = { 'booking.created': `${base}.created`, 'booking.confirmed': `${base}.confirmed`, 'booking.cancelled': `${base}.cancelled` };
  const allTopics = [...Object.values(topics), `${base}.dlq`];
  const groupId = `${base}.group`;
  const analyticsGroupId = `${base}.analytics`;
  const admin = createKafka(testConfig().KAFKA_BROKERS, `${prefix}-test`).admin();
  await admin.connect();
  const dropKafka = async (): Promise<void> => {
    await admin.deleteGroups(analytics ? [groupId, analyticsGroupId] : [groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: allTopics }).catch(() => undefined);
    await admin.disconnect();
  };
  let sg: Supergraph;
  try {
    await ensureTopics(admin, allTopics, 1);
    sg = await startSupergraph({
      prefix: `x_${prefix}`,
      listings: { availabilityConsumer: { groupId, topics: Object.values(topics), deadLetterTopic: `${base}.dlq` } },
      bookings: { outbox: { enabled: true, topics, pollIntervalMs: 100 } },
      ...(analytics ? { reviews: { analyticsConsumer: { start: true, settings: { groupId: analyticsGroupId, topics: Object.values(topics), deadLetterTopic: `${base}.dlq` } } } } : {}),
    });
  } catch (error) {
    await dropKafka();
    throw error;
  }
  try {
    await sg.listings?.availabilityConsumer.start();
  } catch (error) {
    await sg.close();
    await dropKafka();
    throw error;
  }
  return {
    ...sg,
    topics,
    async close() {
      await sg.close();
      await dropKafka();
    },
  };
}
