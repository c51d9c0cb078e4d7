import { DateTimeScalar } from '@kayak/common';
import type { Resolvers } from '../generated/graphql.js';
import { Account } from './Account.js';
import { Admin } from './Admin.js';
import { Mutation } from './Mutation.js';
import { HotelCityWatch, Notification, RouteWatch, Watch } from './Notification.js';
import { NotificationMutation, NotificationQuery } from './notificationOperations.js';
import { Query } from './Query.js';
import { User } from './User.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: { ...Query, ...NotificationQuery },
  Mutation: { ...Mutation, ...NotificationMutation },
  User,
  Admin,
  Account,
  Notification,
  Watch,
  RouteWatch,
  HotelCityWatch,
};
