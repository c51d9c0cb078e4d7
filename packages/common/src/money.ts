import type { FieldError } from './errors.js';

/**
 * Money as integer cents (bigint), so sums and products are exact; strings with two decimals at
 * the edges ("299.90"), as the Decimal scalar and MySQL DECIMAL(10,2) carry them. Also the one
 * money bound every input obeys (listing prices, booking totals): see MAX_PRE_TAX_CENTS.
 */

/** DECIMAL(10,2) holds at most 99,999,999.99. */
export const MAX_CENTS = 9_999_999_999n;

// Sums (reports) may exceed one column's range; callers that store an amount check MAX_CENTS.
const AMOUNT = /^(\d{1,15})(?:\.(\d{1,2}))?$/;

export class MoneyError extends Error {}

/** Parses "299.9", "299.90", 299.9 or a Prisma Decimal into cents; throws MoneyError otherwise. */
export function toCents(value: string | number | { toFixed(digits: number): string }): bigint {
  const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? numberText(value) : value.toFixed(2);
  const match = AMOUNT.exec(text);
  if (!match) throw new MoneyError(`not a non-negative amount with at most two decimals: ${text}`);
  const whole = BigInt(match[1] ?? '0');
  const fraction = BigInt((match[2] ?? '').padEnd(2, '0'));
  return whole * 100n + fraction;
}

// A float price (e.g. from a Float field) is accepted only if two decimals represent it exactly.
function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new MoneyError(`not a finite amount: ${value}`);
  const text = value.toFixed(2);
  if (Number(text) !== value) throw new MoneyError(`more than two decimals: ${value}`);
  return text;
}

export function formatCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const absolute = cents < 0n ? -cents : cents;
  return `${sign}${absolute / 100n}.${(absolute % 100n).toString().padStart(2, '0')}`;
}

/** `amount × rate` rounded half up to the cent; the rate is given in basis points (800 = 8 %). */
export function percentOf(cents: bigint, basisPoints: number): bigint {
  return (cents * BigInt(basisPoints) + 5_000n) / 10_000n;
}

/** 800 → "0.08", 725 → "0.0725": a rate as a decimal fraction with at least two decimals. */
export function formatRate(basisPoints: number): string {
  const value = BigInt(basisPoints);
  const fraction = (value % 10_000n).toString().padStart(4, '0').replace(/0{1,2}$/, '');
  return `${value / 10_000n}.${fraction}`;
}

/** Sales tax applied to every invoice, in basis points (8 %). */
export const TAX_RATE_BASIS_POINTS = 800;

/** The tax of a pre-tax amount, rounded half up to the cent. */
export const taxOf = (cents: bigint): bigint => percentOf(cents, TAX_RATE_BASIS_POINTS);

/** A pre-tax amount plus its tax: what a billing stores and the payment provider charges. */
export const withTax = (cents: bigint): bigint => cents + taxOf(cents);

function largestPreTaxAmount(): bigint {
  // Start from the exact quotient and step down past the rounding of the tax.
  let cents = (MAX_CENTS * 10_000n) / (10_000n + BigInt(TAX_RATE_BASIS_POINTS)) + 1n;
  while (withTax(cents) > MAX_CENTS) cents -= 1n;
  return cents;
}

/**
 * The largest pre-tax amount whose total with tax still fits DECIMAL(10,2) (92,592,592.58): a
 * price, or a booking total, above it could be charged but never recorded as a billing.
 */
export const MAX_PRE_TAX_CENTS: bigint = largestPreTaxAmount();

/** The field error of a pre-tax amount over MAX_PRE_TAX_CENTS; null when it fits. */
export function moneyBoundError(path: string, preTaxCents: bigint): FieldError | null {
  if (preTaxCents <= MAX_PRE_TAX_CENTS) return null;
  return { path, message: `must be at most ${formatCents(MAX_PRE_TAX_CENTS)} (with ${TAX_RATE_BASIS_POINTS / 100}% tax the total must stay within ${formatCents(MAX_CENTS)})` };
}
