import { ApolloProvider } from '@apollo/client/react';
import { CombinedGraphQLErrors } from '@apollo/client';
import { createApolloClient, RefreshSessionDocument } from '@kayak/client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { adoptPathRoute } from './router.js';
import { createSessionRefresher } from './session.js';
import { RefreshRejectedError } from './sessionRefresh.js';
import { createTracker, installTracker, trackPageClicks } from './tracking.js';

adoptPathRoute();

// Same-origin by default: the web server proxies /graphql to the gateway (web/server).
const uri = import.meta.env.VITE_GRAPHQL_URL ?? '/graphql';

// The refresh goes without the (expired) access token, which the gateway would refuse, and past the
// cache. UNAUTHENTICATED means the refresh token was refused; anything else (network, a server
// error) leaves the session, and the request fails as it would have.
const anonymous = createApolloClient({ uri });
const session = createSessionRefresher(async (refreshToken) => {
  try {
    const result = await anonymous.mutate({ mutation: RefreshSessionDocument, variables: { refreshToken }, fetchPolicy: 'no-cache' });
    if (!result.data) throw new RefreshRejectedError();
    return result.data.refreshToken;
  } catch (error) {
    const refused = CombinedGraphQLErrors.is(error) && error.errors.some((graphQLError) => graphQLError.extensions?.code === 'UNAUTHENTICATED');
    throw refused ? new RefreshRejectedError(error.message) : error;
  }
});
const client = createApolloClient({ uri, getAccessToken: session.accessToken, renewAccessToken: session.renew });

// Activity tracking for the analytics reports: buffered, flushed every few seconds and on pagehide.
installTracker(createTracker({ client }));
trackPageClicks();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ApolloProvider client={client}>
      <App />
    </ApolloProvider>
  </StrictMode>,
);
