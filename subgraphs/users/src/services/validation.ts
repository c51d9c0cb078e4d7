import { badUserInput, CONTROL_CHARACTER_MESSAGE, DEFAULT_PAGE_SIZE, FieldErrors, hasControlCharacters, isPageSize, MAX_PAGE_SIZE, type AdminRole } from '@kayak/common';
import type { AddressInput, CreateAdminInput, PaymentDetailsInput, RegisterInput, UpdateProfileInput, UserFilter } from '../generated/graphql.js';
import type { AddressModel, NewAdmin, NewUser, PaymentCard, ProfileChanges, UserQuery } from '../models.js';
import { normaliseUsState } from './usStates.js';

/**
 * Input rules of the design (users/admins collections) plus a few length limits. Every function
 * records all problems of an input before throwing one BAD_USER_INPUT, so a form can show them all.
 */

export const SSN_FORMAT = /^\d{3}-\d{2}-\d{4}$/;
const EMAIL_FORMAT = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const ZIP_FORMAT = /^\d{5}(-\d{4})?$/;
const PHONE_CHARACTERS = /^\+?[\d\s().-]+$/;
const ADMIN_ID_FORMAT = /^[A-Z0-9][A-Z0-9-]{1,31}$/;
const LAST4_FORMAT = /^\d{4}$/;
const SPECIAL_CHARACTER = /[^A-Za-z0-9]/;
/** bcrypt ignores everything after 72 bytes; a longer password would be silently truncated. */
const BCRYPT_MAX_BYTES = 72;
export const MIN_EXPIRY_YEAR = 2020;


function text(v: FieldErrors, value: string, path: string, max = 100): string | undefined {
  const trimmed = value.trim();
  if (trimmed.length === 0) return v.add(path, 'is required');
  if (trimmed.length > max) return v.add(path, `must be at most ${max} characters`);
  if (hasControlCharacters(trimmed)) return v.add(path, CONTROL_CHARACTER_MESSAGE);
  return trimmed;
}

function userId(v: FieldErrors, value: string, path: string): string | undefined {
  const trimmed = value.trim();
  return SSN_FORMAT.test(trimmed) ? trimmed : v.add(path, 'must have the SSN format ###-##-####');
}

/** Emails are case-insensitive in practice, so they are stored (and looked up) in lowercase. */
export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase();
}

function email(v: FieldErrors, value: string, path: string): string | undefined {
  const normalised = normaliseEmail(value);
  if (hasControlCharacters(normalised)) return v.add(path, CONTROL_CHARACTER_MESSAGE);
  if (normalised.length > 254 || !EMAIL_FORMAT.test(normalised)) return v.add(path, 'must be a valid email address');
  return normalised;
}

function password(v: FieldErrors, value: string, path: string): string | undefined {
  const missing: string[] = [];
  if (value.length < 8) missing.push('at least 8 characters');
  if (!/[A-Z]/.test(value)) missing.push('an uppercase letter');
  if (!/[a-z]/.test(value)) missing.push('a lowercase letter');
  if (!SPECIAL_CHARACTER.test(value)) missing.push('a special character');
  if (missing.length > 0) return v.add(path, `must contain ${missing.join(', ')}`);
  if (Buffer.byteLength(value, 'utf8') > BCRYPT_MAX_BYTES) return v.add(path, `must be at most ${BCRYPT_MAX_BYTES} bytes`);
  return value;
}

function state(v: FieldErrors, value: string, path: string): string | undefined {
  return normaliseUsState(value) ?? v.add(path, 'must be a US state abbreviation or full name');
}

function address(v: FieldErrors, value: AddressInput, path: string): AddressModel | undefined {
  const street = text(v, value.street, `${path}.street`, 200);
  const city = text(v, value.city, `${path}.city`);
  const normalisedState = state(v, value.state, `${path}.state`);
  const zip = value.zip.trim();
  if (!ZIP_FORMAT.test(zip)) v.add(`${path}.zip`, 'must have the format ##### or #####-####');
  if (street === undefined || city === undefined || normalisedState === undefined || !ZIP_FORMAT.test(zip)) return undefined;
  return { street, city, state: normalisedState, zip };
}

function phoneNumber(v: FieldErrors, value: string, path: string): string | undefined {
  const trimmed = value.trim();
  const digits = trimmed.replace(/\D/g, '').length;
  if (!PHONE_CHARACTERS.test(trimmed) || digits < 7 || digits > 15) return v.add(path, 'must be a phone number of 7 to 15 digits');
  return trimmed;
}

function imageUrl(v: FieldErrors, value: string, path: string): string | undefined {
  const trimmed = value.trim();
  try {
    const url = new URL(trimmed);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && trimmed.length <= 2048) return trimmed;
  } catch {
    // reported below
  }
  return v.add(path, 'must be an http(s) URL');
}

