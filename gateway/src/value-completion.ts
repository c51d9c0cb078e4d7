import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';

interface CompletionError {
  message?: unknown;
  path?: unknown;
}

const isPath = (path: unknown): path is Array<string | number> => Array.isArray(path) && path.every((part) => typeof part === 'string' || typeof part === 'number');

/**
 * @apollo/gateway reports the errors of its own result shaping — a subgraph answered null, with
 * no error, for a non-null field, so the null emptied the nearest nullable parent (e.g. a whole
 * `bookings` connection) — only under `extensions.valueCompletion`, where clients do not look.
 * They become ordinary NOT_FOUND errors with their path: a nulled field is never silent.
 */
export function valueCompletionPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const completion = result.extensions?.valueCompletion;
          if (!Array.isArray(completion) || completion.length === 0) return;
          const { valueCompletion: _moved, ...rest } = result.extensions ?? {};
          result.extensions = Object.keys(rest).length > 0 ? rest : undefined;
          const errors: GraphQLFormattedError[] = (completion as CompletionError[]).map((error) => ({
            message: typeof error.message === 'string' ? error.message : 'A field could not be resolved',
            ...(isPath(error.path) ? { path: error.path } : {}),
            extensions: { code: 'NOT_FOUND' },
          }));
          result.errors = [...(result.errors ?? []), ...errors];
        },
      };
    },
  };
}
