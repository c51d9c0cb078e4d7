import type { Viewer } from '@kayak/common';
import type { ActorKind } from '../models.js';

// Who may read, list or change bookings is the shared table (packages/common/src/permissions.ts:
// bookings:read, bookings:list, bookings:manage, reports:revenue); this file only names the actor
// recorded in the status history.

export interface Actor {
  kind: ActorKind;
  id: string | null;
}

export function actorOf(viewer: Viewer): Actor {
  if (viewer.kind === 'user') return { kind: 'User', id: viewer.userId };
  if (viewer.kind === 'admin') return { kind: 'Admin', id: viewer.adminId };
  return { kind: 'System', id: null };
}
