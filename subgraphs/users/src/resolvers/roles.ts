import type { AdminRole as DomainRole } from '@kayak/common';
import type { AdminRole } from '../generated/graphql.js';

// GraphQL enum values cannot contain spaces; the stored roles (and the tokens) use the design's names.
const toDomain: Record<AdminRole, DomainRole> = {
  SuperAdmin: 'Super Admin',
  ListingAdmin: 'Listing Admin',
  UserAdmin: 'User Admin',
  BillingAdmin: 'Billing Admin',
  AnalyticsAdmin: 'Analytics Admin',
};
const toGraphQL = Object.fromEntries(Object.entries(toDomain).map(([graphql, domain]) => [domain, graphql])) as Record<DomainRole, AdminRole>;

export const domainRole = (role: AdminRole): DomainRole => toDomain[role];
export const graphQLRole = (role: DomainRole): AdminRole => toGraphQL[role];
