import { can, forbidden, requirePermission, type AdminRole, type Viewer } from '@kayak/common';
import type { CreateAdminInput } from '../generated/graphql.js';
import type { Loaders } from '../loaders.js';
import type { AdminModel } from '../models.js';
import type { AdminsRepository } from '../repositories/admins.js';
import { hashPassword } from './tokens.js';
import { validateNewAdmin } from './validation.js';

export interface AdminServiceDependencies {
  repository: AdminsRepository;
  loaders: Loaders;
  viewer: Viewer;
  signedIn: readonly Viewer[];
  now(): Date;
}

export class AdminService {
  constructor(private readonly deps: AdminServiceDependencies) {}

  /** An admin's contact details (admins:read-contact) are for that admin and for Super Admins. */
  canSeePersonal(admin: AdminModel): boolean {
    return [this.deps.viewer, ...this.deps.signedIn].some((viewer) => can(viewer, 'admins:read-contact', admin.adminId));
  }

  personal<T>(admin: AdminModel, value: T): T {
    if (!this.canSeePersonal(admin)) throw forbidden("Only the admin and Super Admins can see this admin's personal details");
    return value;
  }

  reference(adminId: string): Promise<AdminModel | null> {
    return this.deps.loaders.adminById.load(adminId);
  }

  async byId(adminId: string): Promise<AdminModel | null> {
    requirePermission(this.deps.viewer, 'admins:read');
    return this.deps.loaders.adminById.load(adminId);
  }

  async create(input: CreateAdminInput, role: AdminRole): Promise<AdminModel> {
    requirePermission(this.deps.viewer, 'admins:create');
    const admin = validateNewAdmin(input, role);
    const created = await this.deps.repository.insert(admin, await hashPassword(admin.password), this.deps.now());
    this.deps.loaders.adminById.prime(created.adminId, created);
    return created;
  }
}
