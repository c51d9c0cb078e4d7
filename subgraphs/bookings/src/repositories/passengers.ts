import { calendarDateOf, formatCalendarDate, toUtcMidnight, type CalendarDate } from '@kayak/common/passengers';
import type { Passenger as PassengerRow } from '../generated/prisma/client.js';
import type { PassengerModel, PassengerType, TravelDocumentType } from '../models.js';
import type { PrismaReader, PrismaTx } from './prisma.js';

/** SQL of the `passengers` table; nothing else touches it. Dates travel as `YYYY-MM-DD` above this file. */

/** A validated passenger, ready to store (services/passengers.ts made it). */
export interface NewPassenger {
  firstName: string;
  lastName: string;
  dateOfBirth: CalendarDate;
  passengerType: PassengerType;
  document: { type: TravelDocumentType; number: string; issuingCountry: string; expiresOn: CalendarDate } | null;
}

// A DATE column comes back as midnight UTC of that date.
const dateText = (date: Date): string => formatCalendarDate(calendarDateOf(date));

function toPassengerModel(row: PassengerRow): PassengerModel {
  const { documentType, documentNumber, documentIssuingCountry, documentExpiry } = row;
  return {
    bookingId: row.bookingId,
    position: row.position,
    firstName: row.firstName,
    lastName: row.lastName,
    dateOfBirth: dateText(row.dateOfBirth),
    passengerType: row.passengerType,
    document:
      documentType && documentNumber && documentIssuingCountry && documentExpiry
        ? { type: documentType, number: documentNumber, issuingCountry: documentIssuingCountry, expiresOn: dateText(documentExpiry) }
        : null,
  };
}

/** Stores a new booking's passengers, in order, in the booking's transaction (one statement). */
export async function insertPassengers(tx: PrismaTx, bookingId: string, passengers: readonly NewPassenger[]): Promise<void> {
  if (passengers.length === 0) return;
  await tx.passenger.createMany({
    data: passengers.map((passenger, position) => ({
      bookingId,
      position,
      firstName: passenger.firstName,
      lastName: passenger.lastName,
      dateOfBirth: toUtcMidnight(passenger.dateOfBirth),
      passengerType: passenger.passengerType,
      documentType: passenger.document?.type ?? null,
      documentNumber: passenger.document?.number ?? null,
      documentIssuingCountry: passenger.document?.issuingCountry ?? null,
      documentExpiry: passenger.document ? toUtcMidnight(passenger.document.expiresOn) : null,
    })),
  });
}

/** The passengers of many bookings in one query (the unique (booking_id, position) index), grouped per booking in order. */
export async function passengersOfBookings(db: PrismaReader, bookingIds: readonly string[]): Promise<Map<string, PassengerModel[]>> {
  const grouped = new Map<string, PassengerModel[]>();
  if (bookingIds.length === 0) return grouped;
  const rows = await db.passenger.findMany({ where: { bookingId: { in: [...bookingIds] } }, orderBy: [{ bookingId: 'asc' }, { position: 'asc' }] });
  for (const row of rows) {
    const list = grouped.get(row.bookingId) ?? [];
    list.push(toPassengerModel(row));
    grouped.set(row.bookingId, list);
  }
  return grouped;
}
