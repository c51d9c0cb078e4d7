import type { FieldError } from '@kayak/common';
import {
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLScalarType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';

/**
 * The supergraph declares custom scalars (Decimal, DateTime, ...) by name only, so graphql-js at the
 * gateway accepts any value for them and a malformed one would first fail inside a subgraph. This
 * applies the subgraphs' own parse functions to every argument of the operation — literals and
 * variable values (or their defaults) alike — and reports each bad value at its argument path
 * (`filter.minPrice`, `input.events.0.timestamp`), the same paths the services use.
 */
export function checkCustomScalars(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  scalars: ReadonlyMap<string, GraphQLScalarType>,
): FieldError[] {
  const errors: FieldError[] = [];
  const defaults = new Map(operation.variableDefinitions?.map((definition) => [definition.variable.name.value, definition.defaultValue]) ?? []);

  const parse = (path: string, scalar: GraphQLScalarType, run: (scalar: GraphQLScalarType) => unknown): void => {
    try {
      run(scalar);
    } catch (error) {
      errors.push({ path, message: error instanceof Error ? error.message : `invalid ${scalar.name}` });
    }
  };

  const checkValue = (value: unknown, type: GraphQLInputType, path: string): void => {
    const named = isNonNullType(type) ? type.ofType : type;
    if (value === null || value === undefined) return;
    if (isListType(named)) {
      if (Array.isArray(value)) value.forEach((item, index) => checkValue(item, named.ofType, `${path}.${index}`));
      else checkValue(value, named.ofType, path);
      return;
    }
    if (isInputObjectType(named)) {
      if (typeof value !== 'object' || Array.isArray(value)) return; // graphql-js refuses the shape itself
      const object = value as Record<string, unknown>;
      for (const field of Object.values(named.getFields())) {
        if (field.name in object) checkValue(object[field.name], field.type, `${path}.${field.name}`);
      }
      return;
    }
    const scalar = isScalarType(named) ? scalars.get(named.name) : undefined;
    if (scalar) parse(path, scalar, (s) => s.parseValue(value));
  };

  const checkLiteral = (node: ValueNode, type: GraphQLInputType, path: string): void => {
    if (node.kind === Kind.VARIABLE) {
      const name = node.name.value;
      if (name in variables) return checkValue(variables[name], type, path);
      const fallback = defaults.get(name);
      if (fallback) checkLiteral(fallback, type, path);
      return;
    }
    const named = isNonNullType(type) ? type.ofType : type;
    if (node.kind === Kind.NULL) return;
    if (isListType(named)) {
      if (node.kind === Kind.LIST) node.values.forEach((item, index) => checkLiteral(item, named.ofType, `${path}.${index}`));
      else checkLiteral(node, named.ofType, path);
      return;
    }
    if (isInputObjectType(named)) {
      if (node.kind !== Kind.OBJECT) return;
      const fields = named.getFields();
      for (const field of node.fields) {
        const definition = fields[field.name.value];
        if (definition) checkLiteral(field.value, definition.type, `${path}.${field.name.value}`);
      }
      return;
    }
    const scalar = isScalarType(named) ? scalars.get(named.name) : undefined;
    if (scalar) parse(path, scalar, (s) => s.parseLiteral(node, variables));
  };

  for (const site of argumentSites(schema, document, operation, scalars)) checkLiteral(site.value, site.type, site.name);
  return errors;
}

/** An argument of the operation (or a fragment it reaches) whose type can hold a custom scalar. */
interface ArgumentSite {
  name: string;
  type: GraphQLInputType;
  value: ValueNode;
}

/**
 * The arguments worth checking, found once per operation document: Apollo Server hands every
 * request with the same query text the same parsed document, so the schema walk (TypeInfo) is not
 * repeated per request; only the values are checked each time.
 */
const sitesCache = new WeakMap<OperationDefinitionNode, { schema: GraphQLSchema; scalars: ReadonlyMap<string, GraphQLScalarType>; sites: ArgumentSite[] }>();

function argumentSites(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, scalars: ReadonlyMap<string, GraphQLScalarType>): ArgumentSite[] {
  const cached = sitesCache.get(operation);
  if (cached && cached.schema === schema && cached.scalars === scalars) return cached.sites;
  const holdsScalar = scalarHolder(schema, scalars);
  const sites: ArgumentSite[] = [];
  // Only the executed operation and the fragments it reaches: another operation of the same
  // document may use variables this request does not send.
  const fragments = new Map(
    document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
  );
  const pending: Array<OperationDefinitionNode | FragmentDefinitionNode> = [operation];
  const seen = new Set<string>();
  for (let definition = pending.shift(); definition; definition = pending.shift()) {
    const typeInfo = new TypeInfo(schema);
    visit(
      definition,
      visitWithTypeInfo(typeInfo, {
        Argument(node) {
          const type = typeInfo.getInputType();
          if (type && holdsScalar(type)) sites.push({ name: node.name.value, type, value: node.value });
          return false;
        },
        FragmentSpread(node) {
          const fragment = fragments.get(node.name.value);
          if (fragment && !seen.has(fragment.name.value)) {
            seen.add(fragment.name.value);
            pending.push(fragment);
          }
        },
      }),
    );
  }
  sitesCache.set(operation, { schema, scalars, sites });
  return sites;
}

/** Whether a value of an input type can contain one of `scalars` (through lists and input objects, recursive ones too). */
function scalarHolder(schema: GraphQLSchema, scalars: ReadonlyMap<string, GraphQLScalarType>): (type: GraphQLInputType) => boolean {
  const inputs = Object.values(schema.getTypeMap()).filter(isInputObjectType);
  const holding = new Set<string>();
  const holds = (type: GraphQLInputType): boolean => {
    const named = getNamedType(type);
    return isScalarType(named) ? scalars.has(named.name) : holding.has(named.name);
  };
  // Until nothing changes: an input object holds a scalar when one of its fields does.
  for (let grew = true; grew; ) {
    grew = false;
    for (const input of inputs) {
      if (holding.has(input.name) || !Object.values(input.getFields()).some((field) => holds(field.type))) continue;
      holding.add(input.name);
      grew = true;
    }
  }
  return holds;
}
