import { conflict, cutPage, escapeRegex, isDuplicateKeyError, type FieldError, type JsonCache, type OutboxWriter } from '@kayak/common';
import type { Collection, Db, Document, Filter, UpdateFilter, WithId } from 'mongodb';
import type { NewUser, ProfileChanges, UserModel, UserQuery } from '../models.js';
import { paymentDocument, toUserModel, type UserDocument } from './documents.js';
import { SessionStore } from './sessions.js';
import { userCreated, userDeleted, USERS_SOURCE, userUpdated } from './userEvents.js';

/** Long enough to absorb bursts of entity lookups, short enough to bound staleness if an invalidation is lost. */
export const USER_CACHE_TTL_SECONDS = 300;

export interface UserPage {
  nodes: UserModel[];
  hasNextPage: boolean;
  totalCount: number;
}

/** Personal fields removed by a GDPR erasure (with the credentials and the session). */
const ERASED: Partial<Record<keyof UserDocument, ''>> = {
  password: '',
  address: '',
  phone_number: '',
  profile_image_url: '',
  payment_details: '',
  refresh_token: '',
  refresh_token_expires_at: '',
  previous_refresh_token: '',
};

const notDeleted = { deleted_at: { $exists: false } } as const;

/** The one answer to a registration whose userId or email is taken, naming neither. */
export const registrationConflict = (): Error => conflict('An account with these details already exists; sign in instead');

/** The `users` collection, with a Redis read-through cache of users by id. */
export class UsersRepository {
  private readonly users: Collection<UserDocument>;
  readonly sessions: SessionStore;

  constructor(
    db: Db,
    private readonly cache: JsonCache,
    /** Every write of a user goes through it with its `user.*` event (docs/events.md). */
    private readonly outbox: OutboxWriter,
  ) {
    this.users = db.collection<UserDocument>('users');
    this.sessions = new SessionStore(db, 'users', 'user_id');
  }

  /** Users in the order of `ids` (null where missing): Redis first, then one `$in` find for the misses. */
  async findByIds(ids: readonly string[]): Promise<Array<UserModel | null>> {
    const cached = await Promise.all(ids.map((id) => this.cache.get<UserModel>(id)));
    const misses = [...new Set(ids.filter((_, index) => cached[index] === undefined))];
    const loaded = new Map<string, UserModel>();
    if (misses.length > 0) {
      for (const document of await this.users.find({ user_id: { $in: misses } }).toArray()) {
        loaded.set(document.user_id, toUserModel(document));
      }
      await Promise.all([...loaded.values()].map((model) => this.cache.set(model.userId, model, USER_CACHE_TTL_SECONDS)));
    }
    return ids.map((id, index) => cached[index] ?? loaded.get(id) ?? null);
  }

  /** The stored document with its password hash, for login; deleted accounts are never found. */
  findForLogin(email: string): Promise<WithId<UserDocument> | null> {
    return this.users.findOne({ email, ...notDeleted });
  }

  /** Which of `userId` / `email` another account already uses (as CONFLICT field errors). */
  private async conflicts(userId: string | undefined, email: string | undefined, path: string): Promise<FieldError[]> {
    const or: Array<Filter<UserDocument>> = [];
    if (userId !== undefined) or.push({ user_id: userId });
    if (email !== undefined) or.push({ email });
    if (or.length === 0) return [];
    const taken = await this.users.find({ $or: or }, { projection: { user_id: 1, email: 1 } }).toArray();
    const fields: FieldError[] = [];
    if (userId !== undefined && taken.some((doc) => doc.user_id === userId)) fields.push({ path: `${path}.userId`, message: 'is already registered' });
    if (email !== undefined && taken.some((doc) => doc.email === email)) fields.push({ path: `${path}.email`, message: 'is already registered' });
    return fields;
  }

  private async conflictError(userId: string | undefined, email: string | undefined): Promise<Error> {
    const fields = await this.conflicts(userId, email, 'input');
    return conflict('A user with this userId or email already exists', fields);
  }

  /**
   * Inserts a user with their first session. Duplicates are checked before writing (so nothing is
   * written) and E11000 from a concurrent insert is mapped to the same CONFLICT. The answer does not
   * say which key is taken: "this SSN is registered" would let anyone enumerate SSNs.
   */
  async insert(user: NewUser, passwordHash: string, session: { hash: string; expiresAt: Date }, now: Date): Promise<UserModel> {
    if ((await this.conflicts(user.userId, user.email, 'input')).length > 0) throw registrationConflict();
    const document: UserDocument = {
      user_id: user.userId,
      email: user.email,
      password: passwordHash,
      first_name: user.firstName,
      last_name: user.lastName,
      address: user.address,
      phone_number: user.phoneNumber,
      ...(user.profileImageUrl === null ? {} : { profile_image_url: user.profileImageUrl }),
      ...(user.paymentDetails === null ? {} : { payment_details: paymentDocument(user.paymentDetails) }),
      refresh_token: session.hash,
      refresh_token_expires_at: session.expiresAt,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.outbox.insert(this.users, USERS_SOURCE, document, [userCreated(document, now)]);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw registrationConflict();
      throw error;
    }
    return toUserModel(document);
  }

