import { createServer as createNetServer } from 'node:net';
import { createJsonCache, createLogger, createRedis } from '@kayak/common';
import { MailDevClient } from '@kayak/common/maildev';
import { createTestMongo, testConfig, uniqueName, type TestMongo } from '@kayak/common/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAIL_RELAY_SETTINGS, MailRelay, type MailRelaySettings, type MailTransport } from '../../src/mail/mailRelay.js';
import { createSmtpTransport } from '../../src/mail/transport.js';
import { MailsRepository } from '../../src/repositories/mails.js';
import { NotificationPreferencesRepository } from '../../src/repositories/notificationPreferences.js';
import { NotificationsRepository, type NotificationDocument } from '../../src/repositories/notifications.js';
import { UsersRepository } from '../../src/repositories/users.js';
import { unsubscribeKey } from '../../src/services/unsubscribeToken.js';

// The mail relay on its own: real Mongo, real SMTP (MailDev, and a port where nothing listens for
// the failures), a clock the test moves instead of waiting for backoffs and leases.
const config = testConfig();
const run = uniqueName('relay');
const maildev = new MailDevClient(config.MAILDEV_URL);
const logger = createLogger('users-test', 'silent');
let mongo: TestMongo;
let redis: Redis;
let stores: { mails: MailsRepository; notifications: NotificationsRepository; preferences: NotificationPreferencesRepository; users: UsersRepository };
let clock = new Date('2030-01-01T00:00:00Z');
const now = (): Date => new Date(clock.getTime());
const advance = (ms: number): void => {
  clock = new Date(clock.getTime() + ms);
};

const settings = (overrides: Partial<MailRelaySettings> = {}): MailRelaySettings => ({
  ...DEFAULT_MAIL_RELAY_SETTINGS,
  from: config.SMTP_FROM,
  publicWebUrl: config.PUBLIC_WEB_URL,
  unsubscribeKey: unsubscribeKey(undefined, config.JWT_SECRET),
  maxAttempts: 3,
  retry: { initialMs: 1_000, maxMs: 4_000 },
  leaseMs: 30_000,
  ...overrides,
});

const relay = (transport: MailTransport, overrides: Partial<MailRelaySettings> = {}) => new MailRelay({ ...stores, transport, logger, settings: settings(overrides), now });

/** A port nothing listens on: SMTP connections there are refused (a real failure, no mock). */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

async function insertUser(name: string): Promise<{ userId: string; email: string }> {
  const userId = `955-${String(Math.floor(Math.random() * 90) + 10)}-${String(Math.floor(Math.random() * 9000) + 1000)}`;
  const email = `${run}-${name}@example.com`;
  await mongo.db.collection('users').insertOne({ user_id: userId, email, first_name: name, last_name: 'Test', created_at: clock, updated_at: clock });
  return { userId, email };
}

async function queue(userId: string, id: string): Promise<void> {
  const document: NotificationDocument = {
    _id: id,
    user_id: userId,
    kind: 'BOOKING_CANCELLED',
    title: `Booking ${id} cancelled`,
    body: 'Your booking is cancelled. $10.00 is refunded to your payment method.',
    link: `/trips/${id}`,
    created_at: clock,
    read_at: null,
    email: 'PENDING',
    watch_id: null,
    listing: null,
    old_price_cents: null,
    new_price_cents: null,
    booking_id: id,
    invoice_number: null,
    amount_cents: 1_000,
    event_id: id,
  };
  await stores.notifications.insertOnce(document);
  await stores.mails.enqueue(id, userId, now());
}

beforeAll(async () => {
  await maildev.apiPrefix();
  mongo = await createTestMongo(config, 'users_mail_relay');
  redis = createRedis(config.REDIS_URL);
  stores = {
    mails: new MailsRepository(mongo.db),
    notifications: new NotificationsRepository(mongo.db),
    preferences: new NotificationPreferencesRepository(mongo.db),
    users: new UsersRepository(mongo.db, createJsonCache(redis, `users:${mongo.name}:user`, logger)),
  };
});

