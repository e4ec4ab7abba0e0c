import { GraphQLError } from 'graphql';

/** A GraphQL error for input the client must change; the message says what is accepted. */
export function userInputError(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code: 'BAD_USER_INPUT' } });
}
