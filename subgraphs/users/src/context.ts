import type { RequestContext, SubgraphHealth, Viewer } from '@kayak/common';
import { createLoaders, type Loaders } from './loaders.js';
import { createNotificationLoaders, type NotificationLoaders } from './notificationLoaders.js';
import type { NotificationPreferencesRepository } from './repositories/notificationPreferences.js';
import type { NotificationsRepository } from './repositories/notifications.js';
import type { WatchesRepository } from './repositories/watches.js';
import type { AdminsRepository } from './repositories/admins.js';
import type { UsersRepository } from './repositories/users.js';
import { AdminService } from './services/admins.js';
import { AuthService } from './services/auth.js';
import { NotificationService } from './services/notifications.js';
import type { AuthThrottle } from './services/throttle.js';
import { UserService } from './services/users.js';

/** Per-request context of the users subgraph: the verified viewer plus what resolvers call. */
export interface UsersContext extends RequestContext {
  health(): Promise<SubgraphHealth>;
  loaders: Loaders;
  auth: AuthService;
  users: UserService;
  admins: AdminService;
  notificationLoaders: NotificationLoaders;
  notifications: NotificationService;
}

/** What lives as long as the server: repositories and settings shared by all requests. */
export interface UsersDependencies {
  users: UsersRepository;
  admins: AdminsRepository;
  jwtSecret: string;
  /** Login and registration throttling (Redis token buckets shared by all instances). */
  throttle: AuthThrottle;
  health(): Promise<SubgraphHealth>;
  now?(): Date;
  /** Notifications, watches and e-mail preferences (docs/notifications.md). */
  notificationStores: NotificationStores;
}

export interface NotificationStores {
  notifications: NotificationsRepository;
  watches: WatchesRepository;
  preferences: NotificationPreferencesRepository;
  /** Signs and checks unsubscribe links. */
  unsubscribeKey: Buffer;
}

export function createContext(base: RequestContext, deps: UsersDependencies): UsersContext {
  const loaders = createLoaders(deps.users, deps.admins);
  const now = deps.now ?? (() => new Date());
  // Accounts that log in during this request may read their own personal fields in the payload,
  // although the request itself came without their token.
  const signedIn: Viewer[] = [];
  return {
    ...base,
    health: deps.health,
    loaders,
    auth: new AuthService({ users: deps.users, admins: deps.admins, loaders, jwtSecret: deps.jwtSecret, throttle: deps.throttle, clientIp: base.clientIp, now, signedIn: (viewer) => signedIn.push(viewer) }),
    users: new UserService({ repository: deps.users, loaders, viewer: base.viewer, signedIn, now }),
    admins: new AdminService({ repository: deps.admins, loaders, viewer: base.viewer, signedIn, now }),
    notificationLoaders: createNotificationLoaders(deps.notificationStores.watches, deps.notificationStores.notifications),
    notifications: new NotificationService({ ...deps.notificationStores, viewer: base.viewer, now }),
  };
}
