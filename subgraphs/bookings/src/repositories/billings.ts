import type { ListingType } from '@kayak/common';
import { z } from 'zod';
import type { Billing as BillingRow } from '../generated/prisma/client.js';
import type { BillingModel, InvoiceModel, PageRequest, TransactionStatus } from '../models.js';
import { formatCents, toCents } from '@kayak/common/money';
import { Prisma, type PrismaReader, type PrismaTx } from './prisma.js';
import { pagesOfUsers, type UserPageRows, type WindowedRow } from './userPages.js';

/** SQL of the `billings` table; nothing else touches it. */

// Amounts in stored invoices: strings written by this service, numbers in older or imported rows.
const amount = z.union([z.string(), z.number()]).transform((value) => formatCents(toCents(value)));
const storedInvoice = z.object({
  line_items: z.array(z.object({ description: z.string(), quantity: z.number().int(), unit_price: amount, total: amount })),
  subtotal: amount,
  tax_rate: z.union([z.string(), z.number()]).optional(),
  tax: amount,
  total: amount,
  currency: z.string().optional(),
  payment_summary: z.string().nullable().optional(),
});

/** The JSON column as the design documents it (snake_case) → the model; null when unreadable. */
export function parseInvoice(json: unknown): InvoiceModel | null {
  const parsed = storedInvoice.safeParse(json);
  if (!parsed.success) return null;
  const invoice = parsed.data;
  return {
    lineItems: invoice.line_items.map((item) => ({ description: item.description, quantity: item.quantity, unitPrice: item.unit_price, total: item.total })),
    subtotal: invoice.subtotal,
    taxRate: invoice.tax_rate === undefined ? '0.00' : String(invoice.tax_rate),
    tax: invoice.tax,
    total: invoice.total,
    currency: invoice.currency ?? 'USD',
    paymentSummary: invoice.payment_summary ?? null,
  };
}

/** The model → the JSON column; amounts stay strings so no reader turns them into floats. */
export function serialiseInvoice(invoice: InvoiceModel): Prisma.InputJsonObject {
  return {
    line_items: invoice.lineItems.map((item) => ({ description: item.description, quantity: item.quantity, unit_price: item.unitPrice, total: item.total })),
    subtotal: invoice.subtotal,
    tax_rate: invoice.taxRate,
    tax: invoice.tax,
    total: invoice.total,
    currency: invoice.currency,
    payment_summary: invoice.paymentSummary,
  };
}

const LISTING_TYPES = new Set<string>(['Flight', 'Hotel', 'Car']);
export function listingTypeOf(value: string): ListingType {
  if (!LISTING_TYPES.has(value)) throw new Error(`billing with unknown booking_type ${value}`);
  return value as ListingType;
}

