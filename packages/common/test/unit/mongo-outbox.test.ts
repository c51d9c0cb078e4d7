import { describe, expect, it } from 'vitest';
import { domainEvent, userKey } from '../../src/domain-events.js';
import { atRevision, collectDocumentEvents, deleteEntryDecision, prefixedTopic, withEvents, type Work } from '../../src/mongo-outbox.js';

const event = (revision: number) =>
  domainEvent('user.deleted', userKey('123-45-6789'), { userId: '123-45-6789', revision }, { id: `e${revision}`, occurredAt: new Date('2026-12-01T00:00:00Z') });

describe('mongo outbox (pure parts)', () => {
  it('pushes the events and sets the revision in the same update as the change', () => {
    const update = withEvents({ $set: { first_name: 'Dora' }, $unset: { phone: '' } }, 3, [event(3)]);
    expect(update.$set).toEqual({ first_name: 'Dora', revision: 3 });
    expect(update.$unset).toEqual({ phone: '' });
    const pushed = (update.$push as { pendingEvents: { $each: Array<{ id: string; value: string; type: string; key: string }> } }).pendingEvents.$each;
    expect(pushed.map(({ id, type, key }) => ({ id, type, key }))).toEqual([{ id: 'e3', type: 'user.deleted', key: 'user:123-45-6789' }]);
    expect(JSON.parse(pushed[0]?.value ?? '{}')).toMatchObject({ id: 'e3', type: 'user.deleted', version: 1, payload: { revision: 3 } });
  });

  it('replaces the pending events instead of pushing when asked (erasure), and pushes nothing without events', () => {
    const replaced = withEvents({ $set: { email: 'x' } }, 2, [event(2)], true);
    expect(replaced.$push).toBeUndefined();
    expect((replaced.$set as { pendingEvents: Array<{ id: string }> }).pendingEvents.map((stored) => stored.id)).toEqual(['e2']);
    expect(withEvents({ $set: { a: 1 } }, 5, [])).toEqual({ $set: { a: 1, revision: 5 } });
  });

  it('conditions a write on the revision read (a document written before the outbox has none)', () => {
    expect(atRevision(0)).toEqual({ revision: { $exists: false } });
    expect(atRevision(4)).toEqual({ revision: 4 });
  });

  it('publishes a delete entry once its document is gone, waits while it exists, discards it after the grace period', () => {
    expect(deleteEntryDecision(false, 0, 60_000)).toBe('publish');
    expect(deleteEntryDecision(true, 1_000, 60_000)).toBe('wait');
    expect(deleteEntryDecision(true, 60_001, 60_000)).toBe('discard');
  });

  it('collects each document’s pending events in order, once per document, remembering exactly the ids to pull', () => {
    const work: Work = { messages: [], pulls: new Map(), done: [] };
    const stored = (id: string) => ({ id, type: 'user.updated' as const, key: 'user:1', value: '{}', writtenAt: new Date() });
    collectDocumentEvents(work, 'users', 'user_id', [
      { user_id: 'a', pendingEvents: [stored('1'), stored('2')] },
      { user_id: 'b', pendingEvents: [] },
      { user_id: 'a', pendingEvents: [stored('1'), stored('2')] },
    ]);
    expect(work.messages.map((message) => message.id)).toEqual(['1', '2']);
    expect([...(work.pulls.get('users')?.values() ?? [])]).toEqual([{ documentId: 'a', ids: ['1', '2'] }]);
  });

  it('names topics by event type, with a prefix for tests', () => {
    expect(prefixedTopic(undefined)('listing.price.changed')).toBe('listing.price.changed');
    expect(prefixedTopic('t1')('user.created')).toBe('t1.user.created');
  });
});
