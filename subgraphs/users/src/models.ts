import type { AdminRole } from '@kayak/common';

/**
 * What resolvers receive for `User` and `Admin` (codegen mappers). Plain JSON (dates as ISO strings)
 * so the same value can be cached in Redis. Secrets (password hash, refresh token hash, card token)
 * never enter these models: the repositories strip them when reading.
 */

export interface AddressModel {
  street: string;
  city: string;
  state: string;
  zip: string;
}

export interface PaymentDetailsModel {
  maskedNumber: string;
  cardType: string;
  expiryMonth: number;
  expiryYear: number;
}

export interface UserModel {
  kind: 'user';
  userId: string;
  email: string | null;
  firstName: string;
  lastName: string;
  address: AddressModel | null;
  phoneNumber: string | null;
  profileImageUrl: string | null;
  paymentDetails: PaymentDetailsModel | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface AdminModel {
  kind: 'admin';
  adminId: string;
  email: string;
  firstName: string;
  lastName: string;
  address: AddressModel;
  phoneNumber: string;
  role: AdminRole;
  reportsAndAnalyticsManaged: string[];
  createdAt: string;
  updatedAt: string;
}

export type AccountModel = UserModel | AdminModel;

/** A tokenised card as stored: the token stays in the database, only the masked part is shown. */
export interface PaymentCard extends PaymentDetailsModel {
  cardToken: string;
}

/** A validated, normalised registration (password still in clear: hashed by the auth service). */
export interface NewUser {
  userId: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  address: AddressModel;
  phoneNumber: string;
  profileImageUrl: string | null;
  paymentDetails: PaymentCard | null;
}

/** A validated profile update: absent keys stay as they are, null removes an optional field. */
export interface ProfileChanges {
  email?: string;
  firstName?: string;
  lastName?: string;
  address?: AddressModel;
  phoneNumber?: string;
  profileImageUrl?: string | null;
  paymentDetails?: PaymentCard | null;
}

export interface NewAdmin {
  adminId: string;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  address: AddressModel;
  phoneNumber: string;
  role: AdminRole;
  reportsAndAnalyticsManaged: string[];
}

/** Search criteria of the admin user list, normalised. */
export interface UserQuery {
  city?: string;
  state?: string;
  emailPrefix?: string;
  includeDeleted: boolean;
}
