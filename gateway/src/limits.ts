import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  parse,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/**
 * Static cost of an operation, computed before execution from the document and the schema:
 * - depth: deepest nesting of field selections (fragments inlined);
 * - cost: every field costs 1, and a field's sub-selection is multiplied by how many items it may
 *   return: its `first` argument (or that argument's default), the `assumedSize` of a list field
 *   that declares it with `@listSize` (Apollo's cost spec; kept in the supergraph), 10 for other
 *   list fields;
 *   `nodes`/`edges` lists inside a connection are not multiplied again;
 * - aliases: number of aliased fields (aliases multiply work without nesting).
 */
export interface OperationMeasure {
  depth: number;
  cost: number;
  aliases: number;
}

export interface OperationLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
}

export const DEFAULT_LIST_SIZE = 10;

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  listSizes: ReadonlyMap<string, number>;
  aliases: number;
}

function argumentValue(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  return undefined;
}

/**
 * The `assumedSize` of every list field declared with `@listSize` in a supergraph SDL (Apollo's
 * cost spec, composed from the subgraphs), by `Type.field`: the most items the subgraph says it
 * returns. The API schema the plugins see drops the directive, so it is read from the SDL.
 */
export function listSizesOf(supergraphSdl: string): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const definition of parse(supergraphSdl).definitions) {
    if (!('fields' in definition) || !('name' in definition) || !definition.name || !definition.fields) continue;
    for (const field of definition.fields) {
      if (field.kind !== Kind.FIELD_DEFINITION) continue;
      const directive = field.directives?.find((applied) => applied.name.value === 'listSize' || applied.name.value.endsWith('__listSize'));
      const size = directive?.arguments?.find((arg) => arg.name.value === 'assumedSize')?.value;
      if (size?.kind === Kind.INT) sizes.set(`${definition.name.value}.${field.name.value}`, Number(size.value));
    }
  }
  return sizes;
}

function multiplierOf(parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown>, args: Map<string, ValueNode>, walk: Walk): number {
  const first = field.args.find((arg) => arg.name === 'first');
  if (first) {
    const value = argumentValue(args.get('first'), walk.variables) ?? first.defaultValue;
    return typeof value === 'number' && value >= 0 ? value : DEFAULT_LIST_SIZE;
  }
  if (!isListType(getNullableType(field.type))) return 1;
  if (field.name === 'nodes' || field.name === 'edges') return 1;
  return walk.listSizes.get(`${parent.name}.${field.name}`) ?? DEFAULT_LIST_SIZE;
}

function measureSelectionSet(selectionSet: SelectionSetNode, parent: GraphQLCompositeType, depth: number, walk: Walk, seen: Set<string>): { depth: number; cost: number } {
  let maxDepth = depth;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.alias) walk.aliases += 1;
      const name = selection.name.value;
      if (name === '__typename') continue;
      // Introspection is measured like any other selection: deep __schema queries are a classic abuse.
      const meta = name === '__schema' ? SchemaMetaFieldDef : name === '__type' ? TypeMetaFieldDef : undefined;
      const field = meta ?? (isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined);
      if (!field) continue; // validation already rejected unknown fields
      let childCost = 0;
      let childDepth = depth + 1;
      const type = getNamedType(field.type);
      if (selection.selectionSet && isCompositeType(type)) {
        const child = measureSelectionSet(selection.selectionSet, type, depth + 1, walk, seen);
        childCost = child.cost;
        childDepth = child.depth;
      }
      const args = new Map((selection.arguments ?? []).map((arg) => [arg.name.value, arg.value]));
      cost += 1 + multiplierOf(parent, field, args, walk) * childCost;
      maxDepth = Math.max(maxDepth, childDepth);
      continue;
    }
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments.get(selection.name.value);
    if (!fragment) continue;
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      if (seen.has(selection.name.value)) continue; // cycles are invalid anyway; never loop
      seen = new Set(seen).add(selection.name.value);
    }
    const condition = fragment.typeCondition ? walk.schema.getType(fragment.typeCondition.name.value) : parent;
    const target = condition && isCompositeType(condition) ? condition : parent;
    const child = measureSelectionSet(fragment.selectionSet, target, depth, walk, seen);
    cost += child.cost;
    maxDepth = Math.max(maxDepth, child.depth);
  }
  return { depth: maxDepth, cost };
}

export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> = {},
  listSizes: ReadonlyMap<string, number> = new Map(),
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operation = document.definitions.find(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName),
  );
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return { depth: 0, cost: 0, aliases: 0 };
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return { depth: 0, cost: 0, aliases: 0 };
  const walk: Walk = { schema, fragments, variables, listSizes, aliases: 0 };
  const { depth, cost } = measureSelectionSet(operation.selectionSet, root, 0, walk, new Set());
  return { depth, cost, aliases: walk.aliases };
}

/** The first limit the operation exceeds, as an error code and message; undefined when within limits. */
export function checkLimits(measure: OperationMeasure, limits: OperationLimits): { code: 'QUERY_TOO_DEEP' | 'QUERY_TOO_COMPLEX'; message: string } | undefined {
  if (measure.depth > limits.maxDepth) return { code: 'QUERY_TOO_DEEP', message: `Query depth ${measure.depth} exceeds the limit of ${limits.maxDepth}` };
  if (measure.aliases > limits.maxAliases) return { code: 'QUERY_TOO_COMPLEX', message: `Query uses ${measure.aliases} aliases; the limit is ${limits.maxAliases}` };
  if (measure.cost > limits.maxCost) return { code: 'QUERY_TOO_COMPLEX', message: `Query cost ${measure.cost} exceeds the limit of ${limits.maxCost}` };
  return undefined;
}
