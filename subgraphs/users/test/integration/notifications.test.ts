import { createKafka, domainEvent, ensureTopics, EVENT_TYPES, listingKey, type EventPayload, type EventType, type ListingSnapshot, type Viewer } from '@kayak/common';
import { MailDevClient, type CaughtMail } from '@kayak/common/maildev';
import { testConfig, uniqueName } from '@kayak/common/testing';
import type { Admin, Consumer, KafkaMessage, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFICATION_CONSUMER_SETTINGS } from '../../src/events/notificationConsumer.js';
import { bookingDraft } from '../../src/services/notificationContent.js';
import { admin, codeOf, register, startHarness, user, type Harness } from './harness.js';

// Notifications end to end against the real Kafka, Mongo and MailDev (the SMTP catcher of the
// local stack): events published as the common envelope on topics of this file, mails read back
// through MailDev's REST API. Every user of this file has addresses no other file uses.
const config = testConfig();
const run = uniqueName('ntf');
const topics = {
  'listing.created': uniqueName('t_ntf_listing_created'),
  'listing.price.changed': uniqueName('t_ntf_price_changed'),
  'booking.confirmed': uniqueName('t_ntf_confirmed'),
  'booking.cancelled': uniqueName('t_ntf_cancelled'),
} as const satisfies Partial<Record<EventType, string>>;
type ConsumedType = keyof typeof topics;
const deadLetterTopic = uniqueName('t_ntf_dlq');
const groupId = uniqueName('t_ntf_group');
const kafka = createKafka(config.KAFKA_BROKERS, 'users-notifications-test');
const maildev = new MailDevClient(config.MAILDEV_URL);
let kafkaAdmin: Admin;
let producer: Producer;
let harness: Harness;
let eventSequence = 0;

const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number): Date => new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY);

interface Traveller {
  userId: string;
  email: string;
  viewer: Viewer;
}

async function traveller(name: string): Promise<Traveller> {
  const registered = await register(harness, { email: `${run}-${name}@example.com`, firstName: `Dana${name}` });
  const userId = registered.input.userId as string;
  return { userId, email: `${run}-${name}@example.com`, viewer: user(userId) };
}

async function publish<T extends ConsumedType>(type: T, key: string, payload: EventPayload<T>, id = `${run}-${(eventSequence += 1)}`): Promise<string> {
  const event = domainEvent(type, key, payload, { id, occurredAt: new Date() });
  await producer.send({ topic: topics[type], messages: [{ key, value: JSON.stringify(event) }] });
  return id;
}

const health = () => harness.server.notificationConsumer.health();

/** Waits (polling the consumer's own count, never a fixed sleep) until `count` messages were handled. */
async function handled(count: number): Promise<void> {
  await expect.poll(async () => (await health()).processed, { timeout: 30_000, interval: 100 }).toBe(count);
}

async function mailsTo(email: string, count: number): Promise<CaughtMail[]> {
  await expect.poll(async () => (await maildev.to(email)).length, { timeout: 30_000, interval: 200 }).toBe(count);
  return maildev.to(email);
}

const notificationCount = (userId: string) => harness.mongo.db.collection('notifications').countDocuments({ user_id: userId });
const mailRecords = (userId: string) => harness.mongo.db.collection('notification_mails').find({ user_id: userId }).toArray();

function flight(listingId: string, overrides: Partial<ListingSnapshot> = {}): ListingSnapshot {
  return {
    listingType: 'Flight',
    listingId,
    title: `Kayak Air ${listingId}`,
    city: 'New York',
    state: 'NY',
    route: { from: 'JFK', to: 'LAX', departsAt: inDays(12).toISOString() },
    priceCents: 15_000,
    retired: false,
    revision: 2,
    ...overrides,
  };
}

function hotel(listingId: string, overrides: Partial<ListingSnapshot> = {}): ListingSnapshot {
  return { listingType: 'Hotel', listingId, title: `Hotel ${listingId}`, city: 'San Diego', state: 'CA', route: null, priceCents: 9_000, retired: false, revision: 1, ...overrides };
}

