import type { ApolloCache, OperationVariables, TypedDocumentNode } from '@apollo/client';
import { useLazyQuery, useMutation, useQuery } from '@apollo/client/react';

/**
 * The one generic module behind the generated hooks (generated/hooks.ts): each hook is Apollo's own
 * hook with its TypedDocumentNode bound, so data and variables are typed from the operation.
 *
 * Apollo Client 4 declares its hooks as overload sets (partial data, skipToken, error policies).
 * The generated hooks expose the everyday form only: complete data (no `returnPartialData`),
 * `skip: true` rather than `skipToken`, and mutation variables given to the mutate function rather
 * than to the hook. The call sites below pin that overload.
 */

/** `options` may be left out exactly when the operation has no required variables. */
type OptionsArgument<TOptions, TVariables> = {} extends TVariables ? [options?: TOptions] : [options: TOptions];

export type QueryHookResult<TData, TVariables extends OperationVariables> = useQuery.Result<TData, TVariables, 'empty' | 'complete' | 'streaming'>;
export type LazyQueryHookResult<TData, TVariables extends OperationVariables> = useLazyQuery.ResultTuple<TData, TVariables, 'empty' | 'complete' | 'streaming'>;
export type MutationHookResult<TData, TVariables extends OperationVariables> = useMutation.ResultTuple<TData, TVariables>;

type QueryHook = <TData, TVariables extends OperationVariables>(query: TypedDocumentNode<TData, TVariables>, options?: useQuery.Options<TData, TVariables>) => QueryHookResult<TData, TVariables>;
type LazyQueryHook = <TData, TVariables extends OperationVariables>(query: TypedDocumentNode<TData, TVariables>, options?: useLazyQuery.Options<TData, TVariables>) => LazyQueryHookResult<TData, TVariables>;

const runQuery: QueryHook = useQuery;
const runLazyQuery: LazyQueryHook = useLazyQuery;

export function bindQuery<TData, TVariables extends OperationVariables>(document: TypedDocumentNode<TData, TVariables>) {
  return (...[options]: OptionsArgument<useQuery.Options<TData, TVariables>, TVariables>): QueryHookResult<TData, TVariables> => runQuery(document, options);
}

export function bindLazyQuery<TData, TVariables extends OperationVariables>(document: TypedDocumentNode<TData, TVariables>) {
  return (options?: useLazyQuery.Options<TData, TVariables>): LazyQueryHookResult<TData, TVariables> => runLazyQuery(document, options);
}

export type MutationHookOptions<TData, TVariables extends OperationVariables> = Omit<useMutation.Options<TData, TVariables, ApolloCache, {}>, 'variables'>;

export function bindMutation<TData, TVariables extends OperationVariables>(document: TypedDocumentNode<TData, TVariables>) {
  return (options?: MutationHookOptions<TData, TVariables>): MutationHookResult<TData, TVariables> => useMutation<TData, TVariables, ApolloCache, {}, undefined>(document, options);
}
