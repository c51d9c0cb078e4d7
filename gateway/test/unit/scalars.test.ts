import { readFileSync } from 'node:fs';
import { CUSTOM_SCALARS } from '@kayak/common';
import { buildASTSchema, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { subgraphHttpError } from '../../src/datasource.js';
import { checkCustomScalars } from '../../src/scalars.js';
import { readSupergraphConfig } from '../../src/supergraph.js';

describe('custom scalars at the gateway', () => {
  it('has the parse functions of every custom scalar a subgraph declares', () => {
    const declared = new Set<string>();
    for (const subgraph of readSupergraphConfig()) {
      for (const definition of parse(readFileSync(subgraph.schemaPath, 'utf8')).definitions) {
        if (definition.kind === Kind.SCALAR_TYPE_DEFINITION) declared.add(definition.name.value);
      }
    }
    expect([...declared].filter((name) => !CUSTOM_SCALARS.has(name))).toEqual([]);
  });

  const schema = buildASTSchema(
    parse(`
      scalar Decimal
      scalar DateTime
      input Range { from: DateTime! to: DateTime! }
      input Filter { prices: [Decimal!] ranges: [Range!] }
      type Query { search(filter: Filter, at: DateTime): Int other(at: DateTime): Int }
    `),
  );
  const check = (query: string, variables: Record<string, unknown> = {}, operationName?: string) => {
    const document = parse(query);
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = operations.find((o) => o.name?.value === operationName) ?? operations[0];
    if (!operation) throw new Error('no operation');
    return checkCustomScalars(schema, document, operation, variables, CUSTOM_SCALARS);
  };

  it('names list items by index, in literals and in variables', () => {
    expect(check('{ search(filter: { prices: ["1.00", "abc"], ranges: [{ from: "2026-01-01", to: "x" }] }) }').map((e) => e.path)).toEqual(['filter.prices.1', 'filter.ranges.0.to']);
    expect(check('query ($f: Filter) { search(filter: $f) }', { f: { prices: ['1.999'], ranges: [{ from: 'nope', to: '2026-01-01' }] } }).map((e) => e.path)).toEqual(['filter.prices.0', 'filter.ranges.0.from']);
  });

  it('follows fragments of the executed operation only', () => {
    const query = `
      query A { ...Bad }
      query B($at: DateTime) { other(at: $at) ...Worse }
      fragment Bad on Query { search(at: "tomorrow") }
      fragment Worse on Query { other(at: "2026-13-45") }
    `;
    expect(check(query, {}, 'A').map((e) => e.path)).toEqual(['at']);
    expect(check(query, { at: 'later' }, 'B').map((e) => e.path)).toEqual(['at', 'at']);
  });

  it('checks every request of the same parsed document against its own variables', () => {
    // Apollo Server hands each request with the same text the same DocumentNode: only the walk is reused.
    const document = parse('query ($f: Filter, $at: DateTime) { search(filter: $f, at: $at) other(at: "2026-01-01") }');
    const operation = document.definitions[0] as OperationDefinitionNode;
    const run = (variables: Record<string, unknown>) => checkCustomScalars(schema, document, operation, variables, CUSTOM_SCALARS).map((e) => e.path);
    expect(run({ at: '2026-01-01' })).toEqual([]);
    expect(run({ at: 'soon', f: { ranges: [{ from: '2026-01-01', to: 'later' }] } })).toEqual(['filter.ranges.0.to', 'at']);
    expect(run({})).toEqual([]);
  });

  it('accepts nulls and well-formed values', () => {
    expect(check('query ($f: Filter, $at: DateTime) { search(filter: $f, at: $at) }', { f: { prices: null, ranges: [{ from: '2026-01-01T00:00:00Z', to: '2026-01-02' }] }, at: null })).toEqual([]);
  });
});

describe('a subgraph answering HTTP 400 for bad input', () => {
  const answer = (status: number, body: unknown) => ({ status, body: JSON.stringify(body) });

  it('becomes BAD_USER_INPUT with the fields the subgraph named, not an internal error', () => {
    const error = subgraphHttpError(answer(400, { errors: [{ message: 'Invalid input', extensions: { code: 'BAD_USER_INPUT', fields: [{ path: 'input.metadata', message: 'must be an object' }] } }] }));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.metadata', message: 'must be an object' }] });
  });

  it("reads the variable path from graphql-js's coercion message when the subgraph gave no fields", () => {
    const message = 'Variable "$input" got invalid value "x" at "input.events[2].data"; JSONObject must be a JSON object';
    const error = subgraphHttpError(answer(400, { errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] }));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.events.2.data', message: 'JSONObject must be a JSON object' }] });
    expect(error.message).toBe('Invalid input');
  });

  it('keeps other failures internal', () => {
    const error = subgraphHttpError(answer(500, { errors: [{ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
    expect(error.extensions.code).toBeUndefined();
  });
});
