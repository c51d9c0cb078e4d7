// What a frontend imports: typed documents and result/variable types (generated/graphql.ts), one
// hook per operation (generated/hooks.ts), the Apollo cache settings read from the supergraph
// (generated/cache.ts) and a configured client factory (apollo.ts).
export * from './generated/graphql.js';
export * from './generated/hooks.js';
export { possibleTypes, typePolicies } from './generated/cache.js';
export { createApolloClient, type ApolloClientOptions } from './apollo.js';
export type { LazyQueryHookResult, MutationHookResult, QueryHookResult } from './bind.js';
