import { conflict, isDuplicateKeyError, type FieldError } from '@kayak/common';
import type { Collection, Db, Filter, WithId } from 'mongodb';
import type { AdminModel, NewAdmin } from '../models.js';
import { toAdminModel, type AdminDocument } from './documents.js';
import { SessionStore } from './sessions.js';

/** The `admins` collection (few documents, read rarely: no cache). */
export class AdminsRepository {
  private readonly admins: Collection<AdminDocument>;
  readonly sessions: SessionStore;

  constructor(db: Db) {
    this.admins = db.collection<AdminDocument>('admins');
    this.sessions = new SessionStore(db, 'admins', 'admin_id');
  }

  /** Admins in the order of `ids` (null where missing), with one `$in` find. */
  async findByIds(ids: readonly string[]): Promise<Array<AdminModel | null>> {
    const found = new Map<string, AdminModel>();
    for (const document of await this.admins.find({ admin_id: { $in: [...new Set(ids)] } }).toArray()) {
      found.set(document.admin_id, toAdminModel(document));
    }
    return ids.map((id) => found.get(id) ?? null);
  }

  findForLogin(email: string): Promise<WithId<AdminDocument> | null> {
    return this.admins.findOne({ email });
  }

  private async conflicts(adminId: string, email: string): Promise<FieldError[]> {
    const or: Array<Filter<AdminDocument>> = [{ admin_id: adminId }, { email }];
    const taken = await this.admins.find({ $or: or }, { projection: { admin_id: 1, email: 1 } }).toArray();
    const fields: FieldError[] = [];
    if (taken.some((doc) => doc.admin_id === adminId)) fields.push({ path: 'input.adminId', message: 'is already taken' });
    if (taken.some((doc) => doc.email === email)) fields.push({ path: 'input.email', message: 'is already registered' });
    return fields;
  }

  /** Inserts an admin; CONFLICT (nothing written) when the adminId or email is taken. */
  async insert(admin: NewAdmin, passwordHash: string, now: Date): Promise<AdminModel> {
    const fields = await this.conflicts(admin.adminId, admin.email);
    if (fields.length > 0) throw conflict('An admin with this adminId or email already exists', fields);
    const document: AdminDocument = {
      admin_id: admin.adminId,
      email: admin.email,
      password: passwordHash,
      first_name: admin.firstName,
      last_name: admin.lastName,
      address: admin.address,
      phone_number: admin.phoneNumber,
      role: admin.role,
      reports_and_analytics_managed: admin.reportsAndAnalyticsManaged,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.admins.insertOne(document);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw conflict('An admin with this adminId or email already exists', await this.conflicts(admin.adminId, admin.email));
      throw error;
    }
    return toAdminModel(document);
  }
}
