import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, codeOf, insertUsers, startHarness, user, type Harness } from './harness.js';

let h: Harness;
let boston: string[];
let austin: string[];

beforeAll(async () => {
  h = await startHarness('users_list');
  boston = await insertUsers(h, '700', 25, 'Boston', 'MA');
  austin = await insertUsers(h, '701', 5, 'Austin', 'TX');
  // One deleted user in Boston: hidden unless asked for.
  await h.mongo.db.collection('users').updateOne({ user_id: boston[0] }, { $set: { deleted_at: new Date(), email: 'deleted-x@deleted.invalid' }, $unset: { address: '' } });
});

afterAll(async () => {
  await h?.close();
});

const LIST = 'query ($filter: UserFilter, $first: Int, $after: String) { users(filter: $filter, first: $first, after: $after) { nodes { userId email } pageInfo { hasNextPage endCursor } totalCount } }';
type Page = { users: { nodes: Array<{ userId: string; email: string | null }>; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number } };
const staff = admin('ADM030', 'Analytics Admin');

describe('users(filter, first, after)', () => {
  it('pages through all users in userId order with opaque cursors', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const response: Awaited<ReturnType<typeof h.call<Page>>> = await h.call<Page>(LIST, { first: 10, after }, staff);
      expect(response.errors).toBeUndefined();
      const page = response.data?.users;
      expect(page?.totalCount).toBe(29);
      seen.push(...(page?.nodes.map((node) => node.userId) ?? []));
      after = page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual([...boston.slice(1), ...austin].sort());
  });

  it('uses 20 as the default page size', async () => {
    const response = await h.call<Page>(LIST, {}, staff);
    expect(response.data?.users.nodes).toHaveLength(20);
    expect(response.data?.users.pageInfo.hasNextPage).toBe(true);
  });

  it('filters by city (any case), by state (full name accepted) and by email prefix', async () => {
    const byCity = await h.call<Page>(LIST, { filter: { city: 'aUsTiN' }, first: 100 }, staff);
    expect(byCity.data?.users.nodes.map((node) => node.userId)).toEqual(austin);
    const byState = await h.call<Page>(LIST, { filter: { state: 'Massachusetts' }, first: 100 }, staff);
    expect(byState.data?.users.totalCount).toBe(24);
    const byEmail = await h.call<Page>(LIST, { filter: { emailPrefix: 'BULK-701-' }, first: 100 }, staff);
    expect(byEmail.data?.users.totalCount).toBe(5);
    const literal = await h.call<Page>(LIST, { filter: { emailPrefix: 'bulk.701' }, first: 100 }, staff);
    expect(literal.data?.users.totalCount).toBe(0);
  });

  it('includes deleted users only when asked', async () => {
    const response = await h.call<Page>(LIST, { filter: { includeDeleted: true }, first: 100 }, staff);
    expect(response.data?.users.totalCount).toBe(30);
    expect(response.data?.users.nodes[0]).toEqual({ userId: boston[0], email: null });
  });

  it('rejects first outside 1–100, an invalid cursor and an unknown state as BAD_USER_INPUT', async () => {
    for (const first of [0, 101]) {
      const response = await h.call(LIST, { first }, staff);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'first' }] });
    }
    const cursor = await h.call(LIST, { after: 'not-a-cursor' }, staff);
    expect(cursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
    const forged = await h.call(LIST, { after: Buffer.from('{"userId":{"$gt":""}}').toString('base64url') }, staff);
    expect(codeOf(forged)).toBe('BAD_USER_INPUT');
    const state = await h.call(LIST, { filter: { state: 'Atlantis' } }, staff);
    expect(state.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'filter.state' }] });
  });

  it('is for admins only', async () => {
    expect(codeOf(await h.call(LIST, {}, user(austin[0] ?? '')))).toBe('FORBIDDEN');
    expect(codeOf(await h.call(LIST, {}))).toBe('UNAUTHENTICATED');
  });
});
