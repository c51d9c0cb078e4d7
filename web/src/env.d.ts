// Build-time settings of the page (Vite reads VITE_* variables when building).
interface ImportMetaEnv {
  /** The GraphQL endpoint; default `/graphql` on the page's own origin (proxied to the gateway). */
  readonly VITE_GRAPHQL_URL?: string;
}
