import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { possibleTypes, typePolicies } from './generated/cache.js';

export interface ApolloClientOptions {
  /** The gateway's GraphQL endpoint (absolute, or relative to the page, e.g. `/graphql`). */
  uri: string;
  /** The current access token, if signed in; sent as `Authorization: Bearer` on every request. */
  getAccessToken?: () => string | null | undefined;
  /** For non-browser callers (tests, scripts); browsers use their own fetch. */
  fetch?: typeof fetch;
}

/** An Apollo Client for the supergraph: entities normalised by their federation keys. */
export function createApolloClient(options: ApolloClientOptions): ApolloClient {
  const auth = new SetContextLink((previous) => {
    const token = options.getAccessToken?.();
    return token ? { headers: { ...previous.headers, authorization: `Bearer ${token}` } } : {};
  });
  const http = new HttpLink({ uri: options.uri, ...(options.fetch ? { fetch: options.fetch } : {}) });
  return new ApolloClient({
    link: ApolloLink.from([auth, http]),
    cache: new InMemoryCache({ possibleTypes, typePolicies }),
  });
}
