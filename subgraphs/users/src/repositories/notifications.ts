import { isDuplicateKeyError } from '@kayak/common';
import type { Collection, Db, Filter } from 'mongodb';
import type { EmailState, NotificationKindName, NotificationListingModel, NotificationModel } from '../notification-models.js';

export interface NotificationDocument {
  _id: string;
  user_id: string;
  kind: NotificationKindName;
  title: string;
  body: string;
  link: string;
  created_at: Date;
  read_at: Date | null;
  email: EmailState;
  watch_id: string | null;
  listing: NotificationListingModel | null;
  old_price_cents: number | null;
  new_price_cents: number | null;
  booking_id: string | null;
  invoice_number: string | null;
  amount_cents: number | null;
  /** The event that produced it (for tracing a notification back to Kafka). */
  event_id: string;
}

/** Where a page of notifications starts (exclusive): newest first by created_at, then _id. */
export interface NotificationPosition {
  createdAt: Date;
  id: string;
}

export function toNotificationModel(document: NotificationDocument): NotificationModel {
  return {
    id: document._id,
    userId: document.user_id,
    kind: document.kind,
    title: document.title,
    body: document.body,
    link: document.link,
    createdAt: document.created_at,
    readAt: document.read_at,
    email: document.email,
    watchId: document.watch_id,
    listing: document.listing,
    oldPriceCents: document.old_price_cents,
    newPriceCents: document.new_price_cents,
    bookingId: document.booking_id,
    invoiceNumber: document.invoice_number,
    amountCents: document.amount_cents,
  };
}

/** The `notifications` collection: the in-app notifications, one document per notification. */
export class NotificationsRepository {
  private readonly notifications: Collection<NotificationDocument>;

  constructor(db: Db) {
    this.notifications = db.collection<NotificationDocument>('notifications');
  }

  /**
   * Inserts the notification unless its id exists (a replayed event): returns the stored one and
   * whether this call created it.
   */
  async insertOnce(document: NotificationDocument): Promise<{ created: boolean; stored: NotificationModel }> {
    try {
      await this.notifications.insertOne(document);
      return { created: true, stored: toNotificationModel(document) };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.notifications.findOne({ _id: document._id });
      if (!existing) throw error;
      return { created: false, stored: toNotificationModel(existing) };
    }
  }

  async findById(id: string): Promise<NotificationModel | null> {
    const document = await this.notifications.findOne({ _id: id });
    return document ? toNotificationModel(document) : null;
  }

  /** `first + 1` notifications of the user after `position`, newest first. */
  async page(userId: string, first: number, position: NotificationPosition | null): Promise<NotificationModel[]> {
    const filter: Filter<NotificationDocument> = { user_id: userId };
    if (position) {
      filter.$or = [{ created_at: { $lt: position.createdAt } }, { created_at: position.createdAt, _id: { $lt: position.id } }];
    }
    const documents = await this.notifications.find(filter).sort({ created_at: -1, _id: -1 }).limit(first + 1).toArray();
    return documents.map(toNotificationModel);
  }

  countUnread(userId: string): Promise<number> {
    return this.notifications.countDocuments({ user_id: userId, read_at: null });
  }

  /** Marks the user's notification read (keeping an earlier readAt); null when it is not theirs. */
  async markRead(userId: string, id: string, now: Date): Promise<NotificationModel | null> {
    await this.notifications.updateOne({ _id: id, user_id: userId, read_at: null }, { $set: { read_at: now } });
    const document = await this.notifications.findOne({ _id: id, user_id: userId });
    return document ? toNotificationModel(document) : null;
  }

  async markAllRead(userId: string, now: Date): Promise<number> {
    const result = await this.notifications.updateMany({ user_id: userId, read_at: null }, { $set: { read_at: now } });
    return result.modifiedCount;
  }

  setEmailState(id: string, email: EmailState): Promise<unknown> {
    return this.notifications.updateOne({ _id: id }, { $set: { email } });
  }

  /** Notifications per watch, for `Watch.matchCount` (one $match/$group for all the watches asked). */
  async countByWatch(watchIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.notifications
      .aggregate<{ _id: string; count: number }>([{ $match: { watch_id: { $in: [...watchIds] } } }, { $group: { _id: '$watch_id', count: { $sum: 1 } } }])
      .toArray();
    return new Map(rows.map((row) => [row._id, row.count]));
  }
}
