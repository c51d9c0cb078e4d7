import { CombinedGraphQLErrors, type ErrorLike } from '@apollo/client';

interface FieldError {
  path: string;
  message: string;
}

/**
 * What each error code means to the person in front of the page. UNAUTHENTICATED keeps the server's message (a wrong password and an expired session differ). Codes whose server message is
 * already specific (CONFLICT, NOT_FOUND: "the flight is retired", ...) show that message after it.
 */
const CODE_MESSAGES: Record<string, string> = {
  FORBIDDEN: 'Your account is not allowed to do this.',
  NOT_FOUND: 'Not found.',
  CONFLICT: 'Not possible right now.',
  TOO_MANY_REQUESTS: 'Too many attempts; please wait a moment and try again.',
  SERVICE_UNAVAILABLE: 'A service is briefly unavailable; please try again.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on our side; please try again.',
};
const SPECIFIC = new Set(['CONFLICT', 'NOT_FOUND', 'TOO_MANY_REQUESTS']);

/** GraphQL errors with their `extensions.fields` (BAD_USER_INPUT) or their code's message, or a network error. */
export function linesOf(error: ErrorLike): string[] {
  if (!CombinedGraphQLErrors.is(error)) return [`Cannot reach the server (${error.message}).`];
  return error.errors.flatMap((graphQLError) => {
    const fields = (graphQLError.extensions?.fields ?? []) as FieldError[];
    if (fields.length > 0) return fields.map((field) => `${field.path}: ${field.message}`);
    const code = typeof graphQLError.extensions?.code === 'string' ? graphQLError.extensions.code : '';
    const known = CODE_MESSAGES[code];
    if (!known) return [graphQLError.message];
    return [SPECIFIC.has(code) ? `${known} ${graphQLError.message}` : known];
  });
}

export function ErrorMessage({ error }: { error: ErrorLike | undefined }) {
  if (!error) return null;
  return (
    <div role="alert" className="error">
      {[...new Set(linesOf(error))].map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}
