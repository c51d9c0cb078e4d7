import { ApolloProvider } from '@apollo/client/react';
import { createApolloClient } from '@kayak/client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { adoptPathRoute } from './router.js';
import { accessToken } from './session.js';
import { createTracker, installTracker, trackPageClicks } from './tracking.js';

adoptPathRoute();

// Same-origin by default: the web server proxies /graphql to the gateway (web/server).
const client = createApolloClient({ uri: import.meta.env.VITE_GRAPHQL_URL ?? '/graphql', getAccessToken: accessToken });

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