const priceChanged = (listing: ListingSnapshot, oldPriceCents: number) => ({ listing, oldPriceCents, newPriceCents: listing.priceCents });

function booking(bookingId: string, userId: string, status: 'Confirmed' | 'Cancelled' | 'Expired' | 'PaymentFailed', revision = 2) {
  return { bookingId, listingType: 'Hotel' as const, listingId: 'HTL-1', userId, startDate: inDays(20).toISOString(), endDate: inDays(22).toISOString(), quantity: 1, status, revision, totalCents: 12_345 };
}

const NOTIFICATION_FIELDS = 'id kind title body link read readAt email oldPrice newPrice bookingId invoiceNumber amount listing { listingType listingId from to } watch { id ... on RouteWatch { from to } }';

async function notificationsOf(viewer: Viewer, first = 20, after?: string) {
  const response = await harness.call<{ myNotifications: { nodes: Array<Record<string, unknown>>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
    `query ($first: Int, $after: String) { myNotifications(first: $first, after: $after) { nodes { ${NOTIFICATION_FIELDS} } pageInfo { hasNextPage endCursor } } }`,
    { first, after },
    viewer,
  );
  expect(response.errors).toBeUndefined();
  if (!response.data) throw new Error('no data');
  return response.data.myNotifications;
}

async function watchRoute(viewer: Viewer, input: Record<string, unknown>) {
  return harness.call<{ watchRoute: { id: string; from: string; to: string; maxPrice: string; passengers: number; matchCount: number } }>(
    'mutation ($input: WatchRouteInput!) { watchRoute(input: $input) { id from to maxPrice passengers matchCount } }',
    { input },
    viewer,
  );
}

const routeInput = (overrides: Record<string, unknown> = {}) => ({ from: 'jfk', to: 'LAX', departFrom: inDays(10).toISOString(), departTo: inDays(15).toISOString(), maxPrice: '200.00', passengers: 2, ...overrides });

async function setEmail(viewer: Viewer, kind: string, email: boolean) {
  const response = await harness.call('mutation ($input: NotificationPreferencesInput!) { updateNotificationPreferences(input: $input) { kinds { kind email } } }', { input: { kinds: [{ kind, email }] } }, viewer);
  expect(response.errors).toBeUndefined();
  return response.data;
}

const unsubscribeTokenOf = (mail: CaughtMail): string => {
  const match = /\/#\/unsubscribe\?token=([A-Za-z0-9_.-]+)/.exec(mail.text ?? '');
  if (!match?.[1]) throw new Error('no unsubscribe link in the mail');
  return match[1];
};

let alice: Traveller;
let bob: Traveller;
let carol: Traveller;
let aliceWatchId: string;
let firstAlertMail: CaughtMail;

beforeAll(async () => {
  await maildev.apiPrefix(); // fails fast when no SMTP catcher runs (npm run stack:up starts one)
  kafkaAdmin = kafka.admin();
  await kafkaAdmin.connect();
  await ensureTopics(kafkaAdmin, [...Object.values(topics), deadLetterTopic], 2);
  producer = kafka.producer();
  await producer.connect();
  harness = await startHarness('users_notifications', {
    startNotificationConsumer: true,
    notificationConsumer: { groupId, topics: Object.values(topics), deadLetterTopic },
    startMailRelay: true,
    mailRelay: { idleMs: 100 },
  });
  [alice, bob, carol] = await Promise.all([traveller('alice'), traveller('bob'), traveller('carol')]);
});

afterAll(async () => {
  await harness?.close();
  await producer?.disconnect();
  await kafkaAdmin?.deleteGroups([groupId]).catch(() => undefined);
  await kafkaAdmin?.deleteTopics({ topics: [...Object.values(topics), deadLetterTopic] }).catch(() => undefined);
  await kafkaAdmin?.disconnect();
});

describe('price alerts', () => {
  it('notifies once in the app and once by mail (HTML and text, unsubscribe link) when a watched route gets cheaper', async () => {
    const watch = await watchRoute(alice.viewer, routeInput());
    expect(watch.errors).toBeUndefined();
    expect(watch.data?.watchRoute).toMatchObject({ from: 'JFK', to: 'LAX', maxPrice: '200.00', passengers: 2, matchCount: 0 });
    aliceWatchId = watch.data?.watchRoute.id ?? '';

    // Not matches: another route, a departure outside the window, a price above the maximum, a price rise.
    await publish('listing.price.changed', listingKey('Flight', 'FL-X1'), priceChanged(flight('FL-X1', { route: { from: 'JFK', to: 'SFO', departsAt: inDays(12).toISOString() } }), 25_000));
    await publish('listing.price.changed', listingKey('Flight', 'FL-X2'), priceChanged(flight('FL-X2', { route: { from: 'JFK', to: 'LAX', departsAt: inDays(16).toISOString() } }), 25_000));
    await publish('listing.price.changed', listingKey('Flight', 'FL-X3'), priceChanged(flight('FL-X3', { priceCents: 20_001 }), 25_000));
    await publish('listing.price.changed', listingKey('Flight', 'FL-X4'), priceChanged(flight('FL-X4', { priceCents: 15_000 }), 14_000));
    // The match: JFK → LAX inside the window, $250.00 → $150.00 (max $200.00).
    await publish('listing.price.changed', listingKey('Flight', 'FL-1'), priceChanged(flight('FL-1'), 25_000));
    await handled(5);

    const page = await notificationsOf(alice.viewer);
    expect(page.nodes).toHaveLength(1);
    expect(page.nodes[0]).toMatchObject({
      kind: 'PRICE_ALERT',
      title: 'JFK → LAX now $150.00',
      link: '/flights/FL-1?passengers=2',
      read: false,
      readAt: null,
      oldPrice: '250.00',
      newPrice: '150.00',
      listing: { listingType: 'Flight', listingId: 'FL-1', from: 'JFK', to: 'LAX' },
      watch: { id: aliceWatchId, from: 'JFK', to: 'LAX' },
      bookingId: null,
    });

    const [mail] = await mailsTo(alice.email, 1);
    if (!mail) throw new Error('no mail');
    firstAlertMail = mail;
    expect(mail.subject).toBe('JFK → LAX now $150.00');
    expect(mail.from[0]?.address).toBe('no-reply@kayak.local');
    expect(mail.text).toContain('Hi Danaalice,');
    expect(mail.text).toContain('Now: $150.00');
    expect(mail.text).toContain(`${config.PUBLIC_WEB_URL}/#/flights/FL-1?passengers=2`);
    expect(mail.html).toContain('<h1');
    expect(mail.html).toContain('$150.00');
    expect(mail.html).toContain(`${config.PUBLIC_WEB_URL}/#/unsubscribe?token=`);
    expect(unsubscribeTokenOf(mail)).toMatch(/\./);
    // MailDev's parsed headers leave List-Unsubscribe out: the raw message has it.
    expect((await maildev.source(mail.id)).replace(/\r?\n\s+/g, ' ')).toContain(`List-Unsubscribe: <${config.PUBLIC_WEB_URL}/#/unsubscribe?token=${unsubscribeTokenOf(mail)}>`);
    await expect.poll(async () => (await notificationsOf(alice.viewer)).nodes[0]?.email, { timeout: 10_000 }).toBe('SENT');

    const counts = await harness.call<{ unreadNotificationCount: number; myWatches: Array<{ id: string; matchCount: number }> }>('{ unreadNotificationCount myWatches { id matchCount } }', {}, alice.viewer);
    expect(counts.data).toEqual({ unreadNotificationCount: 1, myWatches: [{ id: aliceWatchId, matchCount: 1 }] });
  });

  it('adds no notification and no mail when the same event, or the same price change again, is replayed', async () => {
    const key = listingKey('Flight', 'FL-1');
    const payload = priceChanged(flight('FL-1'), 25_000);
    const originalId = `${run}-5`;
    await publish('listing.price.changed', key, payload, originalId); // the same event, redelivered
    await publish('listing.price.changed', key, payload); // the same change re-published with a new event id
    await handled(7);
    expect((await health()).applied).toBe(1);
    expect(await notificationCount(alice.userId)).toBe(1);
    const records = await mailRecords(alice.userId);
    expect(records.map((record) => record.state)).toEqual(['sent']);
    expect(await maildev.to(alice.email)).toHaveLength(1);

    // A later change of the same listing (next revision) is news again.
    await publish('listing.price.changed', key, priceChanged(flight('FL-1', { priceCents: 12_000, revision: 3 }), 15_000));
    await handled(8);
    expect(await notificationCount(alice.userId)).toBe(2);
    await mailsTo(alice.email, 2);
  });

  it('matches hotel-city watches on a new listing, and keeps notifications in the app only when e-mail is off', async () => {
    const watch = await harness.call<{ watchHotelCity: { id: string; city: string; state: string; maxNightlyPrice: string } }>(
      'mutation ($input: WatchHotelCityInput!) { watchHotelCity(input: $input) { id city state maxNightlyPrice } }',
      { input: { city: 'san diego', state: 'California', checkIn: inDays(30).toISOString(), checkOut: inDays(33).toISOString(), maxNightlyPrice: '100' } },
      carol.viewer,
    );
    expect(watch.errors).toBeUndefined();
    expect(watch.data?.watchHotelCity).toMatchObject({ city: 'san diego', state: 'CA', maxNightlyPrice: '100.00' });
    expect(await setEmail(carol.viewer, 'PRICE_ALERT', false)).toEqual({
      updateNotificationPreferences: {
        kinds: [
          { kind: 'PRICE_ALERT', email: false },
          { kind: 'BOOKING_CONFIRMED', email: true },
          { kind: 'BOOKING_CANCELLED', email: true },
          { kind: 'BOOKING_EXPIRED', email: true },
        ],
      },
    });

    await publish('listing.created', listingKey('Hotel', 'HTL-SD1'), { listing: hotel('HTL-SD1', { state: 'NV' }) }); // another state
    await publish('listing.created', listingKey('Hotel', 'HTL-SD2'), { listing: hotel('HTL-SD2') });
    await handled(10);
    const page = await notificationsOf(carol.viewer);
    expect(page.nodes).toHaveLength(1);
    expect(page.nodes[0]).toMatchObject({ kind: 'PRICE_ALERT', email: 'NOT_SENT', oldPrice: null, newPrice: '90.00', link: expect.stringMatching(/^\/hotels\/HTL-SD2\?checkIn=\d{4}-\d\d-\d\d&checkOut=/) });
    expect(await mailRecords(carol.userId)).toHaveLength(0);
    expect(await maildev.to(carol.email)).toHaveLength(0);
  });

  it("turns e-mail of the mail's kind off with the unsubscribe link's token, and refuses a forged one", async () => {
    const token = unsubscribeTokenOf(firstAlertMail);
    const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
    const bad = await harness.call('mutation ($token: String!) { unsubscribe(token: $token) { kind } }', { token: forged });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions?.fields).toEqual([{ path: 'token', message: 'is not a valid unsubscribe token' }]);

    const response = await harness.call<{ unsubscribe: { kind: string; preferences: { kinds: Array<{ kind: string; email: boolean }> } } }>(
      'mutation ($token: String!) { unsubscribe(token: $token) { kind preferences { kinds { kind email } } } }',
      { token },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.unsubscribe.kind).toBe('PRICE_ALERT');
    const mine = await harness.call<{ notificationPreferences: { kinds: Array<{ kind: string; email: boolean }> } }>('{ notificationPreferences { kinds { kind email } } }', {}, alice.viewer);
    expect(mine.data?.notificationPreferences.kinds.filter((kind) => !kind.email).map((kind) => kind.kind)).toEqual(['PRICE_ALERT']);

    await publish('listing.price.changed', listingKey('Flight', 'FL-1'), priceChanged(flight('FL-1', { priceCents: 11_000, revision: 4 }), 12_000));
    await handled(11);
    expect((await notificationsOf(alice.viewer)).nodes[0]).toMatchObject({ newPrice: '110.00', email: 'NOT_SENT' });
    expect(await maildev.to(alice.email)).toHaveLength(2);
  });
});

