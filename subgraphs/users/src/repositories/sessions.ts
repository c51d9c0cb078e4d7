import type { Collection, Db } from 'mongodb';
import type { SessionFields } from './documents.js';

/** The part of a `users` / `admins` document the session code reads and writes. */
interface SessionDocument extends SessionFields {
  user_id?: string;
  admin_id?: string;
  deleted_at?: Date;
}

const ENDED: Record<keyof SessionFields, ''> = { refresh_token: '', refresh_token_expires_at: '', previous_refresh_token: '' };

/**
 * The refresh-token session stored on a `users` or `admins` document. Each operation is a single
 * conditional write, so two concurrent refreshes with the same token cannot both succeed.
 */
export class SessionStore {
  private readonly collection: Collection<SessionDocument>;

  constructor(
    db: Db,
    collection: 'users' | 'admins',
    private readonly idField: 'user_id' | 'admin_id',
  ) {
    this.collection = db.collection<SessionDocument>(collection);
  }

  /**
   * Makes `hash` the only valid refresh token of the account (a new login ends the previous
   * session); false when there is no such account, or it was deleted meanwhile.
   */
  async start(id: string, hash: string, expiresAt: Date): Promise<boolean> {
    const result = await this.collection.updateOne(
      { [this.idField]: id, deleted_at: { $exists: false } },
      { $set: { refresh_token: hash, refresh_token_expires_at: expiresAt }, $unset: { previous_refresh_token: '' } },
    );
    return result.matchedCount === 1;
  }

  /** Replaces an unexpired `oldHash` by `newHash`; the account id, or null when `oldHash` is not the current token. */
  async rotate(oldHash: string, newHash: string, expiresAt: Date, now: Date): Promise<string | null> {
    const document = await this.collection.findOneAndUpdate(
      { refresh_token: oldHash, refresh_token_expires_at: { $gt: now } },
      { $set: { refresh_token: newHash, refresh_token_expires_at: expiresAt, previous_refresh_token: oldHash } },
      { returnDocument: 'after', projection: { [this.idField]: 1 } },
    );
    return document?.[this.idField] ?? null;
  }

  /**
   * A token that was already rotated away is presented again: either it leaked or a client
   * retried. Either way the session can no longer be trusted, so it ends (the user logs in again).
   */
  async endIfReused(hash: string): Promise<boolean> {
    const result = await this.collection.updateOne({ previous_refresh_token: hash }, { $unset: ENDED });
    return result.modifiedCount > 0;
  }

  async end(hash: string): Promise<void> {
    await this.collection.updateOne({ refresh_token: hash }, { $unset: ENDED });
  }
}
