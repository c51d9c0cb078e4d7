import type { Collection, Db } from 'mongodb';
import { NOTIFICATION_KINDS, type EmailPreferences, type NotificationKindName } from '../notification-models.js';

interface PreferencesDocument {
  /** The user id. */
  _id: string;
  email: Partial<Record<NotificationKindName, boolean>>;
  updated_at: Date;
}

/** Every kind mailed unless the stored document says otherwise. */
function withDefaults(stored: Partial<Record<NotificationKindName, boolean>> | undefined): EmailPreferences {
  return Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, stored?.[kind] ?? true])) as EmailPreferences;
}

/** The `notification_preferences` collection: one document per user who changed a setting. */
export class NotificationPreferencesRepository {
  private readonly preferences: Collection<PreferencesDocument>;

  constructor(db: Db) {
    this.preferences = db.collection<PreferencesDocument>('notification_preferences');
  }

  async get(userId: string): Promise<EmailPreferences> {
    const document = await this.preferences.findOne({ _id: userId });
    return withDefaults(document?.email);
  }

  /** Sets the given kinds (others keep their setting) and returns the result. */
  async set(userId: string, changes: Partial<EmailPreferences>, now: Date): Promise<EmailPreferences> {
    const set: Record<string, unknown> = { updated_at: now };
    for (const [kind, email] of Object.entries(changes)) set[`email.${kind}`] = email;
    await this.preferences.updateOne({ _id: userId }, { $set: set }, { upsert: true });
    return this.get(userId);
  }
}
