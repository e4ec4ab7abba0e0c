import { outcomeOf } from './graphql-metrics';

const withCode = (code: string) => ({ message: code, extensions: { code } });

describe('outcomeOf', () => {
  it.each([
    [[], 'ok'],
    [[withCode('PENDING')], 'ok'],
    [[withCode('BAD_USER_INPUT')], 'user_error'],
    [[withCode('GRAPHQL_VALIDATION_FAILED')], 'user_error'],
    [[withCode('QUERY_TOO_COMPLEX')], 'refused'],
    [[withCode('BAD_USER_INPUT'), withCode('RATE_LIMITED')], 'refused'],
    [[withCode('RATE_LIMITED'), withCode('SEARCH_UNAVAILABLE')], 'error'],
    [[{ message: 'no code' }], 'error'],
  ])('%j is %s: the worst error decides', (errors, outcome) => {
    expect(outcomeOf(errors)).toBe(outcome);
  });
});
