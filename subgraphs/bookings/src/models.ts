import type { BookingStatus, Connection, ListingType } from '@kayak/common';

/**
 * What the resolvers receive for each entity (codegen mappers): rows of the repositories, with
 * money as two-decimal strings ("299.90") so no float ever holds an amount.
 */

export type TransactionStatus = 'Success' | 'Failed' | 'Refunded' | 'Pending';
export type ActorKind = 'User' | 'Admin' | 'System';

export interface BookingModel {
  /** Internal primary key: the order of the lists and the position inside cursors. */
  id: number;
  bookingId: string;
  userId: string;
  bookingType: ListingType;
  /** The booked flight, hotel or car (column `reference_id`; GraphQL `Booking.referenceId`). */
  listingId: string;
  startDate: Date;
  endDate: Date;
  quantity: number;
  /** Hotels: the booked room type's code; null (or absent in older cache entries) otherwise and for older hotel bookings. */
  roomType?: string | null;
  bookingStatus: BookingStatus;
  totalPrice: string;
  version: number;
  /** Until when a Pending booking holds capacity (null for rows made before holds existed). */
  holdExpiresAt: Date | null;
  /** The trip this booking is an item of (docs/trips.md); null (or absent in older cache entries) for single bookings. */
  tripId?: string | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export type TripStatus = 'Pending' | 'Confirmed' | 'PartiallyCancelled' | 'Cancelled' | 'PaymentFailed' | 'Expired';

/** A trip (table `trips`): several bookings made in one transaction and paid once (docs/trips.md). */
export interface TripModel {
  id: number;
  tripId: string;
  userId: string;
  tripStatus: TripStatus;
  totalPrice: string;
  refundedTotal: string;
  version: number;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface InvoiceLineItemModel {
  description: string;
  quantity: number;
  unitPrice: string;
  total: string;
}

export interface InvoiceModel {
  lineItems: InvoiceLineItemModel[];
  subtotal: string;
  taxRate: string;
  tax: string;
  total: string;
  currency: string;
  paymentSummary: string | null;
}

export interface BillingModel {
  id: number;
  billingId: string;
  userId: string;
  bookingType: ListingType;
  bookingId: string;
  transactionDate: Date;
  totalAmountPaid: string;
  paymentMethod: string;
  transactionStatus: TransactionStatus;
  invoiceNumber: string;
  invoiceDetails: InvoiceModel | null;
  idempotencyKey: string | null;
  /** The payment provider's id of the charge; null until it answered (and for imported rows). */
  paymentReference: string | null;
  /** The trip this payment paid for (docs/trips.md); its bookingId is then the trip's first item. */
  tripId?: string | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface StatusChangeModel {
  bookingId: string;
  fromStatus: BookingStatus | null;
  toStatus: BookingStatus;
  version: number;
  actorKind: ActorKind;
  actorId: string | null;
  reason: string | null;
  changedAt: Date;
}

/** A User as far as bookings knows it: the key. */
export interface UserRef {
  userId: string;
}

/** A connection of bookings or billings (nodes, pageInfo, totalCount). */
export type Page<T> = Connection<T>;

/** A page request: `first` rows whose internal id is below `beforeId` (lists are newest first). */
export interface PageRequest {
  first: number;
  beforeId: number | null;
}

/** A listing as bookings refers to it: its type and its key in the listings subgraph. */
export interface ListingRef {
  listingType: ListingType;
  listingId: string;
}

/** One charge of the simulated payment provider, by idempotency key (services/paymentProvider.ts). */
export interface SimulatedChargeRecord {
  status: 'succeeded' | 'declined';
  reference: string;
  /** Why it was declined. */
  reason: string | null;
  refunded: boolean;
}

/**
 * Where the simulated provider keeps its charges: in memory for a test's own provider, in MySQL
 * (`simulated_charges`) for the bookings process, so every replica sees the same ledger.
 */
export interface ChargeLedger {
  /** Stores the charge unless the key already has one; returns what the key holds and whether this call stored it. */
  record(idempotencyKey: string, charge: Omit<SimulatedChargeRecord, 'refunded'>): Promise<{ charge: SimulatedChargeRecord; created: boolean }>;
  find(idempotencyKey: string): Promise<SimulatedChargeRecord | null>;
  markRefunded(reference: string): Promise<void>;
}

export type PassengerType = 'ADULT' | 'CHILD' | 'LAP_INFANT';
export type TravelDocumentType = 'PASSPORT' | 'NATIONAL_ID';

export interface TravelDocumentModel {
  type: TravelDocumentType;
  number: string;
  issuingCountry: string;
  /** YYYY-MM-DD */
  expiresOn: string;
}

/** A passenger of a flight booking (table `passengers`), shaped as GraphQL's `Passenger`. */
export interface PassengerModel {
  bookingId: string;
  /** 0-based order of the createBooking input. */
  position: number;
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  passengerType: PassengerType;
  document: TravelDocumentModel | null;
}
