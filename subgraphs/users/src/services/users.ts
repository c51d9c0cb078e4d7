import { randomUUID } from 'node:crypto';
import { badUserInput, can, forbidden, notFound, requirePermission, type Viewer } from '@kayak/common';
import type { UpdateProfileInput, UserFilter } from '../generated/graphql.js';
import type { Loaders } from '../loaders.js';
import type { UserModel } from '../models.js';
import type { UserPage, UsersRepository } from '../repositories/users.js';
import { decodeUserCursor } from './cursor.js';
import { validatePageSize, validateProfileChanges, validateUserFilter } from './validation.js';

export interface UserServiceDependencies {
  repository: UsersRepository;
  loaders: Loaders;
  viewer: Viewer;
  /** Accounts that authenticated during this request (see AuthService). */
  signedIn: readonly Viewer[];
  now(): Date;
}

/** Reads and writes of users with their permission rules. */
export class UserService {
  constructor(private readonly deps: UserServiceDependencies) {}

  private get viewer(): Viewer {
    return this.deps.viewer;
  }

  /** Personal fields (users:read) are for the user themself, also right after they logged in, and admins. */
  canSeePersonal(user: UserModel): boolean {
    return [this.viewer, ...this.deps.signedIn].some((viewer) => can(viewer, 'users:read', user.userId));
  }

  /** `value` when the viewer may see `user`'s personal fields; FORBIDDEN otherwise. */
  personal<T>(user: UserModel, value: T): T {
    if (!this.canSeePersonal(user)) throw forbidden("Only the user and admins can see this user's personal details");
    return value;
  }

  /** For entity references: public fields only are unguarded, personal ones are checked per field. */
  reference(userId: string): Promise<UserModel | null> {
    return this.deps.loaders.userById.load(userId);
  }

  /** A user looked up by id: only the user themself and admins may ask (an SSN is not a search key). */
  async byId(userId: string): Promise<UserModel | null> {
    requirePermission(this.viewer, 'users:read', userId);
    return this.deps.loaders.userById.load(userId);
  }

  async list(filter: UserFilter | null | undefined, first: number | null | undefined, after: string | null | undefined): Promise<UserPage> {
    requirePermission(this.viewer, 'users:list');
    const query = validateUserFilter(filter);
    const size = validatePageSize(first);
    const afterUserId = after == null ? undefined : decodeUserCursor(after);
    return this.deps.repository.page(query, size, afterUserId);
  }

  /** Users change their own account; admins with users:manage any account, naming it. */
  private target(userId: string | null | undefined): string {
    const viewer = this.viewer;
    if (viewer.kind === 'user') {
      requirePermission(viewer, 'users:manage', userId ?? viewer.userId);
      return viewer.userId;
    }
    requirePermission(viewer, 'users:manage');
    if (userId == null) throw badUserInput([{ path: 'userId', message: 'is required when an admin makes the change' }]);
    return userId;
  }

  private remember(user: UserModel): UserModel {
    this.deps.loaders.userById.clear(user.userId).prime(user.userId, user);
    return user;
  }

  async updateProfile(userId: string | null | undefined, input: UpdateProfileInput): Promise<UserModel> {
    const target = this.target(userId);
    const changes = validateProfileChanges(input);
    if (Object.keys(changes).length === 0) {
      const current = await this.deps.loaders.userById.load(target);
      if (!current || current.deletedAt !== null) throw notFound('User');
      return current;
    }
    const updated = await this.deps.repository.update(target, changes, this.deps.now());
    if (!updated) throw notFound('User');
    return this.remember(updated);
  }

  /** GDPR erasure, idempotent (deleting a deleted user returns it unchanged). */
  async delete(userId: string | null | undefined): Promise<UserModel> {
    const target = this.target(userId);
    const erased = await this.deps.repository.anonymise(target, `deleted-${randomUUID()}@deleted.invalid`, this.deps.now());
    if (!erased) throw notFound('User');
    return this.remember(erased);
  }
}
