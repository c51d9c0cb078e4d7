import { DateTimeScalar } from '@kayak/common';
import type { Resolvers } from '../generated/graphql.js';
import { Account } from './Account.js';
import { Admin } from './Admin.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';
import { User } from './User.js';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Query, Mutation, User, Admin, Account };
