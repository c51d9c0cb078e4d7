import { ApolloProvider } from '@apollo/client/react';
import { createApolloClient } from '@kayak/client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { accessToken } from './session.js';

// Same-origin by default: the web server proxies /graphql to the gateway (web/server).
const client = createApolloClient({ uri: import.meta.env.VITE_GRAPHQL_URL ?? '/graphql', getAccessToken: accessToken });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ApolloProvider client={client}>
      <App />
    </ApolloProvider>
  </StrictMode>,
);
