import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PLAN_NET_TYPES, type FhirResource } from '@pds/fhir';
import { allDocuments, indexingFixture } from '@pds/harvest/testing';
import { adHocSourceId } from '../sources/source-seeder';

/** The shared Plan-Net reference directory, beside the repository root (as CI lays it out too). */
const DATA = path.resolve(__dirname, '../../../../../shared/data/plan-net-ri');
const SOURCE = 'plan-net-ri';

function load(type: string): FhirResource[] {
  return readFileSync(path.join(DATA, `${type}.ndjson`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as FhirResource);
}

/** A change each type's documents can show (or, for types no document reads, a change all the same). */
function modified(resource: FhirResource): FhirResource {
  switch (resource.resourceType) {
    case 'Location':
      return { ...resource, address: { line: ['1 Changed Rd'], city: 'Hartford', state: 'CT', postalCode: '06106' } };
    case 'Practitioner':
      return { ...resource, name: [{ text: `Changed ${resource.id}` }] };
    case 'PractitionerRole':
      return { ...resource, telecom: [{ system: 'phone', value: '860-555-0100' }] };
    default:
      return { ...resource, name: `Changed ${resource.id}` };
  }
}

describe('IndexUpdater on the Plan-Net reference directory', () => {
  it('catches up with 1% of the resources changed to exactly what a full rebuild gives, rebuilding a small share', async () => {
    const fixture = await indexingFixture();
    try {
      const resources = PLAN_NET_TYPES.flatMap(load);
      await fixture.store.upsert(SOURCE, resources);
      const full = await fixture.updater.rebuildAll();
      // 2,004 provider-locations, and 658 facility and pharmacy locations (affiliations and one lone service).
      expect(full.documents).toBe(2662);

      // Every hundredth resource across all types: 53 of 5,274, Locations, Networks and plans among them.
      const changed = resources.filter((_, index) => index % 100 === 0).map(modified);
      expect(changed.length).toBe(Math.ceil(resources.length / 100));
      await fixture.store.upsert(SOURCE, changed);
      const before = await allDocuments(fixture.index);
      const stats = await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));

      expect(stats.refsRead).toBe(changed.length);
      const after = await allDocuments(fixture.index);
      expect(after).toEqual(await fixture.freshDocuments());
      expect(stats.rolesRebuilt).toBeGreaterThan(0);
      expect(stats.rolesRebuilt).toBeLessThan(full.roles * 0.25);
      // What was written is exactly what differs from before.
      const previous = new Map(before.map((document) => [document.id, JSON.stringify(document)]));
      const differing = after.filter((document) => previous.get(document.id) !== JSON.stringify(document));
      expect(stats.documentsUpserted).toBe(differing.length);
    } finally {
      await fixture.cleanup();
    }
  }, 60_000);
});
