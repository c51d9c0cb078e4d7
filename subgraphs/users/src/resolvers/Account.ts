import type { AccountResolvers } from '../generated/graphql.js';

export const Account: AccountResolvers = {
  __resolveType: (account) => (account.kind === 'admin' ? 'Admin' : 'User'),
};
