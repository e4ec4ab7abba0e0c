import { InvalidSourceSettingsError, UnknownSourceError } from '@pds/harvest';
import { GraphQLError } from 'graphql';
import { userInputError } from '../providers/user-input.error';

/** Runs an admin operation, turning the registry's input errors into BAD_USER_INPUT with what is accepted. */
export async function asUserInput<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof InvalidSourceSettingsError) {
      // Each problem on its own too, so a form can show it beside its field.
      throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', problems: error.problems } });
    }
    if (error instanceof UnknownSourceError) throw userInputError(error.message);
    throw error;
  }
}
