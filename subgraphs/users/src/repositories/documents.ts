import type { AdminRole, OutboxFields } from '@kayak/common';
import type { AddressModel, AdminModel, PaymentCard, UserModel } from '../models.js';

/** Stored shapes of the `users` and `admins` collections (design doc §1–2, snake_case). */

export interface AddressDocument {
  street: string;
  city: string;
  state: string;
  zip: string;
}

export interface PaymentDetailsDocument {
  card_token: string;
  masked_number: string;
  card_type: string;
  expiry_month: number;
  expiry_year: number;
}

/**
 * The session of an account: `refresh_token` holds the SHA-256 (hex) of the one valid refresh
 * token, never the token; `previous_refresh_token` the hash it replaced, to detect reuse.
 */
export interface SessionFields {
  refresh_token?: string;
  refresh_token_expires_at?: Date;
  previous_refresh_token?: string;
}

/** `revision` and `pendingEvents`: the Mongo outbox (docs/events.md); seeded users have neither until their first change. */
export interface UserDocument extends SessionFields, OutboxFields {
  user_id: string;
  /** After deletion a unique placeholder (the index is unique), never shown. */
  email: string;
  /** bcrypt hash; removed on deletion so the account cannot log in. */
  password?: string;
  first_name: string;
  last_name: string;
  address?: AddressDocument;
  phone_number?: string;
  profile_image_url?: string;
  payment_details?: PaymentDetailsDocument;
  created_at: Date;
  updated_at: Date;
  deleted_at?: Date;
}

export interface AdminDocument extends SessionFields {
  admin_id: string;
  email: string;
  password: string;
  first_name: string;
  last_name: string;
  address: AddressDocument;
  phone_number: string;
  role: AdminRole;
  reports_and_analytics_managed: string[];
  created_at: Date;
  updated_at: Date;
}

const addressModel = (address: AddressDocument): AddressModel => ({ street: address.street, city: address.city, state: address.state, zip: address.zip });

export function paymentDocument(card: PaymentCard): PaymentDetailsDocument {
  return {
    card_token: card.cardToken,
    masked_number: card.maskedNumber,
    card_type: card.cardType,
    expiry_month: card.expiryMonth,
    expiry_year: card.expiryYear,
  };
}

/** The readable part of a user: the password, session hashes and card token stay behind. */
export function toUserModel(document: UserDocument): UserModel {
  const deleted = document.deleted_at !== undefined;
  const payment = document.payment_details;
  return {
    kind: 'user',
    userId: document.user_id,
    email: deleted ? null : document.email,
    firstName: document.first_name,
    lastName: document.last_name,
    address: document.address ? addressModel(document.address) : null,
    phoneNumber: document.phone_number ?? null,
    profileImageUrl: document.profile_image_url ?? null,
    paymentDetails: payment
      ? { maskedNumber: payment.masked_number, cardType: payment.card_type, expiryMonth: payment.expiry_month, expiryYear: payment.expiry_year }
      : null,
    createdAt: document.created_at.toISOString(),
    updatedAt: document.updated_at.toISOString(),
    deletedAt: document.deleted_at?.toISOString() ?? null,
  };
}

export function toAdminModel(document: AdminDocument): AdminModel {
  return {
    kind: 'admin',
    adminId: document.admin_id,
    email: document.email,
    firstName: document.first_name,
    lastName: document.last_name,
    address: addressModel(document.address),
    phoneNumber: document.phone_number,
    role: document.role,
    reportsAndAnalyticsManaged: document.reports_and_analytics_managed ?? [],
    createdAt: document.created_at.toISOString(),
    updatedAt: document.updated_at.toISOString(),
  };
}
