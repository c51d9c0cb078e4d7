import type { AdminRole } from '@kayak/client';

/**
 * Which parts of the admin area each role sees: the permissions of docs/auth.md as the page needs
 * them. The subgraphs enforce the same table (packages/common/src/permissions.ts); this only hides
 * what a role would be refused anyway.
 */
export type AdminSection = 'listings' | 'bookings' | 'revenue' | 'dashboards';

const SECTIONS: Record<AdminSection, readonly AdminRole[]> = {
  // listings:manage
  listings: ['SuperAdmin', 'ListingAdmin'],
  // bookings:list
  bookings: ['SuperAdmin', 'UserAdmin', 'BillingAdmin', 'AnalyticsAdmin'],
  // reports:revenue
  revenue: ['SuperAdmin', 'BillingAdmin', 'AnalyticsAdmin'],
  // analytics:read
  dashboards: ['SuperAdmin', 'AnalyticsAdmin'],
};

export const SECTION_LABELS: Record<AdminSection, string> = {
  dashboards: 'Dashboards',
  listings: 'Listings',
  bookings: 'Bookings & billing',
  revenue: 'Revenue report',
};

export const canSee = (role: AdminRole | null, section: AdminSection): boolean => role !== null && SECTIONS[section].includes(role);

/** The sections of a role, in menu order. */
export const sectionsOf = (role: AdminRole | null): AdminSection[] => (['dashboards', 'listings', 'bookings', 'revenue'] as const).filter((section) => canSee(role, section));

export const ROLE_LABELS: Record<AdminRole, string> = {
  SuperAdmin: 'Super Admin',
  ListingAdmin: 'Listing Admin',
  UserAdmin: 'User Admin',
  BillingAdmin: 'Billing Admin',
  AnalyticsAdmin: 'Analytics Admin',
};
