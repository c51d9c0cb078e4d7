import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const defaultSupergraphConfigPath = resolve(dirname(fileURLToPath(import.meta.url)), '../../supergraph.yaml');

const supergraphConfigSchema = z.object({
  federation_version: z.string().optional(),
  subgraphs: z.record(
    z.string(),
    z.object({
      routing_url: z.string().url(),
      schema: z.object({ file: z.string() }),
    }),
  ),
});

export interface SubgraphSource {
  name: string;
  url: string;
  schemaPath: string;
}

/** Reads rover's `supergraph.yaml`; schema file paths are relative to the YAML file. */
export function readSupergraphConfig(path = defaultSupergraphConfigPath): SubgraphSource[] {
  const parsed = supergraphConfigSchema.parse(parseYaml(readFileSync(path, 'utf8')));
  return Object.entries(parsed.subgraphs).map(([name, subgraph]) => ({
    name,
    url: subgraph.routing_url,
    schemaPath: resolve(dirname(path), subgraph.schema.file),
  }));
}

/** The environment variable that overrides where a subgraph is reached: `USERS_URL` for `users`. */
export const subgraphUrlVariable = (name: string): string => `${name.toUpperCase()}_URL`;
/** The variable of the port a subgraph listens on: `USERS_PORT` for `users`. */
export const subgraphPortVariable = (name: string): string => `${name.toUpperCase()}_PORT`;

/**
 * Where each subgraph of supergraph.yaml is reached: its `<NAME>_URL` from the parsed config or
 * environment when set, else its routing URL. A new subgraph needs no code here.
 */
export function subgraphUrlsFrom(variables: Readonly<Record<string, unknown>>, subgraphs: SubgraphSource[] = readSupergraphConfig()): Record<string, string> {
  return Object.fromEntries(
    subgraphs.map((subgraph) => {
      const configured = variables[subgraphUrlVariable(subgraph.name)];
      return [subgraph.name, typeof configured === 'string' && configured !== '' ? configured : subgraph.url];
    }),
  );
}

export class CompositionError extends Error {}

export interface Composition {
  supergraphSdl: string;
  hints: string[];
}

/** Composes the subgraphs' SDL; errors are collected into one readable message. */
export function composeSupergraph(subgraphs: SubgraphSource[]): Composition {
  const result = composeServices(
    subgraphs.map((subgraph) => ({ name: subgraph.name, url: subgraph.url, typeDefs: parse(readFileSync(subgraph.schemaPath, 'utf8')) })),
  );
  if (result.errors) {
    const lines = result.errors.map((error) => {
      const code = typeof error.extensions.code === 'string' ? `[${error.extensions.code}] ` : '';
      return `  - ${code}${error.message}`;
    });
    throw new CompositionError(`Supergraph composition failed with ${result.errors.length} error(s):\n${lines.join('\n')}`);
  }
  return { supergraphSdl: result.supergraphSdl, hints: result.hints.map((hint) => `[${hint.definition.code}] ${hint.message}`) };
}
