import { GraphQLError } from 'graphql';

/** A GraphQL error for input the client must change; the message says what is accepted. */
export function userInputError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}