describe('booking mails', () => {
  it('mails the confirmation with the invoice number and amount', async () => {
    const bookingId = `BK-${eventSequence}-C`;
    await publish('booking.confirmed', listingKey('Hotel', 'HTL-1'), {
      ...booking(bookingId, bob.userId, 'Confirmed'),
      invoice: { billingId: 'BIL-1', invoiceNumber: 'INV-2026-000042', amountPaidCents: 13_456, paymentMethod: 'Visa ****4242', paidAt: new Date().toISOString() },
    });
    await handled(12);
    const [mail] = await mailsTo(bob.email, 1);
    expect(mail?.subject).toBe(`Booking ${bookingId} confirmed`);
    expect(mail?.text).toContain('Invoice: INV-2026-000042');
    expect(mail?.text).toContain('Amount paid: $134.56');
    expect(mail?.html).toContain('INV-2026-000042');
    expect(mail?.html).toContain('$134.56');
    expect((await notificationsOf(bob.viewer)).nodes[0]).toMatchObject({ kind: 'BOOKING_CONFIRMED', bookingId, invoiceNumber: 'INV-2026-000042', amount: '134.56', link: `/trips/${bookingId}` });
  });

  it('mails the cancellation with its refund and the expiry of an unpaid hold, once per event', async () => {
    const cancelledId = await publish('booking.cancelled', listingKey('Hotel', 'HTL-1'), { ...booking('BK-CANCEL', bob.userId, 'Cancelled', 3), refundCents: 13_456 });
    await publish('booking.cancelled', listingKey('Hotel', 'HTL-1'), { ...booking('BK-EXPIRE', bob.userId, 'Expired', 2), refundCents: 0 });
    await publish('booking.cancelled', listingKey('Hotel', 'HTL-1'), { ...booking('BK-CANCEL', bob.userId, 'Cancelled', 3), refundCents: 13_456 }, cancelledId);
    await handled(15);
    const mails = await mailsTo(bob.email, 3);
    expect(mails.map((mail) => mail.subject).filter((subject) => !subject.endsWith('confirmed')).sort()).toEqual(['Booking BK-CANCEL cancelled', 'Booking BK-EXPIRE expired']);
    expect(mails.find((mail) => mail.subject.endsWith('cancelled'))?.text).toContain('Refund: $134.56');
    expect(mails.find((mail) => mail.subject.endsWith('expired'))?.text).toContain('was not paid in time');
    const kinds = (await notificationsOf(bob.viewer)).nodes.map((node) => node.kind).sort();
    expect(kinds).toEqual(['BOOKING_CANCELLED', 'BOOKING_CONFIRMED', 'BOOKING_EXPIRED']);
  });

  it('pages notifications newest first and marks them read', async () => {
    const first = await notificationsOf(bob.viewer, 2);
    expect(first.nodes).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await notificationsOf(bob.viewer, 2, first.pageInfo.endCursor ?? undefined);
    expect(second.nodes).toHaveLength(1);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(second.nodes[0]?.kind).toBe('BOOKING_CONFIRMED'); // the oldest
    const ids = [...first.nodes, ...second.nodes].map((node) => node.id);
    expect(new Set(ids).size).toBe(3);

    const read = await harness.call<{ markNotificationRead: { id: string; read: boolean; readAt: string } }>('mutation ($id: ID!) { markNotificationRead(id: $id) { id read readAt } }', { id: ids[0] }, bob.viewer);
    expect(read.data?.markNotificationRead).toMatchObject({ id: ids[0], read: true });
    const all = await harness.call<{ markAllNotificationsRead: number }>('mutation { markAllNotificationsRead }', {}, bob.viewer);
    expect(all.data?.markAllNotificationsRead).toBe(2);
    const count = await harness.call<{ unreadNotificationCount: number }>('{ unreadNotificationCount }', {}, bob.viewer);
    expect(count.data?.unreadNotificationCount).toBe(0);
  });

  it('keeps booking notifications in the app only when their kind is turned off', async () => {
    await setEmail(carol.viewer, 'BOOKING_CONFIRMED', false);
    await publish('booking.confirmed', listingKey('Hotel', 'HTL-1'), {
      ...booking('BK-CAROL', carol.userId, 'Confirmed'),
      invoice: { billingId: 'BIL-2', invoiceNumber: 'INV-2026-000043', amountPaidCents: 5_000, paymentMethod: 'Visa ****4242', paidAt: new Date().toISOString() },
    });
    await handled(16);
    expect((await notificationsOf(carol.viewer)).nodes[0]).toMatchObject({ kind: 'BOOKING_CONFIRMED', email: 'NOT_SENT' });
    expect(await mailRecords(carol.userId)).toHaveLength(0);
  });
});

