import type { UserResolvers } from '../generated/graphql.js';

// Personal fields go through the privacy check; the rest resolve from the model by default.
export const User: UserResolvers = {
  __resolveReference: (reference, context) => context.users.reference(reference.userId),
  email: (user, _args, context) => context.users.personal(user, user.email),
  address: (user, _args, context) => context.users.personal(user, user.address),
  phoneNumber: (user, _args, context) => context.users.personal(user, user.phoneNumber),
  paymentDetails: (user, _args, context) => context.users.personal(user, user.paymentDetails),
};
