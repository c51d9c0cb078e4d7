import type { Resolvers } from '../generated/graphql.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { Query };
