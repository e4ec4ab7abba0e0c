import { Writable } from 'node:stream';
import { InvalidQueryError, SearchError } from '@pds/search';
import { GraphQLError } from 'graphql';
import pino from 'pino';
import { graphQLErrorFormatter } from './graphql-error-formatter';

const INTERNAL = 'connect ECONNREFUSED http://meili.internal:7700/indexes/providers/search; DATA_DIR=/srv/pds/data';

function setup() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { format: graphQLErrorFormatter(pino({ level: 'error' }, sink)), lines };
}

/** What Apollo hands the formatter for an error thrown by a resolver. */
function thrown(original: Error, code = 'INTERNAL_SERVER_ERROR') {
  const error = new GraphQLError(original.message, { originalError: original, path: ['searchProviders'] });
  return { formatted: { message: original.message, path: ['searchProviders'], extensions: { code, stacktrace: ['at x'] } }, error };
}

describe('graphQLErrorFormatter', () => {
  it.each([
    [new SearchError('SEARCH.UNAVAILABLE', INTERNAL), 'SEARCH_UNAVAILABLE', 'SEARCH.UNAVAILABLE'],
    [new SearchError('SEARCH.OVERLOADED', INTERNAL), 'SEARCH_UNAVAILABLE', 'SEARCH.OVERLOADED'],
    [new SearchError('SEARCH.FAILED', INTERNAL), 'INTERNAL_SERVER_ERROR', 'SEARCH.FAILED'],
    [new Error(INTERNAL), 'INTERNAL_SERVER_ERROR', undefined],
  ])('hides the message of %s behind an error id, and logs the original with that id', async (original, code, reason) => {
    const { format, lines } = setup();
    const { formatted, error } = thrown(original);

    const answer = format(formatted, error);

    expect(JSON.stringify(answer)).not.toMatch(/meili|DATA_DIR|srv|7700/);
    const errorId = answer.extensions!.errorId as string;
    expect(errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.message).toMatch(new RegExp(`Error id: ${errorId}\\.$`));
    expect(answer.extensions).toEqual({ code, errorId, ...(reason ? { reason } : {}) });
    expect(lines).toEqual([expect.objectContaining({ errorId, code, err: expect.objectContaining({ message: INTERNAL }) })]);
  });

  it.each([
    Object.assign(new Error('Reached the max retries per request limit (which is 0). Refer to "maxRetriesPerRequest" option for details.'), {
      name: 'MaxRetriesPerRequestError',
    }),
    new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    new Error('Connection is closed.'),
  ])('answers UNAVAILABLE when Redis is away (%s), with the cause in the log only', (original) => {
    const { format, lines } = setup();
    const { formatted, error } = thrown(original);

    const answer = format(formatted, error);

    const errorId = answer.extensions!.errorId as string;
    expect(answer.extensions).toEqual({ code: 'UNAVAILABLE', reason: 'REDIS.UNAVAILABLE', errorId });
    expect(answer.message).toMatch(/^A service this operation needs \(Redis\) is unavailable; searches still answer\./);
    expect(lines).toEqual([expect.objectContaining({ errorId, err: expect.objectContaining({ message: original.message }) })]);
  });

  it('passes messages meant for the caller unchanged, without a stack trace', () => {
    const { format, lines } = setup();
    const invalid = thrown(new InvalidQueryError('filter.near.place', 'no place "New Heaven"', { suggestions: ['New Haven, CT'] }));
    const unauthenticated = { message: 'a valid x-admin-key header is required', extensions: { code: 'UNAUTHENTICATED', stacktrace: [] } };

    expect(format(invalid.formatted, invalid.error)).toEqual({
      message: 'filter.near.place: no place "New Heaven"',
      path: ['searchProviders'],
      extensions: { code: 'BAD_USER_INPUT', reason: 'SEARCH.INVALID_QUERY', field: 'filter.near.place', suggestions: ['New Haven, CT'] },
    });
    expect(format(unauthenticated, new GraphQLError(unauthenticated.message))).toEqual({
      message: unauthenticated.message,
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(lines).toEqual([]);
  });
});
