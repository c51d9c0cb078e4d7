import { badUserInput, forbidden, unauthenticated, type FieldError, type ListingType, type Viewer } from '@kayak/common';
import type { ActivityBuffer } from './activityBuffer.js';
import type { ListingExists } from '../clients/listingDirectory.js';
import { checkJsonObject, checkLabel, checkListingId } from './validation.js';

export interface PageClickInput {
  page: string;
  elementId: string;
}

export interface ListingClickInput {
  listingType: ListingType;
  listingId: string;
}

export interface TraceEventInput {
  type: string;
  data?: Record<string, unknown> | null;
  timestamp?: Date | null;
}

export interface UserTraceInput {
  cohortKey?: string | null;
  events: TraceEventInput[];
}

export const MAX_TRACE_EVENTS = 100;
/** Client clocks drift; a timestamp this far ahead of ours is still accepted. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export function validatePageClick(input: PageClickInput): FieldError[] {
  const errors: FieldError[] = [];
  checkLabel(errors, 'input.page', input.page);
  checkLabel(errors, 'input.elementId', input.elementId);
  return errors;
}

export function validateUserTrace(input: UserTraceInput, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  if (input.cohortKey != null) checkLabel(errors, 'input.cohortKey', input.cohortKey, 100);
  if (input.events.length === 0 || input.events.length > MAX_TRACE_EVENTS) errors.push({ path: 'input.events', message: `must have 1 to ${MAX_TRACE_EVENTS} events` });
  input.events.forEach((event, index) => {
    const path = `input.events.${index}`;
    checkLabel(errors, `${path}.type`, event.type, 100);
    if (event.data != null) checkJsonObject(errors, `${path}.data`, event.data);
    if (event.timestamp != null && event.timestamp.getTime() > now.getTime() + CLOCK_SKEW_MS) errors.push({ path: `${path}.timestamp`, message: 'must not be in the future' });
  });
  return errors;
}

const ADMIN_REFUSED = 'Activity is only logged for users and visitors';

/**
 * Activity is the travellers' behaviour: admins are refused (their clicks would skew analytics).
 * Returns the user id to log, or undefined for an anonymous visitor.
 */
function visitorOf(viewer: Viewer): string | undefined {
  if (viewer.kind === 'admin') throw forbidden(ADMIN_REFUSED);
  return viewer.kind === 'user' ? viewer.userId : undefined;
}

/** Validates and buffers activity; the write happens later in batches (see activityBuffer.ts). */
export interface ActivityServiceDeps {
  buffer: ActivityBuffer;
  /** Whether a listing exists (the listings subgraph, batched per request). */
  listingExists: ListingExists;
  now?: () => Date;
}

/** One per request (its viewer). */
export function createActivityService({ buffer, listingExists, now = () => new Date() }: ActivityServiceDeps, viewer: Viewer) {
  return {
    trackPageClick(input: PageClickInput): boolean {
      const userId = visitorOf(viewer);
      const errors = validatePageClick(input);
      if (errors.length > 0) throw badUserInput(errors);
      return buffer.pageClick({ ...(userId ? { user_id: userId } : {}), page: input.page, element_id: input.elementId, timestamp: now() });
    },

    /** The seed requires user_id on listing clicks, so anonymous visitors are refused. */
    async trackListingClick(input: ListingClickInput): Promise<boolean> {
      if (viewer.kind === 'anonymous') throw unauthenticated();
      if (viewer.kind === 'admin') throw forbidden(ADMIN_REFUSED);
      const userId = viewer.userId;
      const errors: FieldError[] = [];
      checkListingId(errors, 'input.listingId', input.listingId);
      if (errors.length > 0) throw badUserInput(errors);
      if (!(await listingExists(input))) throw badUserInput([{ path: 'input.listingId', message: `no ${input.listingType} with this id` }]);
      return buffer.listingClick({ user_id: userId, listing_type: input.listingType, listing_id: input.listingId, timestamp: now() });
    },

    appendUserTrace(input: UserTraceInput): boolean {
      const userId = visitorOf(viewer);
      const at = now();
      const errors = validateUserTrace(input, at);
      if (errors.length > 0) throw badUserInput(errors);
      return buffer.trace({
        ...(userId ? { user_id: userId } : {}),
        ...(input.cohortKey != null ? { cohort_key: input.cohortKey } : {}),
        events: input.events.map((event) => ({ type: event.type, data: event.data ?? {}, timestamp: event.timestamp ?? at })),
        created_at: at,
        updated_at: at,
      });
    },
  };
}

export type ActivityService = ReturnType<typeof createActivityService>;