afterAll(async () => {
  redis?.disconnect();
  await mongo?.drop();
});

describe('mail relay', () => {
  it('retries an SMTP failure with a growing backoff and gives up after the last attempt', async () => {
    const { userId } = await insertUser('refused');
    await queue(userId, 'BK-FAIL');
    const transport = createSmtpTransport({ SMTP_HOST: '127.0.0.1', SMTP_PORT: await closedPort(), SMTP_SECURE: false, SMTP_USER: undefined, SMTP_PASSWORD: undefined });
    const failing = relay(transport);

    await failing.round();
    expect(await stores.mails.findById('BK-FAIL')).toMatchObject({ state: 'pending', attempts: 1, next_attempt_at: new Date(clock.getTime() + 1_000), last_error: expect.stringMatching(/ECONNREFUSED/) });
    await failing.round(); // not due yet: nothing tried
    expect((await stores.mails.findById('BK-FAIL'))?.attempts).toBe(1);
    advance(1_000);
    await failing.round();
    expect(await stores.mails.findById('BK-FAIL')).toMatchObject({ state: 'pending', attempts: 2, next_attempt_at: new Date(clock.getTime() + 2_000) });
    advance(2_000);
    await failing.round();
    expect(await stores.mails.findById('BK-FAIL')).toMatchObject({ state: 'failed', attempts: 3, last_error: expect.stringMatching(/^gave up after 3 attempts/) });
    expect((await stores.notifications.findById('BK-FAIL'))?.email).toBe('FAILED');
    expect(await failing.health()).toMatchObject({ pending: 0, sent: 0, failed: 1 });
    transport.close();
  });

  it('sends every queued mail once when two relays share the queue', async () => {
    const { userId, email } = await insertUser('shared');
    const ids = Array.from({ length: 6 }, (_, index) => `BK-SHARED-${index}`);
    for (const id of ids) await queue(userId, id);
    const transportA = createSmtpTransport(config);
    const transportB = createSmtpTransport(config);
    const [a, b] = [relay(transportA, { batch: 10 }), relay(transportB, { batch: 10 })];
    await Promise.all([a.round(), b.round()]);
    const [healthA, healthB] = await Promise.all([a.health(), b.health()]);
    expect(healthA.sent + healthB.sent).toBe(6);
    await expect.poll(async () => (await maildev.to(email)).length, { timeout: 20_000 }).toBe(6);
    expect((await maildev.to(email)).map((mail) => mail.subject).sort()).toEqual(ids.map((id) => `Booking ${id} cancelled`).sort());
    for (const id of ids) expect(await stores.mails.findById(id)).toMatchObject({ state: 'sent', attempts: 1 });
    transportA.close();
    transportB.close();
  });

  it('takes over a mail whose relay died holding the lease, once the lease expires', async () => {
    const { userId, email } = await insertUser('orphan');
    await queue(userId, 'BK-ORPHAN');
    expect(await stores.mails.lease('crashed-relay', now(), 30_000)).toMatchObject({ id: 'BK-ORPHAN' });
    const transport = createSmtpTransport(config);
    const survivor = relay(transport);
    await survivor.round();
    expect((await survivor.health()).sent).toBe(0);
    advance(30_001);
    await survivor.round();
    expect((await survivor.health()).sent).toBe(1);
    await expect.poll(async () => (await maildev.to(email)).length, { timeout: 20_000 }).toBe(1);
    transport.close();
  });

  it('does not mail a user who turned the kind off after the mail was queued', async () => {
    const { userId, email } = await insertUser('changed-mind');
    await queue(userId, 'BK-OFF');
    await stores.preferences.set(userId, { BOOKING_CANCELLED: false }, now());
    const transport = createSmtpTransport(config);
    await relay(transport).round();
    expect(await stores.mails.findById('BK-OFF')).toMatchObject({ state: 'failed', last_error: 'e-mail of this kind was turned off' });
    expect((await stores.notifications.findById('BK-OFF'))?.email).toBe('NOT_SENT');
    expect(await maildev.to(email)).toHaveLength(0);
    transport.close();
  });
});
