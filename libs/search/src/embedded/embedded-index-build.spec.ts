import { SearchError } from '../search.error';
import { asWriteFailure } from './embedded-index-build';

describe('asWriteFailure', () => {
  it('words a system call’s error as a failed snapshot write, with its code', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const failure = asWriteFailure(full);
    expect(failure).toBeInstanceOf(SearchError);
    expect(failure).toMatchObject({ code: 'SEARCH.FAILED', message: 'Cannot write the search index snapshot (ENOSPC).', cause: full });
  });

  it('passes any other error as it is: a document that cannot be indexed, or Node’s own argument errors', () => {
    const broken = new TypeError("Cannot read properties of undefined (reading 'position')");
    const argument = Object.assign(new TypeError('bad fd'), { code: 'ERR_INVALID_ARG_TYPE' });
    expect(asWriteFailure(broken)).toBe(broken);
    expect(asWriteFailure(argument)).toBe(argument);
  });
});
