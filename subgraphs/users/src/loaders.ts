import DataLoader from 'dataloader';
import type { AdminModel, UserModel } from './models.js';
import type { AdminsRepository } from './repositories/admins.js';
import type { UsersRepository } from './repositories/users.js';

/** Per-request batching: every `load` of one tick becomes a single `$in` find (after the Redis cache for users). */
export interface Loaders {
  userById: DataLoader<string, UserModel | null>;
  adminById: DataLoader<string, AdminModel | null>;
}

export function createLoaders(users: UsersRepository, admins: AdminsRepository): Loaders {
  return {
    userById: new DataLoader((ids: readonly string[]) => users.findByIds(ids)),
    adminById: new DataLoader((ids: readonly string[]) => admins.findByIds(ids)),
  };
}
