import { indexName } from '@kayak/common';
import { createTestMongo, testConfig, type TestMongo } from '@kayak/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initMongo, mongoCollections } from '../scripts/db-init.js';

const config = testConfig();
let mongo: TestMongo;

beforeAll(async () => {
  mongo = await createTestMongo(config, 'dbinit');
});
afterAll(async () => mongo.drop());

describe('db:init', () => {
  it('creates every collection of the design with its indexes, and a second run changes nothing', async () => {
    await initMongo(mongo.db);
    const snapshot = async (): Promise<Record<string, string[]>> => {
      const result: Record<string, string[]> = {};
      for (const { collection } of mongoCollections) {
        const indexes = await mongo.db.collection(collection).listIndexes().toArray();
        result[collection] = indexes.map((index) => `${String(index.name)}${index.unique ? ' unique' : ''}`).sort();
      }
      return result;
    };
    const first = await snapshot();
    await initMongo(mongo.db);
    expect(await snapshot()).toEqual(first);

    expect(Object.keys(first).sort()).toEqual(
      ['admins', 'airlines', 'airport_days', 'airports', 'analytics_bookings', 'analytics_listings', 'availability_blocks', 'cars', 'flight_days', 'flights', 'hotels', 'images', 'listing_click_logs', 'listing_holds', 'listing_ratings', 'notification_mails', 'notification_preferences', 'notifications', 'outbox_events', 'page_click_logs', 'partner_api_keys', 'reviews', 'user_traces', 'users', 'watches'],
    );
    for (const spec of mongoCollections) {
      const expected = spec.indexes.map((index) => `${indexName(index)}${index.unique ? ' unique' : ''}`);
      expect(first[spec.collection], spec.collection).toEqual(expect.arrayContaining(expected));
    }
    expect(first.users).toEqual(expect.arrayContaining(['user_id_1 unique', 'email_1 unique']));
    expect(first.availability_blocks).toEqual(expect.arrayContaining(['booking_id_1 unique', 'listing_type_1_reference_id_1_start_date_1_end_date_1']));
  });
});
