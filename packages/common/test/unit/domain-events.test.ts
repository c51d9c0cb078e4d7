import { describe, expect, it } from 'vitest';
import { domainEvent, EVENT_TYPES, MalformedEventError, parseDomainEvent, userKey } from '../../src/index.js';

const user = { userId: 'u1', email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee', city: null, state: null, revision: 1 };
const at = { id: 'e1', occurredAt: new Date('2026-12-01T10:00:00Z') };

describe('domain events', () => {
  it('round-trips an event through its envelope', () => {
    const event = domainEvent(EVENT_TYPES.userCreated, userKey('u1'), user, at);
    expect(parseDomainEvent(JSON.stringify(event))).toEqual({ id: 'e1', type: 'user.created', version: 1, occurredAt: '2026-12-01T10:00:00.000Z', key: 'user:u1', payload: user });
  });

  it('refuses to build an event whose payload breaks its schema', () => {
    expect(() => domainEvent(EVENT_TYPES.userCreated, userKey('u1'), { ...user, email: 'nope' }, at)).toThrow(/payload.email/);
  });

  it('names every problem of a malformed message', () => {
    const event = { ...domainEvent(EVENT_TYPES.userCreated, userKey('u1'), user, at), payload: { ...user, revision: 0 } };
    expect(() => parseDomainEvent(JSON.stringify(event))).toThrow(new MalformedEventError('payload.revision: Too small: expected number to be >=1'));
    expect(() => parseDomainEvent('{')).toThrow('value is not JSON');
    expect(() => parseDomainEvent(null)).toThrow('empty message');
    expect(() => parseDomainEvent(JSON.stringify({ ...event, type: 'user.exploded' }))).toThrow(/^type: /);
  });

  it('refuses an unknown schema version and a type the consumer does not take', () => {
    const event = domainEvent(EVENT_TYPES.userCreated, userKey('u1'), user, at);
    expect(() => parseDomainEvent(JSON.stringify({ ...event, version: 2 }))).toThrow('version: user.created version 2 is not supported');
    expect(() => parseDomainEvent(JSON.stringify(event), [EVENT_TYPES.userDeleted])).toThrow('type: user.created is not consumed here');
  });
});