function paymentDetails(v: FieldErrors, value: PaymentDetailsInput, path: string): PaymentCard | undefined {
  const before = v.list.length;
  const cardToken = text(v, value.cardToken, `${path}.cardToken`, 256);
  // A token that is all digits of card length is a raw card number: never store those.
  if (cardToken !== undefined && /^[\d\s-]{12,}$/.test(cardToken)) v.add(`${path}.cardToken`, 'must be a payment provider token, not a card number');
  const last4 = value.last4.trim();
  if (!LAST4_FORMAT.test(last4)) v.add(`${path}.last4`, 'must be the last 4 digits of the card');
  const cardType = text(v, value.cardType, `${path}.cardType`, 30);
  if (!Number.isInteger(value.expiryMonth) || value.expiryMonth < 1 || value.expiryMonth > 12) v.add(`${path}.expiryMonth`, 'must be between 1 and 12');
  if (!Number.isInteger(value.expiryYear) || value.expiryYear < MIN_EXPIRY_YEAR || value.expiryYear > 2100) {
    v.add(`${path}.expiryYear`, `must be ${MIN_EXPIRY_YEAR} or later`);
  }
  if (v.list.length > before || cardToken === undefined || cardType === undefined) return undefined;
  return { cardToken, maskedNumber: `**** **** **** ${last4}`, cardType, expiryMonth: value.expiryMonth, expiryYear: value.expiryYear };
}

function adminId(v: FieldErrors, value: string, path: string): string | undefined {
  const upper = value.trim().toUpperCase();
  return ADMIN_ID_FORMAT.test(upper) ? upper : v.add(path, "must be 2 to 32 letters, digits or '-'");
}

function reportIds(v: FieldErrors, values: readonly string[], path: string): string[] {
  if (values.length > 100) v.add(path, 'must list at most 100 reports');
  return values.map((value, index) => text(v, value, `${path}.${index}`) ?? '');
}

/** Checks one optional field of an update: absent → unchanged; null → not allowed for required fields. */
function required<T, R>(v: FieldErrors, value: T | null | undefined, path: string, check: (value: T) => R | undefined): R | undefined {
  if (value === undefined) return undefined;
  if (value === null) return v.add(path, 'cannot be removed');
  return check(value);
}

export function validateRegistration(input: RegisterInput): NewUser {
  const v = new FieldErrors();
  return v.complete<NewUser>({
    userId: userId(v, input.userId, 'input.userId'),
    email: email(v, input.email, 'input.email'),
    password: password(v, input.password, 'input.password'),
    firstName: text(v, input.firstName, 'input.firstName'),
    lastName: text(v, input.lastName, 'input.lastName'),
    address: address(v, input.address, 'input.address'),
    phoneNumber: phoneNumber(v, input.phoneNumber, 'input.phoneNumber'),
    profileImageUrl: input.profileImageUrl == null ? null : imageUrl(v, input.profileImageUrl, 'input.profileImageUrl'),
    paymentDetails: input.paymentDetails == null ? null : paymentDetails(v, input.paymentDetails, 'input.paymentDetails'),
  });
}

export function validateProfileChanges(input: UpdateProfileInput): ProfileChanges {
  const v = new FieldErrors();
  const changes: ProfileChanges = {};
  const set = <K extends keyof ProfileChanges>(key: K, value: ProfileChanges[K] | undefined): void => {
    if (value !== undefined) changes[key] = value;
  };
  set('email', required(v, input.email, 'input.email', (value) => email(v, value, 'input.email')));
  set('firstName', required(v, input.firstName, 'input.firstName', (value) => text(v, value, 'input.firstName')));
  set('lastName', required(v, input.lastName, 'input.lastName', (value) => text(v, value, 'input.lastName')));
  set('address', required(v, input.address, 'input.address', (value) => address(v, value, 'input.address')));
  set('phoneNumber', required(v, input.phoneNumber, 'input.phoneNumber', (value) => phoneNumber(v, value, 'input.phoneNumber')));
  if (input.profileImageUrl !== undefined) {
    set('profileImageUrl', input.profileImageUrl === null ? null : imageUrl(v, input.profileImageUrl, 'input.profileImageUrl'));
  }
  if (input.paymentDetails !== undefined) {
    set('paymentDetails', input.paymentDetails === null ? null : paymentDetails(v, input.paymentDetails, 'input.paymentDetails'));
  }
  v.throwIfAny();
  return changes;
}

export function validateNewAdmin(input: CreateAdminInput, role: AdminRole): NewAdmin {
  const v = new FieldErrors();
  return v.complete<NewAdmin>({
    adminId: adminId(v, input.adminId, 'input.adminId'),
    email: email(v, input.email, 'input.email'),
    password: password(v, input.password, 'input.password'),
    firstName: text(v, input.firstName, 'input.firstName'),
    lastName: text(v, input.lastName, 'input.lastName'),
    address: address(v, input.address, 'input.address'),
    phoneNumber: phoneNumber(v, input.phoneNumber, 'input.phoneNumber'),
    role,
    reportsAndAnalyticsManaged: reportIds(v, input.reportsAndAnalyticsManaged ?? [], 'input.reportsAndAnalyticsManaged'),
  });
}

export function validateUserFilter(filter: UserFilter | null | undefined): UserQuery {
  const v = new FieldErrors();
  const query: UserQuery = { includeDeleted: filter?.includeDeleted ?? false };
  if (filter?.city != null) query.city = text(v, filter.city, 'filter.city');
  if (filter?.state != null) query.state = state(v, filter.state, 'filter.state');
  if (filter?.emailPrefix != null) query.emailPrefix = text(v, normaliseEmail(filter.emailPrefix), 'filter.emailPrefix', 254);
  v.throwIfAny();
  return query;
}

/** `first` of the user list: 1 to 100, default 20. */
export function validatePageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!isPageSize(size, 1)) throw badUserInput([{ path: 'first', message: `must be between 1 and ${MAX_PAGE_SIZE}` }]);
  return size;
}
