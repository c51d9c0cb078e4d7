import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlanner, prettyFormatQueryPlan, type FetchNode, type PlanNode, type QueryPlanSelectionNode } from '@apollo/query-planner';
import { GATEWAY_ASSERTION_HEADER } from '@kayak/common';
import { parse } from 'graphql';

/**
 * The same query sent straight to the subgraphs, in the order of the gateway's own query plan
 * (@apollo/query-planner, the planner inside @apollo/gateway, on the same supergraph): the
 * subgraph operations are the plan's, so the only difference to the gateway is the gateway.
 * Supports the plan shapes the bench's queries produce: Sequence, Parallel, Flatten and Fetch.
 */
export interface CompiledPlan {
  node: PlanNode;
  pretty: string;
  fetches: number;
}

export function planQuery(supergraphSdl: string, query: string): CompiledPlan {
  const supergraph = Supergraph.build(supergraphSdl);
  const planner = new QueryPlanner(supergraph);
  const plan = planner.buildQueryPlan(operationFromDocument(supergraph.schema, parse(query)));
  if (!plan.node || plan.node.kind === 'Subscription') throw new Error('the query has no executable plan');
  return { node: plan.node, pretty: prettyFormatQueryPlan(plan), fetches: countFetches(plan.node) };
}

function countFetches(node: PlanNode): number {
  switch (node.kind) {
    case 'Fetch':
      return 1;
    case 'Flatten':
      return countFetches(node.node);
    case 'Sequence':
    case 'Parallel':
      return node.nodes.reduce((sum, child) => sum + countFetches(child), 0);
    default:
      throw new Error(`unsupported plan node ${node.kind}`);
  }
}

type Json = null | boolean | number | string | Json[] | JsonObject;
interface JsonObject {
  [key: string]: Json;
}
const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

interface Execution {
  urls: Record<string, string>;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
  errors: unknown[];
}

/** Objects at `path` below `value` (`@` walks list items), skipping nulls, as the gateway does. */
function entitiesAt(value: Json | undefined, path: (string | number)[]): JsonObject[] {
  if (value === undefined || value === null) return [];
  const [head, ...rest] = path;
  if (head === '@') return Array.isArray(value) ? value.flatMap((item) => entitiesAt(item, rest)) : [];
  if (Array.isArray(value)) return value.flatMap((item) => entitiesAt(item, path));
  if (head === undefined) return isObject(value) ? [value] : [];
  return isObject(value) ? entitiesAt(value[String(head)], rest) : [];
}

/** The representation of an entity: the `requires` selection applied to it. */
function select(entity: JsonObject, selections: readonly QueryPlanSelectionNode[]): JsonObject {
  const result: JsonObject = {};
  for (const selection of selections) {
    if (selection.kind === 'InlineFragment') {
      if (!selection.typeCondition || selection.typeCondition === entity.__typename) Object.assign(result, select(entity, selection.selections));
      continue;
    }
    const value = entity[selection.name];
    if (value === undefined) continue;
    result[selection.name] = selection.selections && isObject(value) ? select(value, selection.selections) : value;
  }
  return result;
}

function merge(target: JsonObject, source: JsonObject): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isObject(existing) && isObject(value)) merge(existing, value);
    else if (Array.isArray(existing) && Array.isArray(value)) existing.forEach((item, index) => (isObject(item) && isObject(value[index] ?? null) ? merge(item, value[index] as JsonObject) : undefined));
    else target[key] = value;
  }
}

async function post(execution: Execution, fetchNode: FetchNode, variables: Record<string, unknown>): Promise<JsonObject | null> {
  const url = execution.urls[fetchNode.serviceName];
  if (!url) throw new Error(`no URL for subgraph ${fetchNode.serviceName}`);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...execution.headers },
    body: JSON.stringify({ query: fetchNode.operation, operationName: fetchNode.operationName, variables }),
    signal: AbortSignal.timeout(60_000),
  });
  const body = (await response.json()) as { data?: JsonObject | null; errors?: unknown[] };
  if (body.errors) execution.errors.push(...body.errors);
  if (!response.ok && !body.errors) execution.errors.push({ message: `HTTP ${response.status} from ${fetchNode.serviceName}` });
  return body.data ?? null;
}

async function run(node: PlanNode, data: JsonObject, path: (string | number)[], execution: Execution): Promise<void> {
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await run(child, data, path, execution);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => run(child, data, path, execution)));
      return;
    case 'Flatten':
      return run(node.node, data, [...path, ...node.path], execution);
    case 'Fetch': {
      const variables = Object.fromEntries((node.variableUsages ?? []).map((name) => [name, execution.variables[name]]));
      if (!node.requires) {
        const result = await post(execution, node, variables);
        if (result) merge(data, result);
        return;
      }
      const entities = entitiesAt(data, path);
      if (entities.length === 0) return;
      const requires = node.requires;
      const result = await post(execution, node, { ...variables, representations: entities.map((entity) => select(entity, requires)) });
      const answers = result?._entities;
      if (!Array.isArray(answers)) return;
      answers.forEach((answer, index) => {
        const entity = entities[index];
        if (entity && isObject(answer)) merge(entity, answer);
      });
      return;
    }
    default:
      throw new Error(`unsupported plan node ${node.kind}`);
  }
}

/** Executes the plan against the subgraphs with one signed assertion, like one gateway request. */
export async function executeDirect(plan: CompiledPlan, urls: Record<string, string>, variables: Record<string, unknown>, assertion: string): Promise<{ data: JsonObject; errors: unknown[] }> {
  const execution: Execution = { urls, variables, headers: { [GATEWAY_ASSERTION_HEADER]: assertion }, errors: [] };
  const data: JsonObject = {};
  await run(plan.node, data, [], execution);
  return { data, errors: execution.errors };
}
