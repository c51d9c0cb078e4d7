import type { FieldError } from '@kayak/common';
import {
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
          if (type) checkLiteral(node.value, type, node.name.value);
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
  return errors;
}
