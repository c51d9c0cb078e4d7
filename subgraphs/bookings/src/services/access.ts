import { forbidden, requireRole, unauthenticated, type AdminRole, type Viewer } from '@kayak/common';
import type { ActorKind } from '../models.js';

/** Admins who may create, pay and cancel bookings for users (Super Admin always may). */
export const ACT_FOR_USERS_ROLES: AdminRole[] = ['User Admin', 'Billing Admin'];
/** Admins who see revenue reports (Super Admin always does). */
export const REPORT_ROLES: AdminRole[] = ['Billing Admin', 'Analytics Admin'];

/** Bookings and billings are visible to their user and to every admin. */
export function canRead(viewer: Viewer, ownerUserId: string): boolean {
  return viewer.kind === 'admin' || (viewer.kind === 'user' && viewer.userId === ownerUserId);
}

export function assertCanRead(viewer: Viewer, ownerUserId: string): void {
  if (viewer.kind === 'anonymous') throw unauthenticated();
  if (!canRead(viewer, ownerUserId)) throw forbidden('Only the booking user and admins may see this');
}

/** Changing a booking: its user, or an admin allowed to act for users. */
export function assertCanAct(viewer: Viewer, ownerUserId: string): void {
  if (viewer.kind === 'anonymous') throw unauthenticated();
  if (viewer.kind === 'user') {
    if (viewer.userId !== ownerUserId) throw forbidden('Only the booking user may change this booking');
    return;
  }
  requireRole(viewer, ...ACT_FOR_USERS_ROLES);
}

export function assertAdmin(viewer: Viewer): void {
  if (viewer.kind === 'anonymous') throw unauthenticated();
  if (viewer.kind !== 'admin') throw forbidden('Admins only');
}

export interface Actor {
  kind: ActorKind;
  id: string | null;
}

export function actorOf(viewer: Viewer): Actor {
  if (viewer.kind === 'user') return { kind: 'User', id: viewer.userId };
  if (viewer.kind === 'admin') return { kind: 'Admin', id: viewer.adminId };
  return { kind: 'System', id: null };
}
