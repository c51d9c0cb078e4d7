import bcrypt from 'bcryptjs';
import type { Db } from 'mongodb';
import { cityKey, WatchesRepository } from './repositories/watches.js';

/** Demo accounts; the README lists these credentials. */
export const DEMO_PASSWORD = 'Kayak!2026';

const address = (street: string, city: string, state: string, zip: string) => ({ street, city, state, zip });

export async function seedUsers(db: Db): Promise<number> {
  const password = await bcrypt.hash(DEMO_PASSWORD, 10);
  const now = new Date();
  const users = [
    {
      user_id: '123-45-6789',
      email: 'alice@example.com',
      first_name: 'Alice',
      last_name: 'Nguyen',
      address: address('1 Market St', 'San Francisco', 'CA', '94105'),
      phone_number: '415-555-0101',
      // A provider token (never a card number) plus what the UI may show.
      payment_details: { card_token: 'tok_demo_visa_4242', masked_number: '**** **** **** 4242', card_type: 'Visa', expiry_month: 12, expiry_year: 2030 },
    },
    { user_id: '234-56-7890', email: 'bob@example.com', first_name: 'Bob', last_name: 'Ramirez', address: address('20 W 34th St', 'New York', 'NY', '10001'), phone_number: '212-555-0102' },
    { user_id: '345-67-8901', email: 'carol@example.com', first_name: 'Carol', last_name: 'Smith', address: address('400 Congress Ave', 'Austin', 'TX', '78701'), phone_number: '512-555-0103' },
  ];
  const admins = [
    { admin_id: 'ADM001', email: 'super@example.com', first_name: 'Sam', last_name: 'Super', role: 'Super Admin' },
    { admin_id: 'ADM002', email: 'listings@example.com', first_name: 'Lee', last_name: 'Listings', role: 'Listing Admin' },
    { admin_id: 'ADM003', email: 'billing@example.com', first_name: 'Bea', last_name: 'Billing', role: 'Billing Admin' },
    { admin_id: 'ADM004', email: 'useradmin@example.com', first_name: 'Uma', last_name: 'Users', role: 'User Admin' },
    { admin_id: 'ADM005', email: 'analytics@example.com', first_name: 'Ari', last_name: 'Analytics', role: 'Analytics Admin' },
  ];
  await db.collection('users').bulkWrite(
    users.map((user) => ({
      updateOne: { filter: { user_id: user.user_id }, update: { $setOnInsert: { ...user, password, created_at: now, updated_at: now } }, upsert: true },
    })),
  );
  await db.collection('admins').bulkWrite(
    admins.map((admin) => ({
      updateOne: {
        filter: { admin_id: admin.admin_id },
        update: {
          $setOnInsert: {
            ...admin,
            password,
            address: address('1 Admin Way', 'San Jose', 'CA', '95113'),
            phone_number: '408-555-0100',
            reports_and_analytics_managed: [],
            created_at: now,
            updated_at: now,
          },
        },
        upsert: true,
      },
    })),
  );
  await seedDemoWatches(db, now);
  return users.length + admins.length;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * The demo traveller (alice@example.com) watches New York → Los Angeles under $280 for the next
 * 60 days (the seeded JFK → LAX flights cost $299: an admin lowering one notifies her) and New York
 * hotels under $250 a night (docs/notifications.md). Fixed ids: seeding again adds nothing.
 */
export async function seedDemoWatches(db: Db, now = new Date()): Promise<number> {
  const watches = new WatchesRepository(db);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  await watches.upsertSeed({
    _id: 'demo-alice-jfk-lax',
    user_id: '123-45-6789',
    created_at: now,
    kind: 'route',
    from: 'JFK',
    to: 'LAX',
    depart_from: new Date(today),
    depart_to: new Date(today + 60 * DAY),
    max_price_cents: 28_000,
    passengers: 1,
  });
  await watches.upsertSeed({
    _id: 'demo-alice-nyc-hotels',
    user_id: '123-45-6789',
    created_at: now,
    kind: 'hotelCity',
    city: 'New York',
    city_key: cityKey('New York'),
    state: 'NY',
    check_in: new Date(today + 14 * DAY),
    check_out: new Date(today + 17 * DAY),
    max_nightly_price_cents: 25_000,
  });
  return 2;
}
