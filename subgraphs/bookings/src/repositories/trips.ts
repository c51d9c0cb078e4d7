import type { Trip as TripRow } from '../generated/prisma/client.js';
import type { PageRequest, TripModel, TripStatus } from '../models.js';
import { Prisma, type PrismaReader, type PrismaTx } from './prisma.js';
import { pagesOfUsers, type UserPageRows, type WindowedRow } from './userPages.js';

/** SQL of the `trips` table; nothing else touches it (docs/trips.md). */

export function toTripModel(row: TripRow): TripModel {
  return {
    id: row.id,
    tripId: row.tripId,
    userId: row.userId,
    tripStatus: row.tripStatus,
    totalPrice: row.totalPrice.toFixed(2),
    refundedTotal: row.refundedTotal.toFixed(2),
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function insertTrip(tx: PrismaTx, trip: { tripId: string; userId: string; totalPrice: string }): Promise<TripModel> {
  return toTripModel(await tx.trip.create({ data: { ...trip, tripStatus: 'Pending', version: 1 } }));
}

export async function findTrips(db: PrismaReader, tripIds: readonly string[]): Promise<TripModel[]> {
  if (tripIds.length === 0) return [];
  const rows = await db.trip.findMany({ where: { tripId: { in: [...tripIds] } } });
  return rows.map(toTripModel);
}

/** Locks the trip row until the transaction ends (taken before its items' rows) and reads it. */
export async function lockTrip(tx: PrismaTx, tripId: string): Promise<TripModel | null> {
  const locked = await tx.$queryRaw<Array<{ id: number }>>`SELECT id FROM trips WHERE trip_id = ${tripId} FOR UPDATE`;
  if (locked.length === 0) return null;
  const row = await tx.trip.findUnique({ where: { tripId } });
  return row ? toTripModel(row) : null;
}

export async function updateTrip(tx: PrismaTx, tripId: string, change: { tripStatus: TripStatus; refundedCents?: string }): Promise<TripModel> {
  const row = await tx.trip.update({
    where: { tripId },
    data: { tripStatus: change.tripStatus, version: { increment: 1 }, ...(change.refundedCents ? { refundedTotal: { increment: new Prisma.Decimal(change.refundedCents) } } : {}) },
  });
  return toTripModel(row);
}

interface WindowedTripRow extends WindowedRow {
  trip_id: string;
  trip_status: TripStatus;
  total_price: Prisma.Decimal;
  refunded_total: Prisma.Decimal;
  version: number;
  created_at: Date | null;
  updated_at: Date | null;
}

/** One page of trips for each of many users in one query (see pagesOfUsers). */
export function listTripsOfUsers(db: PrismaReader, userIds: readonly string[], page: PageRequest): Promise<Map<string, UserPageRows<TripModel>>> {
  const source = { table: 'trips', columns: ['trip_id', 'trip_status', 'total_price', 'refunded_total', 'version', 'created_at', 'updated_at'], statusColumn: 'trip_status' } as const;
  return pagesOfUsers<WindowedTripRow, TripModel>(db, source, userIds, null, page, (row) => ({
    id: Number(row.id),
    tripId: row.trip_id,
    userId: row.user_id,
    tripStatus: row.trip_status,
    totalPrice: new Prisma.Decimal(row.total_price).toFixed(2),
    refundedTotal: new Prisma.Decimal(row.refunded_total).toFixed(2),
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}
