import { parseCliFlags } from './cli-flags';

describe('parseCliFlags', () => {
  it('gives the flags given, and help when asked', () => {
    expect(parseCliFlags(['--out', 'dir', '--seed=3'], ['out', 'seed', 'json'])).toEqual({ values: { out: 'dir', seed: '3' } });
    expect(parseCliFlags(['-h'], ['out'])).toEqual({ help: true });
  });

  it('refuses an unknown flag, a positional argument and a flag without its value, naming it', () => {
    expect(parseCliFlags(['--bogus'], ['out'])).toEqual({ error: expect.stringMatching(/'--bogus'/) });
    expect(parseCliFlags(['stray'], ['out'])).toEqual({ error: expect.stringMatching(/'stray'/) });
    expect(parseCliFlags(['--out'], ['out'])).toEqual({ error: expect.stringMatching(/'--out <value>' argument missing/) });
  });
});
