import type { Location } from '@medplum/fhirtypes';
import { contentHash } from '@pds/store';
import { type TestFhirServer, startTestFhirServer } from '@pds/testing';
import { parseHarvestBenchArgs } from './harvest-bench-args';
import { EDIT_EXTENSION_URL, changeUpstream } from './upstream-change';

describe('bench:harvest', () => {
  describe('arguments', () => {
    it('defaults to the shared directory and a generated 100k one, 1% changed', () => {
      expect(parseHarvestBenchArgs([])).toEqual({
        options: { datasets: ['shared', 100_000], seed: 1, changePercent: 1, pageSize: 1000, requestsPerSecond: 100, json: null },
      });
      expect(parseHarvestBenchArgs(['--sizes', '20000', '--change-percent', '0.5', '--page-size', '100'])).toMatchObject({
        options: { datasets: [20_000], changePercent: 0.5, pageSize: 100 },
      });
    });

    it('says what was wrong and what is accepted', () => {
      expect(parseHarvestBenchArgs(['--sizes', 'shared,ten'])).toEqual({
        error: '--sizes must be "shared" or integers >= 100, separated by commas, got "shared,ten"',
      });
      expect(parseHarvestBenchArgs(['--page-size', '5000'])).toEqual({ error: '--page-size must be an integer from 1 to 1000, got "5000"' });
      expect(parseHarvestBenchArgs(['--change-percent', '0'])).toEqual({
        error: '--change-percent must be a number above 0 and at most 100, got "0"',
      });
      expect(parseHarvestBenchArgs(['--bogus'])).toMatchObject({ error: expect.stringMatching(/bogus/) });
    });
  });

  describe('changing resources upstream', () => {
    let server: TestFhirServer;
    const locations = Array.from({ length: 200 }, (_, i) => ({ resourceType: 'Location', id: `l${i}`, name: `Site ${i}` }));
    const refs = locations.map(({ id }) => ({ type: 'Location', id }));

    beforeEach(async () => {
      server = await startTestFhirServer({ resources: locations });
    });

    afterEach(() => server.close());

    const read = async (id: string) => (await server.repository.readResource('Location', id)) as Location;

    it('edits the share asked for, the same ones for the same seed, with a new content hash and version', async () => {
      const change = await changeUpstream(server, refs, 5, 7);

      expect(change.changed).toHaveLength(10);
      expect(new Set(change.changed.map((ref) => ref.id)).size).toBe(10);
      expect(change.byType).toEqual({ Location: 10 });
      for (const { id } of change.changed) {
        const edited = await read(id);
        const original = locations.find((location) => location.id === id)!;
        expect(edited.extension).toEqual([{ url: EDIT_EXTENSION_URL, valueString: 'seed 7' }]);
        expect(edited.meta?.versionId).toBeDefined();
        expect(contentHash(edited as never)).not.toBe(contentHash(original as never));
      }
      const again = await changeUpstream(server, refs, 5, 7);
      expect(again.changed).toEqual(change.changed);
      const untouched = refs.find((ref) => !change.changed.some((changed) => changed.id === ref.id))!;
      expect((await read(untouched.id)).extension).toBeUndefined();
      expect((await read(change.changed[0].id)).extension).toHaveLength(2);
    });
  });
});
