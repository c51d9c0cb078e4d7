import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

/**
 * Registered operations (`*.graphql` files: the saved operations of gateway/operations and the
 * client's documents). An operation is identified by the SHA-256 of its normalised text (parsed and
 * printed), so whitespace and comments do not matter, and a persisted-query request matches too.
 * Fragments may live in files of their own: a registered operation is the operation with every
 * fragment it spreads (transitively), as a client sends it; fragments are ordered by name, so the
 * order a client sends them in does not matter.
 */
export interface Allowlist {
  size: number;
  has(document: DocumentNode): boolean;
}

const isFragment = (definition: DefinitionNode): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION;
const byName = (a: FragmentDefinitionNode, b: FragmentDefinitionNode): number => a.name.value.localeCompare(b.name.value);

/** The document's operations, then its fragments by name. */
function normalised(document: DocumentNode): DocumentNode {
  const fragments = document.definitions.filter(isFragment);
  if (fragments.length === 0) return document;
  return { ...document, definitions: [...document.definitions.filter((definition) => !isFragment(definition)), ...[...fragments].sort(byName)] };
}

export const normalisedHash = (document: DocumentNode): string => createHash('sha256').update(print(normalised(document))).digest('hex');

/** The names of the fragments a definition spreads, directly or through other fragments. */
function spreadFragments(definition: DefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, found = new Set<string>()): Set<string> {
  visit(definition, {
    FragmentSpread(node) {
      const name = node.name.value;
      const fragment = fragments.get(name);
      if (found.has(name) || !fragment) return;
      found.add(name);
      spreadFragments(fragment, fragments, found);
    },
  });
  return found;
}

/** Each operation of the documents as a document of its own, with the fragments it needs from any of them. */
export function operationDocuments(documents: DocumentNode[]): DocumentNode[] {
  const definitions = documents.flatMap((document) => document.definitions);
  const fragments = new Map(definitions.filter(isFragment).map((fragment) => [fragment.name.value, fragment]));
  return definitions
    .filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => ({
      kind: Kind.DOCUMENT,
      definitions: [operation, ...[...spreadFragments(operation, fragments)].flatMap((name) => fragments.get(name) ?? [])],
    }));
}

function graphqlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.graphql'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Every saved operation under `dirs`, one document each (with its fragments). */
export function savedOperations(dirs: string[]): DocumentNode[] {
  return operationDocuments(dirs.flatMap(graphqlFiles).map((file) => parse(readFileSync(file, 'utf8'))));
}

export function loadAllowlist(dirs: string[]): Allowlist {
  const hashes = new Set(savedOperations(dirs).map(normalisedHash));
  return { size: hashes.size, has: (document) => hashes.has(normalisedHash(document)) };
}