describe('crash recovery', () => {
  it('queues the mail that a crash between the notification and its mail left out, once, when the event is redelivered', async () => {
    const dave = await traveller('dave');
    const eventId = `${run}-crashed`;
    const payload = { ...booking('BK-CRASH', dave.userId, 'Cancelled', 3), refundCents: 2_500 };
    // What a consumer that died after its first write leaves behind: the notification (mail PENDING), no mail record.
    const bookingEvent = domainEvent('booking.cancelled', listingKey('Hotel', 'HTL-1'), payload, { id: eventId, occurredAt: new Date() });
    await harness.mongo.db.collection('notifications').insertOne({ ...bookingDraft(bookingEvent, new Date()), email: 'PENDING' } as never);
    const before = (await health()).processed;
    await publish('booking.cancelled', listingKey('Hotel', 'HTL-1'), payload, eventId);
    await publish('booking.cancelled', listingKey('Hotel', 'HTL-1'), payload, eventId);
    await handled(before + 2);
    expect(await notificationCount(dave.userId)).toBe(1);
    const [mail] = await mailsTo(dave.email, 1);
    expect(mail?.text).toContain('Refund: $25.00');
    expect((await mailRecords(dave.userId)).map((record) => record.state)).toEqual(['sent']);
  });
});

describe('bad events', () => {
  it('sends malformed messages to the dead-letter topic with the reason and writes nothing', async () => {
    const before = await harness.mongo.db.collection('notifications').countDocuments();
    const processed = (await health()).processed;
    await producer.send({ topic: topics['listing.created'], messages: [{ key: 'x', value: '{not json' }] });
    const wrongPayload = { ...domainEvent('listing.created', 'Hotel:HTL-Z', { listing: hotel('HTL-Z') }, { id: `${run}-bad`, occurredAt: new Date() }), payload: { listing: { listingType: 'Hotel' } } };
    await producer.send({ topic: topics['listing.created'], messages: [{ key: 'y', value: JSON.stringify(wrongPayload) }] });
    const otherType = domainEvent('user.created', 'user:1', { userId: '1', email: 'a@example.com', firstName: 'A', lastName: 'B', city: null, state: null, revision: 1 }, { id: `${run}-user`, occurredAt: new Date() });
    await producer.send({ topic: topics['booking.confirmed'], messages: [{ key: 'z', value: JSON.stringify(otherType) }] });
    await handled(processed + 3);
    expect((await health()).deadLettered).toBe(3);
    expect(await harness.mongo.db.collection('notifications').countDocuments()).toBe(before);

    const reader: Consumer = kafka.consumer({ groupId: uniqueName('t_ntf_dlq_reader') });
    const received: KafkaMessage[] = [];
    await reader.connect();
    await reader.subscribe({ topic: deadLetterTopic, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void received.push(message) });
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(3);
    await reader.disconnect();
    const reasons = received.map((message) => String(message.headers?.['dlq-reason'])).sort();
    expect(reasons[0]).toMatch(/payload\.listing/);
    expect(reasons.some((reason) => reason === 'value is not JSON')).toBe(true);
    expect(reasons.some((reason) => reason.includes('user.created is not consumed here'))).toBe(true);
    expect(received.every((message) => String(message.headers?.['dlq-consumer-group']) === groupId)).toBe(true);
  });

  it('consumes the four event types from their topics and dead-letters to events.dlq by default', () => {
    expect(DEFAULT_NOTIFICATION_CONSUMER_SETTINGS).toEqual({
      groupId: 'users-notifications',
      topics: [EVENT_TYPES.listingCreated, EVENT_TYPES.listingPriceChanged, EVENT_TYPES.bookingConfirmed, EVENT_TYPES.bookingCancelled],
      deadLetterTopic: 'events.dlq',
    });
  });
});

