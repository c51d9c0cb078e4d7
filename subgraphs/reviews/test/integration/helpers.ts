import type { AppConfig, ListingType, Viewer } from '@kayak/common';
import { graphqlRequest, type GraphQLResponse } from '@kayak/common/testing';
import type { BookingVerifier } from '../../src/clients/bookingVerifier.js';
import type { ListingDirectory } from '../../src/clients/listingDirectory.js';

export const alice: Viewer = { kind: 'user', userId: '123-45-6789' };
export const bob: Viewer = { kind: 'user', userId: '234-56-7890' };
export const carol: Viewer = { kind: 'user', userId: '345-67-8901' };
export const anonymous: Viewer = { kind: 'anonymous' };
export const superAdmin: Viewer = { kind: 'admin', adminId: 'ADM001', role: 'Super Admin' };
export const listingAdmin: Viewer = { kind: 'admin', adminId: 'ADM002', role: 'Listing Admin' };
export const billingAdmin: Viewer = { kind: 'admin', adminId: 'ADM003', role: 'Billing Admin' };
export const analyticsAdmin: Viewer = { kind: 'admin', adminId: 'ADM004', role: 'Analytics Admin' };

/** In-memory stand-in for the bookings subgraph: which (user, listing) pairs have a Confirmed booking. */
export class StubBookings implements BookingVerifier {
  readonly calls: Array<{ viewer: Viewer; userId: string; listingType: ListingType; listingId: string }> = [];
  private readonly confirmed = new Set<string>();

  confirm(userId: string, listingType: ListingType, listingId: string): void {
    this.confirmed.add(`${userId}|${listingType}|${listingId}`);
  }

  async hasConfirmedBooking(request: { viewer: Viewer; userId: string; listingType: ListingType; listingId: string }): Promise<boolean> {
    this.calls.push({ viewer: request.viewer, userId: request.userId, listingType: request.listingType, listingId: request.listingId });
    return this.confirmed.has(`${request.userId}|${request.listingType}|${request.listingId}`);
  }
}

/** In-memory stand-in for the listings subgraph: every listing exists unless its id starts with "GONE". */
export class StubListings implements ListingDirectory {
  /** One entry per call: the batch of references asked about. */
  readonly calls: string[][] = [];

  async exist(references: ReadonlyArray<{ listingType: ListingType; listingId: string }>): Promise<boolean[]> {
    this.calls.push(references.map((ref) => `${ref.listingType}:${ref.listingId}`));
    return references.map((ref) => !ref.listingId.startsWith('GONE'));
  }
}

export interface ErrorBody {
  message: string;
  extensions?: Record<string, unknown>;
}

/** Calls the subgraph directly as `viewer` (signed like the gateway does). */
export function client(url: string, config: AppConfig) {
  return async <T = Record<string, unknown>>(viewer: Viewer, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    graphqlRequest<T>(url, query, { variables, viewer, gatewaySecret: config.GATEWAY_SECRET });
}

export const codeOf = (response: GraphQLResponse<unknown>): unknown => response.errors?.[0]?.extensions?.code;
export const fieldsOf = (response: GraphQLResponse<unknown>): unknown => response.errors?.[0]?.extensions?.fields;

export const daysAgo = (days: number, from: Date = new Date()): Date => new Date(from.getTime() - days * 24 * 60 * 60 * 1000);
