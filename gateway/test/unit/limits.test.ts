import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkLimits, listSizesOf, measureOperation } from '../../src/limits.js';

const schema = buildSchema(`
  type Query { me: User, users(first: Int = 20): UserConnection!, tags: [String!]!, node: Node, trip: Trip }
  type Trip { legs: [Leg!]! }
  type Leg { flights: [User!]! }
  union Node = User | Review
  type User { id: ID!, name: String, friends: [User!]!, reviews(first: Int): ReviewConnection! }
  type UserConnection { nodes: [User!]!, totalCount: Int! }
  type ReviewConnection { nodes: [Review!]! }
  type Review { id: ID!, author: User }
`);
const measure = (query: string, variables: Record<string, unknown> = {}) => measureOperation(schema, parse(query), undefined, variables);

describe('operation limits', () => {
  it('counts depth through fields, inline fragments and named fragments', () => {
    expect(measure('{ me { id } }').depth).toBe(2);
    expect(measure('{ me { friends { friends { name } } } }').depth).toBe(4);
    expect(measure('{ me { ...F } } fragment F on User { friends { name } }').depth).toBe(3);
    expect(measure('{ node { ... on Review { author { name } } } }').depth).toBe(3);
  });

  it('multiplies a sub-selection by `first`, by the argument default, or by 10 for plain lists', () => {
    expect(measure('{ me { id } }').cost).toBe(2); // me + id
    expect(measure('{ users(first: 5) { nodes { id } } }').cost).toBe(1 + 5 * 2); // nodes are not multiplied again
    expect(measure('{ users { nodes { id } } }').cost).toBe(1 + 20 * 2);
    expect(measure('query ($n: Int) { users(first: $n) { nodes { id } } }', { n: 3 }).cost).toBe(1 + 3 * 2);
    expect(measure('{ me { friends { name } } }').cost).toBe(1 + (1 + 10 * 1));
  });

  it('multiplies a list field by the assumedSize its @listSize declares in the supergraph', () => {
    const sizes = listSizesOf(`
      directive @listSize(assumedSize: Int, requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
      type Trip { legs: [Leg!]! @listSize(assumedSize: 5, requireOneSlicingArgument: false) }
      type Leg { flights: [User!]! @listSize(assumedSize: 3, requireOneSlicingArgument: false) }
    `);
    expect(sizes).toEqual(new Map([['Trip.legs', 5], ['Leg.flights', 3]]));
    const query = '{ trip { legs { flights { name } } } }';
    expect(measureOperation(schema, parse(query), undefined, {}, sizes).cost).toBe(1 + (1 + 5 * (1 + 3 * 1)));
    expect(measure(query).cost).toBe(1 + (1 + 10 * (1 + 10 * 1)));
  });

  it('counts aliases and ignores __typename', () => {
    expect(measure('{ a: me { id } b: me { id } __typename }')).toEqual({ depth: 2, cost: 4, aliases: 2 });
  });

  it('reports the first limit exceeded with its code', () => {
    const limits = { maxDepth: 3, maxCost: 50, maxAliases: 1 };
    expect(checkLimits(measure('{ me { friends { friends { name } } } }'), limits)?.code).toBe('QUERY_TOO_DEEP');
    expect(checkLimits(measure('{ a: me { id } b: me { id } }'), limits)?.code).toBe('QUERY_TOO_COMPLEX');
    expect(checkLimits(measure('{ users(first: 100) { nodes { id } } }'), limits)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', message: expect.stringMatching(/cost 201/) });
    expect(checkLimits(measure('{ me { id } }'), limits)).toBeUndefined();
  });
});

describe('introspection', () => {
  it('is measured like other selections', () => {
    expect(measure('{ __schema { types { fields { type { name } } } } }').depth).toBe(5);
    expect(measure('{ __type(name: "User") { name } }').depth).toBe(2);
  });
});
