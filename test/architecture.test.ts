import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layering rules of docs/architecture (CONVENTIONS.md): inside a subgraph's src, imports flow
 * resolvers → services → repositories, never back up, and no files import each other in a circle.
 * Read from the import statements themselves (static, re-exports, `import type`, dynamic).
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SUBGRAPHS = readdirSync(join(root, 'subgraphs')).filter((name) => statSync(join(root, 'subgraphs', name, 'src')).isDirectory());
const SOURCE_ROOTS = [...SUBGRAPHS.map((name) => join('subgraphs', name, 'src')), join('packages', 'common', 'src')];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The repository-relative files a source file imports from its own package (relative specifiers only). */
function localImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))
    .filter((target) => !target.includes(`${join('src', 'generated')}`));
}

type Graph = Map<string, string[]>;

function importGraph(sourceRoot: string): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles(join(root, sourceRoot))) {
    graph.set(relative(root, file), localImports(file).map((target) => relative(root, target)));
  }
  return graph;
}

/** Strongly connected components with more than one file (or a file importing itself): Tarjan. */
function cycles(graph: Graph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (;;) {
      const member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** The room (first folder under src) of a subgraph file: `services`, `repositories`, … or '' for files at the top. */
function roomOf(file: string): string {
  const parts = file.split(/[\\/]/);
  const src = parts.indexOf('src');
  return parts.length > src + 2 ? (parts[src + 1] ?? '') : '';
}

/** Which rooms a room must not import from. */
const FORBIDDEN: Record<string, readonly string[]> = {
  repositories: ['services', 'resolvers', 'events', 'clients'],
  clients: ['services', 'resolvers', 'events', 'repositories'],
  services: ['resolvers'],
};

function layeringViolations(graph: Graph): string[] {
  const violations: string[] = [];
  for (const [file, targets] of graph) {
    const forbidden = FORBIDDEN[roomOf(file)] ?? [];
    for (const target of targets) {
      if (forbidden.includes(roomOf(target))) violations.push(`${file} → ${target}`);
    }
  }
  return violations.sort();
}

/**
 * Where calls to other subgraphs and Kafka live: `clients/` and `events/` (server.ts and the CLIs
 * only wire them). A file elsewhere that uses the entity client or Kafka is in the wrong room.
 */
const ROOM_OF_API: Array<{ api: RegExp; room: string }> = [
  { api: /\bcreateEntityClient\b/, room: 'clients' },
  { api: /\bcreateKafkaPublisher\b|\bfrom 'kafkajs'|\bcreateKafka\b/, room: 'events' },
];

function misplacedApiUses(sourceRoot: string): string[] {
  return sourceFiles(join(root, sourceRoot)).flatMap((file) => {
    const room = roomOf(file);
    if (room === '') return [];
    const text = readFileSync(file, 'utf8');
    return ROOM_OF_API.filter(({ api, room: expected }) => room !== expected && api.test(text)).map(({ room: expected }) => `${relative(root, file)} belongs in ${expected}/`);
  });
}

describe('architecture', () => {
  const graphs = new Map(SOURCE_ROOTS.map((sourceRoot) => [sourceRoot, importGraph(sourceRoot)]));

  it('reads the import statements of every subgraph', () => {
    expect(SUBGRAPHS.sort()).toEqual(['bookings', 'listings', 'reviews', 'users']);
    for (const sourceRoot of SOURCE_ROOTS) expect(graphs.get(sourceRoot)?.size).toBeGreaterThan(5);
  });

  it('finds a layering violation and a cycle in a made-up graph (the checks are not vacuous)', () => {
    const graph: Graph = new Map([
      ['subgraphs/x/src/repositories/a.ts', ['subgraphs/x/src/services/b.ts']],
      ['subgraphs/x/src/services/b.ts', ['subgraphs/x/src/repositories/a.ts', 'subgraphs/x/src/resolvers/c.ts']],
      ['subgraphs/x/src/resolvers/c.ts', []],
    ]);
    expect(layeringViolations(graph)).toEqual([
      'subgraphs/x/src/repositories/a.ts → subgraphs/x/src/services/b.ts',
      'subgraphs/x/src/services/b.ts → subgraphs/x/src/resolvers/c.ts',
    ]);
    expect(cycles(graph)).toEqual([['subgraphs/x/src/repositories/a.ts', 'subgraphs/x/src/services/b.ts']]);
  });

  it('has repositories import neither services, resolvers, events nor clients; clients import no other room; services import no resolvers', () => {
    expect([...graphs.values()].flatMap(layeringViolations)).toEqual([]);
  });

  it('keeps calls to other subgraphs in clients/ and Kafka in events/', () => {
    expect(SUBGRAPHS.flatMap((name) => misplacedApiUses(join('subgraphs', name, 'src')))).toEqual([]);
  });

  it('has no import cycle among the source files of any package', () => {
    expect([...graphs.values()].flatMap(cycles)).toEqual([]);
  });
});
