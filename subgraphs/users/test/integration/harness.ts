import { ensureCollections, type AppConfig, type Viewer } from '@kayak/common';
import { createTestMongo, graphqlRequest, testConfig, type GraphQLResponse, type TestMongo } from '@kayak/common/testing';
import { hash } from 'bcryptjs';
import { expect } from 'vitest';
import { collections } from '../../src/repositories/indexes.js';
import { createServer } from '../../src/server.js';

/** One users subgraph on its own FerretDB database (with the real indexes) for one test file. */
export interface Harness {
  config: AppConfig;
  mongo: TestMongo;
  server: Awaited<ReturnType<typeof createServer>>;
  call<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** `options`: what the file needs of the server besides its database (e.g. the notification consumer). */
export async function startHarness(prefix: string, options: Partial<Omit<Parameters<typeof createServer>[0], 'config' | 'port' | 'mongoDb'>> = {}): Promise<Harness> {
  const config = testConfig();
  const mongo = await createTestMongo(config, prefix);
  await ensureCollections(mongo.db, collections);
  const server = await createServer({ config, port: 0, mongoDb: mongo.name, ...options });
  return {
    config,
    mongo,
    server,
    call: (query, variables, viewer = { kind: 'anonymous' }) => graphqlRequest(server.url, query, { variables, viewer, gatewaySecret: config.GATEWAY_SECRET }),
    async close() {
      await server.close();
      await mongo.drop();
    },
  };
}

export const PASSWORD = 'Valid!Pass1';

let sequence = 0;
/** A userId and email no other test of the file uses. */
export function uniqueUser(): { userId: string; email: string } {
  sequence += 1;
  const n = String(sequence).padStart(4, '0');
  return { userId: `900-${n.slice(0, 2)}-${n}`, email: `traveller${n}@example.com` };
}

export function registerInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { userId, email } = uniqueUser();
  return {
    userId,
    email,
    password: PASSWORD,
    firstName: 'Dana',
    lastName: 'Lee',
    address: { street: '1 Main St', city: 'San Jose', state: 'CA', zip: '95113' },
    phoneNumber: '408-555-0199',
    ...overrides,
  };
}

export const AUTH_FIELDS = 'accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt account { __typename ... on User { userId email } ... on Admin { adminId role email } }';

export interface AuthPayload {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  account: { __typename: 'User' | 'Admin'; userId?: string; adminId?: string; email?: string | null; role?: string };
}

export async function register(harness: Harness, overrides: Record<string, unknown> = {}): Promise<AuthPayload & { input: Record<string, unknown> }> {
  const input = registerInput(overrides);
  const response = await harness.call<{ register: AuthPayload }>(`mutation ($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`, { input });
  expect(response.errors).toBeUndefined();
  if (!response.data?.register) throw new Error('register returned nothing');
  return { ...response.data.register, input };
}

/** An admin inserted directly, as the seed does (createAdmin itself needs a Super Admin). */
export async function insertAdmin(harness: Harness, adminId: string, role: string, email = `${adminId.toLowerCase()}@example.com`): Promise<void> {
  const now = new Date();
  await harness.mongo.db.collection('admins').insertOne({
    admin_id: adminId,
    email,
    password: await hash(PASSWORD, 10),
    first_name: 'Ada',
    last_name: adminId,
    address: { street: '1 Admin Way', city: 'San Jose', state: 'CA', zip: '95113' },
    phone_number: '408-555-0100',
    role,
    reports_and_analytics_managed: ['R-1'],
    created_at: now,
    updated_at: now,
  });
}

/** `count` users inserted directly (one insertMany), with SSN-format ids `<area>-00-0000`…. */
export async function insertUsers(harness: Harness, area: string, count: number, city = 'Boston', state = 'MA'): Promise<string[]> {
  const now = new Date();
  const ids = Array.from({ length: count }, (_, index) => `${area}-${String(Math.floor(index / 100)).padStart(2, '0')}-${String(index).padStart(4, '0')}`);
  await harness.mongo.db.collection('users').insertMany(
    ids.map((userId, index) => ({
      user_id: userId,
      email: `bulk-${area}-${index}@example.com`,
      password: 'not-a-real-hash',
      first_name: `First${index}`,
      last_name: `Last${index}`,
      address: { street: `${index} Elm St`, city, state, zip: '02110' },
      phone_number: '617-555-0100',
      created_at: now,
      updated_at: now,
    })),
  );
  return ids;
}

export function codeOf(response: GraphQLResponse<unknown>): unknown {
  return response.errors?.[0]?.extensions?.code;
}

export const user = (userId: string): Viewer => ({ kind: 'user', userId });
export const admin = (adminId: string, role: 'Super Admin' | 'Listing Admin' | 'User Admin' | 'Billing Admin' | 'Analytics Admin'): Viewer => ({ kind: 'admin', adminId, role });
