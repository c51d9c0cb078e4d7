import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';

const DECIMAL = /^-?\d{1,8}(\.\d{1,2})?$/;

function toDecimalString(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return value.toFixed(2);
  // At most 10 significant digits: exact in a double, so toFixed(2) is exact too.
  if (typeof value === 'string' && DECIMAL.test(value)) return Number(value).toFixed(2);
  if (typeof value === 'object' && value !== null && 'toFixed' in value && typeof value.toFixed === 'function') {
    return String((value as { toFixed(digits: number): string }).toFixed(2)); // Prisma.Decimal
  }
  throw new GraphQLError(`Decimal cannot represent ${String(value)}`);
}

function parseDecimal(value: unknown): string {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text)) {
    throw new GraphQLError('Decimal must be a number with at most 2 decimals, e.g. "299.99"', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return toDecimalString(text);
}

/** Money: serialised as a string with two decimals ("299.90"), never a float. */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'A decimal amount with two fraction digits, serialised as a string (e.g. "299.90").',
  serialize: toDecimalString,
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.FLOAT || ast.kind === Kind.INT) return parseDecimal(ast.value);
    throw new GraphQLError('Decimal must be a string or number literal', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});

function parseDateTime(value: unknown): Date {
  if (typeof value === 'string') {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime()) && /^\d{4}-\d{2}-\d{2}/.test(value)) return date;
  }
  throw new GraphQLError('DateTime must be an ISO-8601 string, e.g. "2026-12-01T10:00:00Z"', { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Instants as ISO-8601 strings in UTC. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, as an ISO-8601 string in UTC (e.g. "2026-12-01T10:00:00.000Z").',
  serialize: (value) => {
    const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime cannot represent ${String(value)}`);
    return date.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING) return parseDateTime(ast.value);
    throw new GraphQLError('DateTime must be a string literal', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

function parseObject(value: unknown): Record<string, unknown> {
  if (isJsonObject(value)) return value;
  throw new GraphQLError('JSONObject must be a JSON object, e.g. { "caption": "Lobby" }', { extensions: { code: 'BAD_USER_INPUT' } });
}

/** A free-form JSON object. Its content rules (keys, size, nesting) are checked by the services. */
export const JSONObjectScalar = new GraphQLScalarType({
  name: 'JSONObject',
  description: 'A JSON object.',
  serialize: (value) => {
    if (isJsonObject(value)) return value;
    throw new GraphQLError(`JSONObject cannot represent ${String(value)}`);
  },
  parseValue: parseObject,
  parseLiteral: (ast, variables) => {
    if (ast.kind !== Kind.OBJECT) return parseObject(undefined);
    return parseObject(valueFromASTUntyped(ast, variables));
  },
});

/**
 * Every custom scalar of the supergraph, by name. The subgraphs resolve them with these; the
 * gateway, whose supergraph knows them by name only, applies the same parse functions to an
 * operation's values before planning, so a malformed value never reaches a subgraph.
 */
export const CUSTOM_SCALARS: ReadonlyMap<string, GraphQLScalarType> = new Map(
  [DecimalScalar, DateTimeScalar, JSONObjectScalar].map((scalar) => [scalar.name, scalar]),
);