export function toBillingModel(row: BillingRow): BillingModel {
  return {
    id: row.id,
    billingId: row.billingId,
    userId: row.userId,
    bookingType: listingTypeOf(row.bookingType),
    bookingId: row.bookingId,
    transactionDate: row.transactionDate,
    totalAmountPaid: row.totalAmountPaid.toFixed(2),
    paymentMethod: row.paymentMethod,
    transactionStatus: row.transactionStatus,
    invoiceNumber: row.invoiceNumber,
    invoiceDetails: parseInvoice(row.invoiceDetails),
    idempotencyKey: row.idempotencyKey,
    paymentReference: row.paymentReference,
    tripId: row.tripId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function findBillings(db: PrismaReader, billingIds: readonly string[]): Promise<BillingModel[]> {
  if (billingIds.length === 0) return [];
  const rows = await db.billing.findMany({ where: { billingId: { in: [...billingIds] } } });
  return rows.map(toBillingModel);
}

export async function findBillingByIdempotencyKey(db: PrismaReader, idempotencyKey: string): Promise<BillingModel | null> {
  const row = await db.billing.findUnique({ where: { idempotencyKey } });
  return row ? toBillingModel(row) : null;
}

/** The latest billing of each booking (one query; bookings without one are absent). */
export async function latestBillingsOfBookings(db: PrismaReader, bookingIds: readonly string[]): Promise<Map<string, BillingModel>> {
  const result = new Map<string, BillingModel>();
  if (bookingIds.length === 0) return result;
  const rows = await db.billing.findMany({ where: { bookingId: { in: [...bookingIds] } }, orderBy: { id: 'asc' } });
  for (const row of rows) result.set(row.bookingId, toBillingModel(row));
  return result;
}

/** A billing about to be inserted: the model without what the database assigns, invoice and key required. */
export type NewBilling = Omit<BillingModel, 'id' | 'invoiceDetails' | 'idempotencyKey' | 'paymentReference' | 'createdAt' | 'updatedAt'> & {
  invoiceDetails: InvoiceModel;
  idempotencyKey: string;
};

export async function insertBilling(tx: PrismaTx, billing: NewBilling): Promise<BillingModel> {
  const row = await tx.billing.create({ data: { ...billing, invoiceDetails: serialiseInvoice(billing.invoiceDetails) } });
  return toBillingModel(row);
}

export async function setBillingStatus(tx: PrismaTx, billingId: string, status: TransactionStatus, paymentReference?: string): Promise<BillingModel> {
  return toBillingModel(await tx.billing.update({ where: { billingId }, data: { transactionStatus: status, ...(paymentReference ? { paymentReference } : {}) } }));
}

export async function findBilling(db: PrismaReader, billingId: string): Promise<BillingModel | null> {
  const row = await db.billing.findUnique({ where: { billingId } });
  return row ? toBillingModel(row) : null;
}

/** Payment attempts still waiting for the provider's answer (transaction_status Pending) of these bookings. */
export async function openAttemptsOf(db: PrismaReader, bookingIds: readonly string[]): Promise<BillingModel[]> {
  if (bookingIds.length === 0) return [];
  const rows = await db.billing.findMany({ where: { bookingId: { in: [...bookingIds] }, transactionStatus: 'Pending' }, orderBy: { id: 'asc' } });
  return rows.map(toBillingModel);
}

/** Attempts recorded at or before `recordedBefore` and never settled (the process died, or the answer was lost). */
export async function staleAttempts(db: PrismaReader, recordedBefore: Date, limit: number): Promise<BillingModel[]> {
  const rows = await db.billing.findMany({ where: { transactionStatus: 'Pending', transactionDate: { lte: recordedBefore } }, orderBy: { id: 'asc' }, take: limit });
  return rows.map(toBillingModel);
}

interface WindowedBillingRow extends WindowedRow {
  billing_id: string;
  booking_type: string;
  booking_id: string;
  transaction_date: Date;
  total_amount_paid: Prisma.Decimal;
  payment_method: string;
  transaction_status: TransactionStatus;
  invoice_number: string;
  invoice_details: unknown;
  idempotency_key: string | null;
  payment_reference: string | null;
  created_at: Date | null;
  updated_at: Date | null;
}

function invoiceJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}

/** One page of billings for each of many users in one query (see pagesOfUsers). */
export function listBillingsOfUsers(
  db: PrismaReader,
  userIds: readonly string[],
  status: TransactionStatus | null,
  page: PageRequest,
): Promise<Map<string, UserPageRows<BillingModel>>> {
  const source = {
    table: 'billings',
    columns: ['billing_id', 'booking_type', 'booking_id', 'transaction_date', 'total_amount_paid', 'payment_method', 'transaction_status', 'invoice_number', 'invoice_details', 'idempotency_key', 'payment_reference', 'created_at', 'updated_at'],
    statusColumn: 'transaction_status',
  } as const;
  return pagesOfUsers<WindowedBillingRow, BillingModel>(db, source, userIds, status, page, (row) => ({
    id: Number(row.id),
    billingId: row.billing_id,
    userId: row.user_id,
    bookingType: listingTypeOf(row.booking_type),
    bookingId: row.booking_id,
    transactionDate: row.transaction_date,
    totalAmountPaid: new Prisma.Decimal(row.total_amount_paid).toFixed(2),
    paymentMethod: row.payment_method,
    transactionStatus: row.transaction_status,
    invoiceNumber: row.invoice_number,
    invoiceDetails: parseInvoice(invoiceJson(row.invoice_details)),
    idempotencyKey: row.idempotency_key,
    paymentReference: row.payment_reference,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

/** The latest billing of each trip (one query; trips without one are absent). */
export async function latestBillingsOfTrips(db: PrismaReader, tripIds: readonly string[]): Promise<Map<string, BillingModel>> {
  const result = new Map<string, BillingModel>();
  if (tripIds.length === 0) return result;
  const rows = await db.billing.findMany({ where: { tripId: { in: [...tripIds] } }, orderBy: { id: 'asc' } });
  for (const row of rows) if (row.tripId) result.set(row.tripId, toBillingModel(row));
  return result;
}

/** Payment attempts of these trips still waiting for the provider's answer. */
export async function openAttemptsOfTrips(db: PrismaReader, tripIds: readonly string[]): Promise<BillingModel[]> {
  if (tripIds.length === 0) return [];
  const rows = await db.billing.findMany({ where: { tripId: { in: [...tripIds] }, transactionStatus: 'Pending' }, orderBy: { id: 'asc' } });
  return rows.map(toBillingModel);
}
