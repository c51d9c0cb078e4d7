import { GraphQLError, type GraphQLFormattedError } from 'graphql';

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE'
  | 'QUERY_TOO_DEEP'
  | 'QUERY_TOO_COMPLEX'
  | 'OPERATION_NOT_ALLOWED'
  | 'INTERNAL_SERVER_ERROR';

/** One invalid input field: `path` is the argument path, e.g. `input.address.zip`. */
export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

/**
 * Sets the HTTP status (and headers) Apollo Server answers with when `error` stops a request before
 * execution (context creation, request plugins): without one it answers 500.
 */
export function withHttpStatus<E extends GraphQLError>(error: E, status: number, headers: Record<string, string> = {}): E {
  // Written through a plain record: Apollo Server types `http.headers` as a Map, graphql-yoga's
  // augmentation (loaded with Hive Gateway in the bench) as a Record, and both builds type-check this.
  (error.extensions as Record<string, unknown>).http = { status, headers: new Map(Object.entries(headers)) };
  return error;
}

export const badUserInput = (fields: FieldError[], message = 'Invalid input'): AppError =>
  new AppError('BAD_USER_INPUT', message, { fields });
export const unauthenticated = (message = 'Authentication required'): AppError =>
  new AppError('UNAUTHENTICATED', message);
export const forbidden = (message = 'Not allowed'): AppError => new AppError('FORBIDDEN', message);
export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found`);
/** Too many attempts of one kind (logins, registrations); `retryAfter` is in whole seconds. */
export const tooManyRequests = (retryAfter: number, message = 'Too many attempts; try again later'): AppError =>
  new AppError('TOO_MANY_REQUESTS', message, { retryAfter });
export const conflict = (message: string, fields: FieldError[] = []): AppError =>
  new AppError('CONFLICT', message, fields.length > 0 ? { fields } : {});

/**
 * Collects every invalid field of one input, so a client learns about all of them in one
 * BAD_USER_INPUT (paths like `input.address.zip`), then throws once.
 */
export class FieldErrors {
  private readonly errors: FieldError[] = [];

  /** Records a problem; returns undefined so a validator can `return errors.add(...)` for "no value". */
  add(path: string, message: string): undefined {
    this.errors.push({ path, message });
    return undefined;
  }

  get list(): readonly FieldError[] {
    return this.errors;
  }

  throwIfAny(message = 'Invalid input'): void {
    if (this.errors.length > 0) throw badUserInput([...this.errors], message);
  }

  /** The validated value once nothing was reported (every field is then set; checked, not assumed). */
  complete<T extends object>(draft: { [K in keyof T]: T[K] | undefined }): T {
    this.throwIfAny();
    const unset = Object.entries(draft).find(([, value]) => value === undefined);
    if (unset) throw new Error(`validation left ${unset[0]} unset without reporting it`);
    return draft as T;
  }
}

const publicCodes = new Set<string>([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'TOO_MANY_REQUESTS',
  'SERVICE_UNAVAILABLE',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'OPERATION_NOT_ALLOWED',
  // Produced by graphql-js / Apollo Server for malformed operations.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * Apollo Server `formatError`: known codes pass through (without stack traces); anything else is
 * logged by the caller and replaced by a generic INTERNAL_SERVER_ERROR so no internals leak.
 */
export function toPublicError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : undefined;
  if (code && publicCodes.has(code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal server error',
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
