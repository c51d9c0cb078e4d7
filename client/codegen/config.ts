import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';
import type { CodegenPlugin } from '@graphql-codegen/plugin-helpers';
import { plugin as apolloPlugin } from './apollo-plugin.js';

/**
 * The client half of the root codegen.ts: typed documents and hooks for the web client, generated
 * from the composed supergraph (written by `npm run generate` just before codegen runs), the
 * operations under client/src/operations and the fragments they share (client/src/fragments). Output (client/src/generated/) is git-ignored.
 */
const schema = 'gateway/supergraph.graphql';
// One operation per file under operations/; the fragments they share under fragments/.
const documents = ['client/src/operations/**/*.graphql', 'client/src/fragments/**/*.graphql'];
const APOLLO_PLUGIN = 'kayak-apollo';

export const clientGenerates: CodegenConfig['generates'] = {
  'client/src/generated/': {
    schema,
    documents,
    preset: 'client',
    presetConfig: { fragmentMasking: false },
    config: {
      useTypeImports: true,
      enumsAsTypes: true,
      // Only the types operations use: the supergraph's join__/link__ machinery stays out.
      onlyOperationTypes: true,
      // Explicit `.js` extensions: the root tsconfig resolves like Node (NodeNext).
      emitLegacyCommonJSImports: false,
      // The supergraph's own join__/link__ scalars never reach operations; unknown ones stay `unknown`.
      defaultScalarType: 'unknown',
      scalars: { Decimal: 'string', DateTime: 'string', JSONObject: 'Record<string, unknown>' },
      avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
    },
  },
  'client/src/generated/hooks.ts': { schema, documents, plugins: [{ [APOLLO_PLUGIN]: { output: 'hooks' } }] },
  'client/src/generated/cache.ts': { schema, documents, plugins: [{ [APOLLO_PLUGIN]: { output: 'cache' } }] },
};

const requireFromRoot = createRequire(join(process.cwd(), 'codegen.ts'));

/** Codegen's plugin loader plus our local plugin (codegen.ts is loaded with TypeScript support). */
export async function loadPlugin(name: string): Promise<CodegenPlugin> {
  if (name === APOLLO_PLUGIN) return { plugin: apolloPlugin };
  // What codegen's default loader does: require relative to the working directory (the root).
  return requireFromRoot(name) as CodegenPlugin;
}