  /**
   * Applies profile changes to a user who is not deleted; null when there is none. A new email
   * another account already uses is refused by the unique index (E11000 → CONFLICT).
   */
  async update(userId: string, changes: ProfileChanges, now: Date): Promise<UserModel | null> {
    const set: Partial<UserDocument> = { updated_at: now };
    const unset: Partial<Record<keyof UserDocument, ''>> = {};
    if (changes.email !== undefined) set.email = changes.email;
    if (changes.firstName !== undefined) set.first_name = changes.firstName;
    if (changes.lastName !== undefined) set.last_name = changes.lastName;
    if (changes.address !== undefined) set.address = changes.address;
    if (changes.phoneNumber !== undefined) set.phone_number = changes.phoneNumber;
    if (changes.profileImageUrl === null) unset.profile_image_url = '';
    else if (changes.profileImageUrl !== undefined) set.profile_image_url = changes.profileImageUrl;
    if (changes.paymentDetails === null) unset.payment_details = '';
    else if (changes.paymentDetails !== undefined) set.payment_details = paymentDocument(changes.paymentDetails);

    const update: UpdateFilter<UserDocument> = Object.keys(unset).length > 0 ? { $set: set, $unset: unset } : { $set: set };
    try {
      const updated = await this.outbox.update(this.users, USERS_SOURCE, { user_id: userId, ...notDeleted }, (current, revision) => {
        const after = { ...current, ...set } as UserDocument;
        for (const field of Object.keys(unset)) delete after[field as keyof UserDocument];
        return { update: update as UpdateFilter<Document>, events: [userUpdated(after, revision, now)] };
      });
      return updated ? toUserModel(updated) : null;
    } catch (error) {
      if (isDuplicateKeyError(error)) throw await this.conflictError(undefined, changes.email);
      throw error;
    } finally {
      await this.cache.delete(userId);
    }
  }

  /**
   * GDPR erasure: personal data, credentials and session go; the userId stays so bookings and
   * reviews still resolve. The email becomes a unique placeholder because the email index is unique.
   * Idempotent: an already deleted user is returned as is; null when there is no such user.
   */
  async anonymise(userId: string, placeholderEmail: string, now: Date): Promise<UserModel | null> {
    try {
      const erased = await this.outbox.update(this.users, USERS_SOURCE, { user_id: userId, ...notDeleted }, (_current, revision) => ({
        update: { $set: { email: placeholderEmail, first_name: 'Deleted', last_name: 'User', deleted_at: now, updated_at: now }, $unset: ERASED },
        events: [userDeleted(userId, revision, now)],
        // Unpublished user.created/updated events carry the personal data erased here: they are
        // dropped, and consumers learn the end state from user.deleted (docs/events.md).
        replacePending: true,
      }));
      if (erased) return toUserModel(erased);
      const existing = await this.users.findOne({ user_id: userId });
      return existing ? toUserModel(existing) : null;
    } finally {
      await this.cache.delete(userId);
    }
  }

  /** One page ordered by userId, plus the total matching `query` (two commands: find and count). */
  async page(query: UserQuery, first: number, afterUserId: string | undefined): Promise<UserPage> {
    const filter: Filter<UserDocument> = query.includeDeleted ? {} : { ...notDeleted };
    if (query.city !== undefined) filter['address.city'] = { $regex: `^${escapeRegex(query.city)}$`, $options: 'i' };
    if (query.state !== undefined) filter['address.state'] = query.state;
    if (query.emailPrefix !== undefined) {
      filter.email = { $regex: `^${escapeRegex(query.emailPrefix)}` };
      filter.deleted_at = { $exists: false }; // deleted users' placeholder emails are not theirs
    }
    const pageFilter: Filter<UserDocument> = afterUserId === undefined ? filter : { ...filter, user_id: { $gt: afterUserId } };
    const [documents, totalCount] = await Promise.all([
      this.users.find(pageFilter).sort({ user_id: 1 }).limit(first + 1).toArray(),
      this.users.countDocuments(filter),
    ]);
    const page = cutPage(documents, first);
    return { nodes: page.nodes.map(toUserModel), hasNextPage: page.hasNextPage, totalCount };
  }
}
