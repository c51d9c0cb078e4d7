import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';

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
