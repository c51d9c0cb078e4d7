import type { MutationResolvers } from '../generated/graphql.js';
import { domainRole } from './roles.js';

export const Mutation: MutationResolvers = {
  register: (_parent, { input }, context) => context.auth.register(input),
  login: (_parent, { email, password }, context) => context.auth.login(email, password),
  adminLogin: (_parent, { email, password }, context) => context.auth.adminLogin(email, password),
  refreshToken: (_parent, { refreshToken }, context) => context.auth.refresh(refreshToken),
  logout: (_parent, { refreshToken }, context) => context.auth.logout(refreshToken),
  updateProfile: (_parent, { userId, input }, context) => context.users.updateProfile(userId, input),
  deleteUser: (_parent, { userId }, context) => context.users.delete(userId),
  createAdmin: (_parent, { input }, context) => context.admins.create(input, domainRole(input.role ?? 'AnalyticsAdmin')),
};
