import { domainEvent, EVENT_TYPES, newEventMeta, userKey, type DomainEvent, type EventPayload, type EventType, type OutboxSource } from '@kayak/common';
import type { UserDocument } from './documents.js';

/**
 * The users subgraph's domain events (docs/events.md): `user.created`, `user.updated`,
 * `user.deleted`, keyed `user:<userId>`, written with the change through the Mongo outbox.
 */
export const USER_EVENT_TYPES: EventType[] = [EVENT_TYPES.userCreated, EVENT_TYPES.userUpdated, EVENT_TYPES.userDeleted];

/** Users are found by their unique `user_id`. */
export const USERS_SOURCE: OutboxSource = { collection: 'users', idField: 'user_id' };

export function userSnapshot(document: UserDocument, revision: number): EventPayload<'user.created'> {
  return {
    userId: document.user_id,
    email: document.email,
    firstName: document.first_name,
    lastName: document.last_name,
    city: document.address?.city ?? null,
    state: document.address?.state ?? null,
    revision,
  };
}

export const userCreated = (document: UserDocument, at: Date): DomainEvent =>
  domainEvent(EVENT_TYPES.userCreated, userKey(document.user_id), userSnapshot(document, 1), newEventMeta(at));

export const userUpdated = (document: UserDocument, revision: number, at: Date): DomainEvent =>
  domainEvent(EVENT_TYPES.userUpdated, userKey(document.user_id), userSnapshot(document, revision), newEventMeta(at));

export const userDeleted = (userId: string, revision: number, at: Date): DomainEvent =>
  domainEvent(EVENT_TYPES.userDeleted, userKey(userId), { userId, revision }, newEventMeta(at));
