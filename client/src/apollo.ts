import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, ServerError } from '@apollo/client';
import { catchError, defer, from, map, mergeMap, of, throwError, type Observable } from 'rxjs';
import { possibleTypes, typePolicies } from './generated/cache.js';

type MaybePromise<T> = T | Promise<T>;

export interface ApolloClientOptions {
  /** The gateway's GraphQL endpoint (absolute, or relative to the page, e.g. `/graphql`). */
  uri: string;
  /**
   * The access token to send, if signed in, as `Authorization: Bearer`, asked before every request;
   * it may wait (the web client refreshes a token that is about to expire first).
   */
  getAccessToken?: () => MaybePromise<string | null | undefined>;
  /**
   * When the gateway refused the token sent (HTTP 401: expired or invalid): the token to replay the
   * request with, once, or null to let the refusal through. A rejection also lets it through.
   */
  renewAccessToken?: (refused: string) => Promise<string | null | undefined>;
  /** For non-browser callers (tests, scripts); browsers use their own fetch. */
  fetch?: typeof fetch;
}

interface HttpContext {
  headers?: Record<string, string>;
  response?: Response;
}

/** The gateway answers a bad or expired access token with HTTP 401, before any subgraph runs. */
const refusedByStatus = (operation: ApolloLink.Operation): boolean => (operation.getContext() as HttpContext).response?.status === 401;

function authLink(options: ApolloClientOptions): ApolloLink {
  return new ApolloLink((operation, forward) => {
    const send = (token: string | null, replayed: boolean): Observable<ApolloLink.Result> => {
      operation.setContext((previous: HttpContext) => {
        const { authorization: _dropped, ...headers } = previous.headers ?? {};
        return { headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers };
      });
      const renew = options.renewAccessToken;
      if (!token || replayed || !renew) return forward(operation);
      const replay = (original: Observable<ApolloLink.Result>): Observable<ApolloLink.Result> =>
        from(renew(token).catch(() => null)).pipe(mergeMap((next) => (next ? send(next, true) : original)));
      // A 401 comes back as a result (graphql-response+json) or as a ServerError (application/json).
      // Only the first answer may be replayed: catchError sits before the replay, never after it.
      type Outcome = { result: ApolloLink.Result; refused: boolean } | { error: unknown; refused: boolean };
      return forward(operation).pipe(
        map((result): Outcome => ({ result, refused: refusedByStatus(operation) })),
        catchError((error: unknown) => of<Outcome>({ error, refused: ServerError.is(error) && error.statusCode === 401 })),
        mergeMap((outcome) => {
          const original = 'error' in outcome ? throwError(() => outcome.error) : of(outcome.result);
          return outcome.refused ? replay(original) : original;
        }),
      );
    };
    return defer(() => from(Promise.resolve(options.getAccessToken?.() ?? null))).pipe(mergeMap((token) => send(token ?? null, false)));
  });
}

/** An Apollo Client for the supergraph: entities normalised by their federation keys. */
export function createApolloClient(options: ApolloClientOptions): ApolloClient {
  const http = new HttpLink({ uri: options.uri, ...(options.fetch ? { fetch: options.fetch } : {}) });
  return new ApolloClient({
    link: ApolloLink.from([authLink(options), http]),
    cache: new InMemoryCache({ possibleTypes, typePolicies }),
  });
}
