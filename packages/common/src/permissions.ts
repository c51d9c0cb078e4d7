import { ADMIN_ROLES, type AdminRole, type Viewer } from './auth.js';
import { forbidden, unauthenticated } from './errors.js';

/**
 * Who may do what: the one role → permission table of the platform, used by every subgraph's
 * access checks and printed in docs/auth.md (a unit test keeps the two equal).
 *
 * A permission is granted to the admin roles listed, and, where `owner` says so, to the account
 * that owns the thing (the user a booking is for, the author of a review, the admin themself).
 * Super Admin is listed like any other role. Operations open to anyone (search, listings, public
 * reviews) and traveller-only operations (`myBookings`, `myReviews`, `createReview`, activity
 * tracking: admins have no trips) are not permissions and are not here.
 */
interface Rule {
  /** What the permission allows, as docs/auth.md shows it. */
  operations: string;
  /** The owning account also holds the permission for its own things. */
  owner: 'user' | 'admin' | null;
  roles: readonly AdminRole[];
}

const ALL_ADMINS: readonly AdminRole[] = ADMIN_ROLES;

export const PERMISSIONS = {
  'users:read': {
    operations: '`user(userId)`, a `User`\'s email, address, phone and payment details',
    owner: 'user',
    roles: ALL_ADMINS,
  },
  'users:list': { operations: '`users(filter)`', owner: null, roles: ALL_ADMINS },
  'users:manage': { operations: '`updateProfile(userId)`, `deleteUser(userId)`', owner: 'user', roles: ['Super Admin', 'User Admin'] },
  'admins:read': { operations: '`admin(adminId)`', owner: null, roles: ALL_ADMINS },
  'admins:read-contact': { operations: 'an `Admin`\'s email, address and phone', owner: 'admin', roles: ['Super Admin'] },
  'admins:create': { operations: '`createAdmin`', owner: null, roles: ['Super Admin'] },
  'listings:manage': { operations: 'create, update, delete flights, hotels and cars', owner: null, roles: ['Super Admin', 'Listing Admin'] },
  'listing-images:manage': { operations: '`addListingImage`, `updateListingImage`, `deleteListingImage`', owner: null, roles: ['Super Admin', 'Listing Admin'] },
  'bookings:read': {
    operations: '`booking(bookingId)`, `billing(billingId)`, `User.bookings`, `User.billings`, `User.hasConfirmedBooking`',
    owner: 'user',
    roles: ['Super Admin', 'User Admin', 'Billing Admin', 'Analytics Admin'],
  },
  'bookings:list': { operations: '`bookings(filter)`: every booking', owner: null, roles: ['Super Admin', 'User Admin', 'Billing Admin', 'Analytics Admin'] },
  'bookings:manage': { operations: '`createBooking`, `payBooking`, `cancelBooking`', owner: 'user', roles: ['Super Admin', 'User Admin', 'Billing Admin'] },
  'reports:revenue': { operations: '`revenueReport`', owner: null, roles: ['Super Admin', 'Billing Admin', 'Analytics Admin'] },
  'reviews:moderate': { operations: '`updateReview`, `deleteReview`', owner: 'user', roles: ALL_ADMINS },
  'reviews:read-author': { operations: '`Review.author`, `User.reviews`', owner: 'user', roles: ALL_ADMINS },
  'analytics:read': { operations: 'click, review-count and cohort analytics; revenue, cancellation, funnel and searched-route reports', owner: null, roles: ['Super Admin', 'Analytics Admin'] },
} as const satisfies Record<string, Rule>;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

const rule = (permission: Permission): Rule => PERMISSIONS[permission];

/** The admin roles holding `permission`. */
export function rolesWith(permission: Permission): readonly AdminRole[] {
  return rule(permission).roles;
}

/** The permissions of an admin role: the table read by role. */
export function permissionsOf(role: AdminRole): Permission[] {
  return PERMISSION_NAMES.filter((permission) => rolesWith(permission).includes(role));
}

/**
 * Whether the viewer holds `permission`, by role or, when `ownerId` is given and the permission
 * extends to owners, as that owner (user ids and admin ids are never compared with each other).
 */
export function can(viewer: Viewer, permission: Permission, ownerId?: string): boolean {
  const { owner, roles } = rule(permission);
  if (viewer.kind === 'admin' && roles.includes(viewer.role)) return true;
  if (ownerId === undefined || owner === null) return false;
  if (owner === 'user') return viewer.kind === 'user' && viewer.userId === ownerId;
  return viewer.kind === 'admin' && viewer.adminId === ownerId;
}

/** `can`, or UNAUTHENTICATED for an anonymous viewer and FORBIDDEN for anyone else. */
export function requirePermission(viewer: Viewer, permission: Permission, ownerId?: string): void {
  if (can(viewer, permission, ownerId)) return;
  if (viewer.kind === 'anonymous') throw unauthenticated();
  const { owner, roles } = rule(permission);
  const holders = [...(owner ? [owner === 'user' ? 'the user themself' : 'the admin themself'] : []), ...roles];
  throw forbidden(`Not allowed (${permission}): requires ${holders.join(', ')}`);
}
