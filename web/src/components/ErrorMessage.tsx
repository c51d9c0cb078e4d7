import { CombinedGraphQLErrors, type ErrorLike } from '@apollo/client';

interface FieldError {
  path: string;
  message: string;
}

/** GraphQL errors with their `extensions.fields` (BAD_USER_INPUT), or a network error. */
function linesOf(error: ErrorLike): string[] {
  if (!CombinedGraphQLErrors.is(error)) return [error.message];
  return error.errors.flatMap((graphQLError) => {
    const fields = (graphQLError.extensions?.fields ?? []) as FieldError[];
    return fields.length > 0 ? fields.map((field) => `${field.path}: ${field.message}`) : [graphQLError.message];
  });
}

export function ErrorMessage({ error }: { error: ErrorLike | undefined }) {
  if (!error) return null;
  return (
    <div role="alert" className="error">
      {linesOf(error).map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}
