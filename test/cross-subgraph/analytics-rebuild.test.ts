import { seedBookings } from '@kayak/bookings/seed';
import { connectionOptions } from '@kayak/common/migrate';
import { createTestMongo, createTestMySql, testConfig, type TestMongo, type TestMySql } from '@kayak/common/testing';
import { demoListingFacts, seedListings } from '@kayak/listings/seed';
import { rebuildAnalytics } from '@kayak/reviews/analytics-rebuild';
import mariadb from 'mariadb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm run analytics:rebuild` (and the seed, which runs it): the analytics read models of the
// reviews subgraph built from the bookings subgraph's MySQL rows and the listings collections,
// on a fresh database pair seeded like `npm run seed` does.
const config = testConfig();
let mongo: TestMongo;
let mysql: TestMySql;
let listingCount: number;

beforeAll(async () => {
  mongo = await createTestMongo(config, 'analytics_rebuild');
  mysql = await createTestMySql(config, 'analytics_rebuild');
  listingCount = await seedListings(mongo.db);
  await seedBookings(mysql.url, demoListingFacts);
});

afterAll(async () => {
  await mongo?.drop();
  await mysql?.drop();
});

async function sql<T>(statement: string): Promise<T[]> {
  const connection = await mariadb.createConnection({ ...connectionOptions(mysql.url), database: mysql.name });
  try {
    return (await connection.query(statement)) as T[];
  } finally {
    await connection.end();
  }
}

const toCents = (amount: string | null): number => Math.round(Number(amount ?? 0) * 100);

describe('analytics rebuild', () => {
  it('builds one document per MySQL booking and per listing', async () => {
    const report = await rebuildAnalytics({ db: mongo.db, databaseUrl: mysql.url, reset: true });
    expect(report).toMatchObject({ bookings: { applied: 6, duplicate: 0, stale: 0 }, listings: { applied: listingCount }, skipped: 0 });
    expect(await mongo.db.collection('analytics_bookings').countDocuments()).toBe(6);
    expect(await mongo.db.collection('analytics_listings').countDocuments()).toBe(listingCount);
    expect(await mongo.db.collection('analytics_listings').findOne({ _id: 'Hotel:HTL001' as never })).toMatchObject({ listing_type: 'Hotel', listing_id: 'HTL001', city: expect.any(String), revision: 0 });
  });

  it('keeps the paid and refunded amounts of the billings, to the cent', async () => {
    const [row] = await sql<{ gross: string | null; refunds: string | null }>(
      `SELECT SUM(p.total_amount_paid) AS gross, SUM(CASE WHEN p.transaction_status = 'Refunded' THEN p.total_amount_paid ELSE 0 END) AS refunds
         FROM billings p WHERE p.transaction_status IN ('Success', 'Refunded')
          AND EXISTS (SELECT 1 FROM booking_status_history h WHERE h.booking_id = p.booking_id AND h.to_status = 'Confirmed')`,
    );
    const docs = await mongo.db.collection('analytics_bookings').find().toArray();
    const sum = (field: string): number => docs.reduce((total, doc) => total + Number(doc[field] ?? 0), 0);
    expect(sum('paid_cents')).toBe(toCents(row?.gross ?? null));
    expect(sum('refund_cents')).toBe(toCents(row?.refunds ?? null));
    expect(sum('refund_cents')).toBeGreaterThan(0);
    expect(docs.find((doc) => doc._id === ('BKSEED0004' as never))).toMatchObject({ status: 'Cancelled', paid_day: expect.any(String), cancelled_day: expect.any(String) });
    expect(docs.find((doc) => doc._id === ('BKSEED0006' as never))).toMatchObject({ status: 'PaymentFailed' });
    expect(docs.find((doc) => doc._id === ('BKSEED0006' as never))?.paid_cents).toBeUndefined();
  });

  it('changes nothing when run again, and --reset drops what MySQL does not have', async () => {
    const before = await mongo.db.collection('analytics_bookings').find().sort({ _id: 1 }).toArray();
    const again = await rebuildAnalytics({ db: mongo.db, databaseUrl: mysql.url });
    expect(again.bookings).toEqual({ applied: 0, duplicate: 0, stale: 6 });
    expect(await mongo.db.collection('analytics_bookings').find().sort({ _id: 1 }).toArray()).toEqual(before);

    await mongo.db.collection('analytics_bookings').insertOne({ _id: 'BK-NOT-IN-MYSQL' as never, revision: 1, event_ids: [] });
    await rebuildAnalytics({ db: mongo.db, databaseUrl: mysql.url, reset: true });
    expect(await mongo.db.collection('analytics_bookings').countDocuments()).toBe(6);
  });
});
