import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, print, type DocumentNode } from 'graphql';

/**
 * Registered operations (`*.graphql` files: the saved operations of gateway/operations and the
 * client's documents). An operation is identified by the SHA-256 of its normalised text (parsed and
 * printed), so whitespace and comments do not matter, and a persisted-query request matches too.
 */
export interface Allowlist {
  size: number;
  has(document: DocumentNode): boolean;
}

export const normalisedHash = (document: DocumentNode): string => createHash('sha256').update(print(document)).digest('hex');

function graphqlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.graphql'))
    .map((entry) => join(entry.parentPath, entry.name));
}

export function loadAllowlist(dirs: string[]): Allowlist {
  const hashes = new Set(dirs.flatMap(graphqlFiles).map((file) => normalisedHash(parse(readFileSync(file, 'utf8')))));
  return { size: hashes.size, has: (document) => hashes.has(normalisedHash(document)) };
}
