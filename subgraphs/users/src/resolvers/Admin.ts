import type { AdminResolvers } from '../generated/graphql.js';
import { graphQLRole } from './roles.js';

export const Admin: AdminResolvers = {
  __resolveReference: (reference, context) => context.admins.reference(reference.adminId),
  role: (admin) => graphQLRole(admin.role),
  email: (admin, _args, context) => context.admins.personal(admin, admin.email),
  address: (admin, _args, context) => context.admins.personal(admin, admin.address),
  phoneNumber: (admin, _args, context) => context.admins.personal(admin, admin.phoneNumber),
  reportsAndAnalyticsManaged: (admin, _args, context) => context.admins.personal(admin, admin.reportsAndAnalyticsManaged),
};
