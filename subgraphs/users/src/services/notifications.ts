import { badUserInput, decodeJsonCursor, encodeJsonCursor, forbidden, notFound, unauthenticated, type Viewer } from '@kayak/common';
import type { NotificationPreferencesInput, WatchHotelCityInput, WatchRouteInput } from '../generated/graphql.js';
import type { EmailPreferences, HotelCityWatchModel, NotificationKindName, NotificationModel, RouteWatchModel, WatchModel } from '../notification-models.js';
import type { NotificationPreferencesRepository } from '../repositories/notificationPreferences.js';
import type { NotificationPosition, NotificationsRepository } from '../repositories/notifications.js';
import type { WatchesRepository } from '../repositories/watches.js';
import { verifyUnsubscribeToken } from './unsubscribeToken.js';
import { validatePageSize } from './validation.js';
import { validateHotelCityWatch, validatePreferences, validateRouteWatch } from './watchValidation.js';

/** Watches one user may keep. */
export const MAX_WATCHES_PER_USER = 50;

export interface NotificationPage {
  nodes: NotificationModel[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface NotificationServiceDependencies {
  notifications: NotificationsRepository;
  watches: WatchesRepository;
  preferences: NotificationPreferencesRepository;
  unsubscribeKey: Buffer;
  viewer: Viewer;
  now(): Date;
}

export const encodeNotificationCursor = (notification: NotificationModel): string => encodeJsonCursor({ t: notification.createdAt.getTime(), id: notification.id });

function decodeNotificationCursor(cursor: string): NotificationPosition {
  const parsed = decodeJsonCursor(cursor);
  if (typeof parsed === 'object' && parsed !== null && 't' in parsed && 'id' in parsed && Number.isSafeInteger(parsed.t) && typeof parsed.id === 'string') {
    return { createdAt: new Date(parsed.t as number), id: parsed.id };
  }
  throw badUserInput([{ path: 'after', message: 'is not a valid cursor' }]);
}

/**
 * The signed-in user's notifications, watches and preferences (per request). Only a user has
 * them: anonymous callers get UNAUTHENTICATED, admins FORBIDDEN, and another user's notification
 * or watch is NOT_FOUND (its existence is not revealed).
 */
export class NotificationService {
  constructor(private readonly deps: NotificationServiceDependencies) {}

  private userId(): string {
    const { viewer } = this.deps;
    if (viewer.kind === 'anonymous') throw unauthenticated('Sign in to see your notifications and watches');
    if (viewer.kind === 'admin') throw forbidden('Notifications and watches belong to user accounts');
    return viewer.userId;
  }

  async page(first: number | null | undefined, after: string | null | undefined): Promise<NotificationPage> {
    const userId = this.userId();
    const size = validatePageSize(first);
    const position = after ? decodeNotificationCursor(after) : null;
    const rows = await this.deps.notifications.page(userId, size, position);
    const nodes = rows.slice(0, size);
    const last = nodes.at(-1);
    return { nodes, hasNextPage: rows.length > size, endCursor: last ? encodeNotificationCursor(last) : null };
  }

  unreadCount(): Promise<number> {
    return this.deps.notifications.countUnread(this.userId());
  }

  async markRead(id: string): Promise<NotificationModel> {
    const notification = await this.deps.notifications.markRead(this.userId(), id, this.deps.now());
    if (!notification) throw notFound('Notification');
    return notification;
  }

  markAllRead(): Promise<number> {
    return this.deps.notifications.markAllRead(this.userId(), this.deps.now());
  }

  watches(): Promise<WatchModel[]> {
    return this.deps.watches.listByUser(this.userId());
  }

  private async checkRoom(userId: string): Promise<void> {
    if ((await this.deps.watches.listByUser(userId)).length >= MAX_WATCHES_PER_USER) {
      throw badUserInput([{ path: 'input', message: `at most ${MAX_WATCHES_PER_USER} watches per user; delete one first` }]);
    }
  }

  async watchRoute(input: WatchRouteInput): Promise<RouteWatchModel> {
    const userId = this.userId();
    const watch = validateRouteWatch(input, userId, this.deps.now());
    await this.checkRoom(userId);
    return this.deps.watches.insertRoute(watch, this.deps.now());
  }

  async watchHotelCity(input: WatchHotelCityInput): Promise<HotelCityWatchModel> {
    const userId = this.userId();
    const watch = validateHotelCityWatch(input, userId, this.deps.now());
    await this.checkRoom(userId);
    return this.deps.watches.insertHotelCity(watch, this.deps.now());
  }

  async deleteWatch(id: string): Promise<boolean> {
    if (!(await this.deps.watches.delete(this.userId(), id))) throw notFound('Watch');
    return true;
  }

  preferences(): Promise<EmailPreferences> {
    return this.deps.preferences.get(this.userId());
  }

  async updatePreferences(input: NotificationPreferencesInput): Promise<EmailPreferences> {
    const userId = this.userId();
    return this.deps.preferences.set(userId, validatePreferences(input), this.deps.now());
  }

  /** Public: the token alone says whose mails of which kind stop. */
  async unsubscribe(token: string): Promise<{ kind: NotificationKindName; preferences: EmailPreferences }> {
    const claim = verifyUnsubscribeToken(this.deps.unsubscribeKey, token.trim());
    if (!claim) throw badUserInput([{ path: 'token', message: 'is not a valid unsubscribe token' }]);
    const preferences = await this.deps.preferences.set(claim.userId, { [claim.kind]: false }, this.deps.now());
    return { kind: claim.kind, preferences };
  }
}