describe('who sees what', () => {
  it('asks anonymous callers to sign in and refuses admins', async () => {
    for (const query of ['{ myNotifications { nodes { id } } }', '{ unreadNotificationCount }', '{ myWatches { id } }', '{ notificationPreferences { kinds { kind } } }']) {
      expect(codeOf(await harness.call(query))).toBe('UNAUTHENTICATED');
      expect(codeOf(await harness.call(query, {}, admin('ADM-1', 'Super Admin')))).toBe('FORBIDDEN');
    }
  });

  it("hides another user's notifications and watches (NOT_FOUND) and changes nothing of theirs", async () => {
    const aliceNotification = (await notificationsOf(alice.viewer)).nodes[0]?.id;
    const read = await harness.call('mutation ($id: ID!) { markNotificationRead(id: $id) { id } }', { id: aliceNotification }, bob.viewer);
    expect(codeOf(read)).toBe('NOT_FOUND');
    expect((await notificationsOf(alice.viewer)).nodes[0]?.read).toBe(false);
    const deleted = await harness.call('mutation ($id: ID!) { deleteWatch(id: $id) }', { id: aliceWatchId }, bob.viewer);
    expect(codeOf(deleted)).toBe('NOT_FOUND');
    const watches = await harness.call<{ myWatches: Array<{ id: string }> }>('{ myWatches { id } }', {}, bob.viewer);
    expect(watches.data?.myWatches).toEqual([]);
    expect(await harness.mongo.db.collection('watches').countDocuments({ _id: aliceWatchId as never })).toBe(1);
    expect((await notificationsOf(bob.viewer)).nodes.every((node) => String(node.bookingId).startsWith('BK-'))).toBe(true);
  });

  it('rejects bad watch input with every field path and writes nothing', async () => {
    const before = await harness.mongo.db.collection('watches').countDocuments();
    const response = await watchRoute(bob.viewer, routeInput({ from: 'JF1', to: 'LAX', departFrom: inDays(15).toISOString(), departTo: inDays(10).toISOString(), maxPrice: '0', passengers: 12 }));
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.fields).toEqual([
      { path: 'input.from', message: 'must be a 3-letter IATA airport code' },
      { path: 'input.departTo', message: 'must be after departFrom' },
      { path: 'input.maxPrice', message: 'must be more than 0' },
      { path: 'input.passengers', message: 'must be between 1 and 9' },
    ]);
    const same = await watchRoute(bob.viewer, routeInput({ from: 'LAX', departTo: inDays(-1).toISOString(), departFrom: inDays(-3).toISOString(), maxPrice: '12.345' }));
    expect(same.errors?.[0]?.extensions?.fields).toEqual([
      { path: 'input.to', message: 'must differ from from' },
      { path: 'input.departTo', message: 'must be in the future' },
      { path: 'input.maxPrice', message: 'must be an amount with at most two decimals' },
    ]);
    const hotelWatch = await harness.call('mutation ($input: WatchHotelCityInput!) { watchHotelCity(input: $input) { id } }', { input: { city: ' ', state: 'Atlantis', checkIn: inDays(5).toISOString(), checkOut: inDays(50).toISOString(), maxNightlyPrice: '-1' } }, bob.viewer);
    expect(hotelWatch.errors?.[0]?.extensions?.fields).toEqual([
      { path: 'input.city', message: 'is required' },
      { path: 'input.state', message: 'must be a US state abbreviation or full name' },
      { path: 'input.checkOut', message: 'must be at most 30 days after checkIn' },
      { path: 'input.maxNightlyPrice', message: 'must be an amount with at most two decimals' },
    ]);
    const prefs = await harness.call('mutation ($input: NotificationPreferencesInput!) { updateNotificationPreferences(input: $input) { kinds { kind } } }', { input: { kinds: [{ kind: 'PRICE_ALERT', email: false }, { kind: 'PRICE_ALERT', email: true }] } }, bob.viewer);
    expect(prefs.errors?.[0]?.extensions?.fields).toEqual([{ path: 'input.kinds.1.kind', message: 'is listed twice' }]);
    expect(await harness.mongo.db.collection('watches').countDocuments()).toBe(before);
    expect(await harness.mongo.db.collection('notification_preferences').countDocuments({ _id: bob.userId as never })).toBe(0);
  });

  it('deletes its own watch', async () => {
    const response = await harness.call<{ deleteWatch: boolean }>('mutation ($id: ID!) { deleteWatch(id: $id) }', { id: aliceWatchId }, alice.viewer);
    expect(response.data?.deleteWatch).toBe(true);
    const watches = await harness.call<{ myWatches: unknown[] }>('{ myWatches { id } }', {}, alice.viewer);
    expect(watches.data?.myWatches).toEqual([]);
  });
});

