import { unauthenticated, type Viewer } from '@kayak/common';
import type { RegisterInput } from '../generated/graphql.js';
import type { Loaders } from '../loaders.js';
import type { AccountModel, AdminModel, UserModel } from '../models.js';
import type { AdminsRepository } from '../repositories/admins.js';
import { toAdminModel, toUserModel } from '../repositories/documents.js';
import type { SessionStore } from '../repositories/sessions.js';
import type { UsersRepository } from '../repositories/users.js';
import type { AuthThrottle } from './throttle.js';
import { hashPassword, hashRefreshToken, issueAccessToken, newRefreshToken, passwordMatches, refreshTokenKind, type AccountKind } from './tokens.js';
import { normaliseEmail, validateRegistration } from './validation.js';

export interface AuthResult {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  account: AccountModel;
}

export interface AuthDependencies {
  users: UsersRepository;
  admins: AdminsRepository;
  loaders: Loaders;
  jwtSecret: string;
  throttle: AuthThrottle;
  /** The client's address from the gateway's assertion, for per-IP throttling. */
  clientIp: string | undefined;
  now(): Date;
  /** Records that this request authenticated as `viewer` (it may then read that account's personal fields). */
  signedIn(viewer: Viewer): void;
}

const INVALID_CREDENTIALS = 'Invalid email or password';
const INVALID_REFRESH_TOKEN = 'Invalid or expired refresh token';

export function viewerOf(account: AccountModel): Exclude<Viewer, { kind: 'anonymous' }> {
  return account.kind === 'admin' ? { kind: 'admin', adminId: account.adminId, role: account.role } : { kind: 'user', userId: account.userId };
}

/** Registration, login (users and admins), refresh-token rotation and logout. */
export class AuthService {
  constructor(private readonly deps: AuthDependencies) {}

  private async tokensFor(account: AccountModel, refresh: { token: string; expiresAt: Date }, now: Date): Promise<AuthResult> {
    const viewer = viewerOf(account);
    const access = await issueAccessToken(this.deps.jwtSecret, viewer, now);
    this.deps.signedIn(viewer);
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: refresh.token, refreshTokenExpiresAt: refresh.expiresAt, account };
  }

  async register(input: RegisterInput): Promise<AuthResult> {
    await this.deps.throttle.registrationAttempt(input.userId.trim(), normaliseEmail(input.email), this.deps.clientIp);
    const user = validateRegistration(input);
    const now = this.deps.now();
    const refresh = newRefreshToken('user', now);
    const created = await this.deps.users.insert(user, await hashPassword(user.password), refresh, now);
    return this.tokensFor(created, refresh, now);
  }

  async login(email: string, password: string): Promise<AuthResult> {
    const normalised = normaliseEmail(email);
    const succeeded = await this.deps.throttle.loginAttempt('user', normalised, this.deps.clientIp);
    const document = await this.deps.users.findForLogin(normalised);
    if (!(await passwordMatches(password, document?.password)) || !document) throw unauthenticated(INVALID_CREDENTIALS);
    await succeeded();
    return this.startSession(toUserModel(document));
  }

  async adminLogin(email: string, password: string): Promise<AuthResult> {
    const normalised = normaliseEmail(email);
    const succeeded = await this.deps.throttle.loginAttempt('admin', normalised, this.deps.clientIp);
    const document = await this.deps.admins.findForLogin(normalised);
    if (!(await passwordMatches(password, document?.password)) || !document) throw unauthenticated(INVALID_CREDENTIALS);
    await succeeded();
    return this.startSession(toAdminModel(document));
  }

  private async startSession(account: UserModel | AdminModel): Promise<AuthResult> {
    const now = this.deps.now();
    const refresh = newRefreshToken(account.kind, now);
    const id = account.kind === 'admin' ? account.adminId : account.userId;
    // A user deleted between the password check and here gets no session.
    if (!(await this.sessionsOf(account.kind).start(id, refresh.hash, refresh.expiresAt))) throw unauthenticated(INVALID_CREDENTIALS);
    return this.tokensFor(account, refresh, now);
  }

  /** A new token pair for a valid refresh token, which stops working; a reused old token ends the session. */
  async refresh(token: string): Promise<AuthResult> {
    const kind = refreshTokenKind(token);
    if (!kind) throw unauthenticated(INVALID_REFRESH_TOKEN);
    const now = this.deps.now();
    const oldHash = hashRefreshToken(token);
    const next = newRefreshToken(kind, now);
    const account = await this.rotate(kind, oldHash, next.hash, next.expiresAt, now);
    if (!account) {
      await this.sessionsOf(kind).endIfReused(oldHash);
      throw unauthenticated(INVALID_REFRESH_TOKEN);
    }
    return this.tokensFor(account, next, now);
  }

  private async rotate(kind: AccountKind, oldHash: string, newHash: string, expiresAt: Date, now: Date): Promise<AccountModel | null> {
    const id = await this.sessionsOf(kind).rotate(oldHash, newHash, expiresAt, now);
    if (id === null) return null;
    return kind === 'admin' ? this.deps.loaders.adminById.load(id) : this.deps.loaders.userById.load(id);
  }

  private sessionsOf(kind: AccountKind): SessionStore {
    return kind === 'admin' ? this.deps.admins.sessions : this.deps.users.sessions;
  }

  /** Ends the session of `token`. Idempotent, and says nothing about whether the token was valid. */
  async logout(token: string): Promise<boolean> {
    const kind = refreshTokenKind(token);
    if (kind) await this.sessionsOf(kind).end(hashRefreshToken(token));
    return true;
  }
}
