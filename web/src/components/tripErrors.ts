import { CombinedGraphQLErrors, type ErrorLike } from '@apollo/client';

interface FieldError {
  path: string;
  message: string;
}

const ITEM_PATH = /^input\.items\.(\d+)(?:\.(.+))?$/;

/**
 * createTrip names the failing item in its error paths (`input.items.2.quantity`,
 * `input.items.0.passengers.1.dateOfBirth`): the lines to show next to each item, by position.
 * A CONFLICT keeps its sentence ("Only 3 of 150 left for these dates"), the field says what to change.
 */
export function itemErrorsOf(error: ErrorLike | undefined): Map<number, string[]> {
  const byItem = new Map<number, string[]>();
  if (!error || !CombinedGraphQLErrors.is(error)) return byItem;
  for (const graphQLError of error.errors) {
    const fields = (graphQLError.extensions?.fields ?? []) as FieldError[];
    const code = graphQLError.extensions?.code;
    for (const field of fields) {
      const match = ITEM_PATH.exec(field.path);
      if (!match) continue;
      const index = Number(match[1]);
      const where = match[2] ? `${match[2]}: ` : '';
      const line = code === 'BAD_USER_INPUT' ? `${where}${field.message}` : `${graphQLError.message} (${where}${field.message})`;
      byItem.set(index, [...(byItem.get(index) ?? []), line]);
    }
  }
  return byItem;
}