describe('health', () => {
  it('reports the consumer (with its lag) and the mail relay', async () => {
    const response = await harness.call<{ usersHealth: { ok: boolean; dependencies: Array<{ name: string; ok: boolean }> } }>('{ usersHealth { ok dependencies { name ok } } }');
    expect(response.data?.usersHealth.dependencies.map((dependency) => dependency.name)).toEqual(['mongodb', 'redis', 'notification-consumer', 'mail-relay']);
    expect(response.data?.usersHealth.ok).toBe(true);
    expect(await health()).toMatchObject({ groupId, running: true, lag: 0 });
    const metrics = await (await fetch(new URL('/metrics', harness.server.url))).text();
    expect(metrics).toMatch(/kafka_consumer_lag_messages\{consumer="notifications",group="[^"]+"[^}]*\} 0/);
    expect(metrics).toMatch(/notification_mails_total\{outcome="sent"[^}]*\} [1-9]/);
  });
});

describe('replay', () => {
  it('replays its topics from a point in time without a second notification or mail', async () => {
    const before = await health();
    const notifications = await harness.mongo.db.collection('notifications').countDocuments();
    const mails = await harness.mongo.db.collection('notification_mails').countDocuments();
    const [aliceMails, bobMails] = [(await maildev.to(alice.email)).length, (await maildev.to(bob.email)).length];
    await harness.server.notificationConsumer.replayFrom(new Date(0));
    await handled(before.processed * 2);
    expect((await health()).applied).toBe(before.applied);
    expect(await harness.mongo.db.collection('notifications').countDocuments()).toBe(notifications);
    expect(await harness.mongo.db.collection('notification_mails').countDocuments()).toBe(mails);
    expect(await harness.mongo.db.collection('notification_mails').countDocuments({ state: 'pending' })).toBe(0);
    expect((await maildev.to(alice.email)).length).toBe(aliceMails);
    expect((await maildev.to(bob.email)).length).toBe(bobMails);
  });
});
