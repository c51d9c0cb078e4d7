import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, CompositionError, readSupergraphConfig } from '../../src/supergraph.js';

describe('supergraph composition', () => {
  it('composes the four subgraphs of supergraph.yaml without errors', () => {
    const subgraphs = readSupergraphConfig();
    expect(subgraphs.map((s) => s.name)).toEqual(['users', 'listings', 'bookings', 'reviews']);
    const { supergraphSdl } = composeSupergraph(subgraphs);
    for (const name of ['USERS', 'LISTINGS', 'BOOKINGS', 'REVIEWS']) expect(supergraphSdl).toContain(`join__graph(name: "${name.toLowerCase()}"`);
  });

  it('reports conflicting subgraphs with a readable message naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-'));
    const sdl = (field: string): string => `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\ntype Query { ${field} }\ntype Thing { id: ID! name: String }`;
    writeFileSync(join(dir, 'a.graphql'), sdl('a: Thing'));
    writeFileSync(join(dir, 'b.graphql'), sdl('b: Thing'));
    const compose = () =>
      composeSupergraph([
        { name: 'a', url: 'http://a/graphql', schemaPath: join(dir, 'a.graphql') },
        { name: 'b', url: 'http://b/graphql', schemaPath: join(dir, 'b.graphql') },
      ]);
    expect(compose).toThrow(CompositionError);
    expect(compose).toThrow(/Supergraph composition failed[\s\S]*INVALID_FIELD_SHARING[\s\S]*Thing\.name/);
  });
});
