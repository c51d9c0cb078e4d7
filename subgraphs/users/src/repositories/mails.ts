import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '@kayak/common';

export type MailState = 'pending' | 'sent' | 'failed';

/**
 * One mail per notification (`_id` = the notification's id, so a replayed event cannot queue a
 * second one). A relay leases it (`lease_owner` / `lease_until`) before sending, so two replicas
 * never send the same mail at once; a lease left by a crashed relay expires and another takes over.
 */
export interface MailDocument {
  _id: string;
  user_id: string;
  state: MailState;
  attempts: number;
  next_attempt_at: Date;
  /** Epoch when free: a plain `$lt` comparison then finds both free and expired leases. */
  lease_until: Date;
  lease_owner: string | null;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  /** The SMTP server's message id. */
  message_id: string | null;
}

const FREE = new Date(0);

export interface MailLease {
  id: string;
  userId: string;
  attempts: number;
}

/** The `notification_mails` collection: the durable queue of the mail relay. */
export class MailsRepository {
  private readonly mails: Collection<MailDocument>;

  constructor(db: Db) {
    this.mails = db.collection<MailDocument>('notification_mails');
  }

  /** Queues the notification's mail; false when it was already queued (or sent). */
  async enqueue(notificationId: string, userId: string, now: Date): Promise<boolean> {
    try {
      await this.mails.insertOne({
        _id: notificationId,
        user_id: userId,
        state: 'pending',
        attempts: 0,
        next_attempt_at: now,
        lease_until: FREE,
        lease_owner: null,
        last_error: null,
        created_at: now,
        sent_at: null,
        message_id: null,
      });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Leases the next due mail for `leaseMs`; null when none is due. */
  async lease(owner: string, now: Date, leaseMs: number): Promise<MailLease | null> {
    const document = await this.mails.findOneAndUpdate(
      { state: 'pending', next_attempt_at: { $lte: now }, lease_until: { $lt: now } },
      { $set: { lease_owner: owner, lease_until: new Date(now.getTime() + leaseMs) } },
      { sort: { next_attempt_at: 1 }, returnDocument: 'after' },
    );
    return document ? { id: document._id, userId: document.user_id, attempts: document.attempts } : null;
  }

  /** Records the delivery; false when the lease was lost meanwhile (another relay took the mail). */
  async markSent(lease: MailLease, owner: string, now: Date, messageId: string | null): Promise<boolean> {
    const result = await this.mails.updateOne(
      { _id: lease.id, lease_owner: owner, state: 'pending' },
      { $set: { state: 'sent', sent_at: now, message_id: messageId, lease_until: FREE, lease_owner: null, attempts: lease.attempts + 1, last_error: null } },
    );
    return result.modifiedCount === 1;
  }

  /** A failed attempt: retried at `retryAt`, or given up (`failed`) when retryAt is null. */
  async markFailed(lease: MailLease, owner: string, error: string, retryAt: Date | null): Promise<boolean> {
    const result = await this.mails.updateOne(
      { _id: lease.id, lease_owner: owner, state: 'pending' },
      {
        $set: {
          state: retryAt ? 'pending' : 'failed',
          attempts: lease.attempts + 1,
          last_error: error,
          next_attempt_at: retryAt ?? new Date(0),
          lease_until: FREE,
          lease_owner: null,
        },
      },
    );
    return result.modifiedCount === 1;
  }

  async findById(id: string): Promise<MailDocument | null> {
    return this.mails.findOne({ _id: id });
  }

  /** Mails waiting to be sent (for health and metrics). */
  countPending(): Promise<number> {
    return this.mails.countDocuments({ state: 'pending' });
  }
}
