import type { FhirResource } from '@pds/fhir';
import type { ProviderDocument } from '@pds/search';
import {
  healthcareService,
  insurancePlan,
  location,
  network,
  networkExtension,
  organization,
  practitioner,
  practitionerRole,
  ref,
} from '@pds/directory/testing';
import { allDocuments, indexingFixture } from '@pds/harvest/testing';
import { adHocSourceId } from '../sources/source-seeder';

const SOURCE = 'https://payer.example/fhir';

/** Two payers, two networks, one plan, three sites, four roles (r2 at two sites). */
function world(): FhirResource[] {
  return [
    organization('payer-1', { name: 'Acme' }),
    organization('payer-2', { name: 'Green Circle' }),
    network('net-a', 'payer-1', { name: 'Acme PPO' }),
    network('net-b', 'payer-2', { name: 'Green HMO' }),
    organization('clinic', { name: 'Clinic' }),
    insurancePlan('plan-a', { network: [ref('Organization/net-a')], ownedBy: ref('Organization/payer-1') }),
    location('loc-1'),
    location('loc-2', { address: { line: ['1 Main St'], city: 'Springfield', state: 'MA' }, position: { latitude: 42.1, longitude: -72.58 } }),
    location('loc-3', { address: { line: ['2 Elm St'], city: 'Providence', state: 'RI' }, position: { latitude: 41.82, longitude: -71.41 } }),
    ...['p-1', 'p-2', 'p-3', 'p-4'].map((id) => practitioner(id, { name: [{ family: id }] })),
    practitionerRole('r1', { practitioner: ref('Practitioner/p-1'), location: [ref('Location/loc-1')], extension: [networkExtension('Organization/net-a')] }),
    practitionerRole('r2', {
      practitioner: ref('Practitioner/p-2'),
      location: [ref('Location/loc-1'), ref('Location/loc-2')],
      extension: [networkExtension('Organization/net-a')],
    }),
    practitionerRole('r3', { practitioner: ref('Practitioner/p-3'), location: [ref('Location/loc-2')], extension: [networkExtension('Organization/net-b')] }),
    practitionerRole('r4', { practitioner: ref('Practitioner/p-4'), location: [ref('Location/loc-3')], extension: [networkExtension('Organization/net-b')] }),
  ];
}

const idsOf = (documents: ProviderDocument[]) => documents.map((document) => document.id).sort();

describe('IndexUpdater', () => {
  let fixture: Awaited<ReturnType<typeof indexingFixture>>;
  let upserted: string[];
  let removed: string[];

  beforeEach(async () => {
    fixture = await indexingFixture();
    await fixture.store.upsert(SOURCE, world());
    await fixture.updater.rebuildAll();
    upserted = [];
    removed = [];
    const { index } = fixture;
    const upsert = index.upsert.bind(index);
    const remove = index.remove.bind(index);
    jest.spyOn(index, 'upsert').mockImplementation(async (documents) => {
      upserted.push(...documents.map((document) => document.id));
      return upsert(documents);
    });
    jest.spyOn(index, 'remove').mockImplementation(async (ids) => {
      removed.push(...ids);
      return remove(ids);
    });
  });

  afterEach(() => fixture.cleanup());

  const change = (resource: FhirResource) => fixture.store.upsert(SOURCE, [resource]);
  const resource = (type: string, id: string) => world().find((item) => item.resourceType === type && item.id === id)!;
  const documents = () => allDocuments(fixture.index);
  async function expectEqualToFreshRebuild(): Promise<ProviderDocument[]> {
    const current = await documents();
    expect(current).toEqual(await fixture.freshDocuments());
    return current;
  }

  it('starts from the full rebuild with nothing to catch up', async () => {
    expect(await documents()).toHaveLength(5);
    const stats = await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
    expect(stats).toMatchObject({ refsRead: 0, rolesRebuilt: 0, documentsUpserted: 0, documentsRemoved: 0, whole: false });
  });

  it("rebuilds exactly the documents at a Location whose address changed", async () => {
    const atLocation = (await documents()).filter((document) => document.location.id === 'loc-1');
    await change({ ...resource('Location', 'loc-1'), address: { line: ['9 New Rd'], city: 'Hartford', state: 'CT' } });
    const stats = await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
    // r2 is rebuilt whole, but its loc-2 document came out equal and is not re-indexed.
    expect(stats).toMatchObject({ refsRead: 1, rolesRebuilt: 2, documentsUpserted: 2, documentsRemoved: 0 });
    expect(upserted.sort()).toEqual(idsOf(atLocation));
    const current = await expectEqualToFreshRebuild();
    expect(current.filter((document) => document.location.address?.text === '9 New Rd, Hartford, CT')).toHaveLength(2);
  });

  it("updates every document of a Network's roles when its name changes", async () => {
    await change({ ...resource('Organization', 'net-a'), name: 'Acme Preferred' });
    const stats = await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
    expect(stats.rolesRebuilt).toBe(2);
    const current = await expectEqualToFreshRebuild();
    const inNetA = current.filter((document) => document.networks.some((item) => item.fhirId === 'net-a'));
    expect(idsOf(inNetA)).toEqual(upserted.sort());
    expect(inNetA.every((document) => document.networks[0].name === 'Acme Preferred')).toBe(true);
  });

  it("gives a network's documents a new plan that lists it", async () => {
    await change(insurancePlan('plan-b', { network: [ref('Organization/net-b')], ownedBy: ref('Organization/payer-2') }));
    const stats = await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
    expect(stats.rolesRebuilt).toBe(2);
    const current = await expectEqualToFreshRebuild();
    const withPlan = current.filter((document) => document.plans.some((plan) => plan.fhirId === 'plan-b'));
    expect(withPlan.map((document) => document.practitionerRoleId).sort()).toEqual(['r3', 'r4']);
  });

  it('moves a plan from the documents of the network it left to those of the network it joined', async () => {
    await change({ ...resource('InsurancePlan', 'plan-a'), network: [ref('Organization/net-b')] });
    const stats = await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
    expect(stats.rolesRebuilt).toBe(4);
    const current = await expectEqualToFreshRebuild();
    expect(current.filter((d) => d.plans.length > 0).map((d) => d.practitionerRoleId).sort()).toEqual(['r3', 'r4']);
  });

  it("updates the payers of a plan's documents when the payer Organization is renamed", async () => {
    await change({ ...resource('Organization', 'payer-1'), name: 'Acme Health' });
    await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
    const current = await expectEqualToFreshRebuild();
    expect(current.filter((d) => d.payers.some((payer) => payer.name === 'Acme Health'))).toHaveLength(3);
  });

  it("removes a deleted role's documents", async () => {
    const [r4] = (await documents()).filter((document) => document.practitionerRoleId === 'r4');
    await fixture.store.remove(SOURCE, ['PractitionerRole/r4']);
    const stats = await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
    expect(stats).toMatchObject({ rolesRebuilt: 1, documentsUpserted: 0, documentsRemoved: 1 });
    expect(removed).toEqual([r4.id]);
    await expectEqualToFreshRebuild();
  });

  it('removes the document of a site a role left, and indexes a new role', async () => {
    await change({ ...resource('PractitionerRole', 'r2'), location: [ref('Location/loc-2')] });
    await change(practitionerRole('r5', { practitioner: ref('Practitioner/p-1'), location: [ref('Location/loc-3')] }));
    const stats = await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
    // r2's remaining loc-2 document is unchanged: only r5's is written.
    expect(stats).toMatchObject({ refsRead: 2, rolesRebuilt: 2, documentsUpserted: 1, documentsRemoved: 1 });
    await expectEqualToFreshRebuild();
  });

  it('builds the documents of a role once the Location it names arrives', async () => {
    await change(practitionerRole('r6', { practitioner: ref('Practitioner/p-1'), location: [ref('Location/later')] }));
    expect((await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE))).documentsUpserted).toBe(0);
    await change(location('later'));
    const stats = await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
    expect(stats).toMatchObject({ rolesRebuilt: 1, documentsUpserted: 1 });
    await expectEqualToFreshRebuild();
  });

  it('rebuilds nothing when only meta.lastUpdated changed', async () => {
    await change({ ...resource('Location', 'loc-1'), meta: { lastUpdated: '2031-01-01T00:00:00Z', versionId: '7' } });
    const stats = await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
    expect(stats).toMatchObject({ refsRead: 0, rolesRebuilt: 0, documentsUpserted: 0 });
    expect(upserted).toEqual([]);
  });

  it('flags, then unflags, every Location on a point that becomes a placeholder', async () => {
    const point = { latitude: 41.5, longitude: -72.9 };
    const crowd = Array.from({ length: 9 }, (_, n) => [
      location(`crowd-${n}`, { address: { line: [`${n} Crowd Ln`], city: 'Meriden', state: 'CT' }, position: point }),
      practitionerRole(`crowd-role-${n}`, { location: [ref(`Location/crowd-${n}`)] }),
    ]).flat();
    await fixture.store.upsert(SOURCE, crowd);
    await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
    expect((await documents()).filter((d) => d.location.positionIssue === 'placeholder')).toEqual([]);

    // The tenth distinct address on the point makes it a placeholder for all ten.
    await change({ ...resource('Location', 'loc-3'), position: point });
    const flagged = await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
    expect(flagged.rolesRebuilt).toBe(10);
    const current = await expectEqualToFreshRebuild();
    expect(current.filter((d) => d.location.positionIssue === 'placeholder')).toHaveLength(10);

    await change(resource('Location', 'loc-3'));
    expect((await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE))).rolesRebuilt).toBe(10);
    expect((await expectEqualToFreshRebuild()).filter((d) => d.location.positionIssue === 'placeholder')).toEqual([]);
  });

  it('continues after a restart from the persisted ledger and cursor', async () => {
    await change({ ...resource('Organization', 'net-b'), name: 'Green Choice' });
    const restarted = fixture.reopen();
    expect((await restarted.catchUp(SOURCE, adHocSourceId(SOURCE))).rolesRebuilt).toBe(2);
    await expectEqualToFreshRebuild();
  });

  it('takes a replayed round (a crash before the cursor moved) as harmless', async () => {
    await change({ ...resource('Location', 'loc-2'), name: 'Renamed' });
    const once = await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
    const state = (fixture.updater as unknown as { state: { setCursor(s: string, n: number): Promise<void> } }).state;
    await state.setCursor(SOURCE, 0);
    const replayed = await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
    expect(replayed.documentsRemoved).toBe(0);
    expect(replayed.rolesRebuilt).toBeGreaterThanOrEqual(once.rolesRebuilt);
    await expectEqualToFreshRebuild();
  });

  it('indexes a source it has no cursor for whole, in place', async () => {
    await fixture.store.upsert('https://other.example/fhir', world());
    const stats = await fixture.updater.catchUp('https://other.example/fhir', adHocSourceId('https://other.example/fhir'));
    expect(stats).toMatchObject({ whole: true, rolesRebuilt: 4, documentsUpserted: 5 });
    expect(await documents()).toHaveLength(10);
    await expectEqualToFreshRebuild();
    expect((await fixture.updater.catchUp('https://other.example/fhir', adHocSourceId('https://other.example/fhir'))).rolesRebuilt).toBe(0);
  });

  it('agrees with a full rebuild after a round of many changes', async () => {
    await change({ ...resource('Organization', 'net-a'), name: 'A2' });
    await change({ ...resource('Practitioner', 'p-3'), gender: 'male' });
    await fixture.store.remove(SOURCE, ['Location/loc-3']);
    await change(insurancePlan('plan-c', { plan: [{ network: [ref('Organization/net-b')] }], administeredBy: ref('Organization/tpa') }));
    await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
    await expectEqualToFreshRebuild();
    const rebuilt = await fixture.updater.rebuildAll();
    expect(rebuilt).toMatchObject({ sources: 1, roles: 4, documents: 4 });
    expect((await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE))).refsRead).toBe(0);
  });

  describe('records of its updates', () => {
    it('records the rebuild and a catch-up as succeeded, with what they did', async () => {
      expect(await fixture.updates.lastReindex()).toMatchObject({
        kind: 'reindex',
        status: 'succeeded',
        reason: null,
        stats: { sources: 1, roles: 4, documents: 5 },
      });
      await change({ ...resource('Organization', 'net-a'), name: 'Acme Preferred' });
      const stats = await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
      const [catchUp] = await fixture.updates.catchUps();
      expect(catchUp).toMatchObject({ kind: 'catch_up', source: SOURCE, sourceId: adHocSourceId(SOURCE), status: 'succeeded', reason: null, stats });
      expect(catchUp.finishedAt).not.toBeNull();
    });

    it('records a rebuild running while it runs, then failed with the error message, and keeps the index', async () => {
      const before = await documents();
      let whileRunning: unknown;
      jest.spyOn(fixture.index, 'beginRebuild').mockImplementationOnce(async () => {
        whileRunning = await fixture.updates.lastReindex();
        throw new Error('Cannot write the search index snapshot (ENOSPC).');
      });
      await expect(fixture.updater.rebuildAll()).rejects.toThrow('ENOSPC');
      expect(whileRunning).toMatchObject({ kind: 'reindex', status: 'running', finishedAt: null, reason: null, stats: null });
      const failed = await fixture.updates.lastReindex();
      expect(failed).toMatchObject({ status: 'failed', reason: 'Cannot write the search index snapshot (ENOSPC).', stats: null });
      expect(failed?.finishedAt).not.toBeNull();
      expect(await documents()).toEqual(before);

      await fixture.updater.rebuildAll();
      expect(await fixture.updates.lastReindex()).toMatchObject({ status: 'succeeded', reason: null, stats: { documents: 5 } });
    });

    it("records a failed catch-up per source, so another source's success does not hide it", async () => {
      const other = 'https://other.example/fhir';
      await fixture.store.upsert(other, world());
      await change({ ...resource('Location', 'loc-1'), name: 'Renamed' });
      jest.mocked(fixture.index.upsert).mockRejectedValueOnce(new Error('the engine refused the write'));
      await expect(fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE))).rejects.toThrow('refused');
      await fixture.updater.catchUp(other, adHocSourceId(other));

      const [newest, failed] = await fixture.updates.catchUps();
      expect(newest).toMatchObject({ source: other, status: 'succeeded', stats: { whole: true, documentsUpserted: 5 } });
      expect(failed).toMatchObject({ source: SOURCE, status: 'failed', reason: 'the engine refused the write', stats: null });

      // The cursor did not move: the next catch-up applies the same change, and its record replaces the failure.
      const retried = await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
      expect(retried.refsRead).toBe(1);
      expect((await fixture.updates.catchUps()).map((record) => [record.source, record.status])).toEqual([
        [SOURCE, 'succeeded'],
        [other, 'succeeded'],
      ]);
    });

    it('drops the catch-up record of a source a rebuild forgets (no longer stored)', async () => {
      const other = 'https://other.example/fhir';
      await fixture.store.upsert(other, world());
      await fixture.updater.catchUp(other, adHocSourceId(other));
      jest.spyOn(fixture.store, 'sources').mockResolvedValueOnce([SOURCE]);
      await fixture.updater.rebuildAll();
      expect((await fixture.updates.catchUps()).map((record) => record.source)).not.toContain(other);
    });
  });

  describe('facility owners', () => {
    const pharmacyService = healthcareService('rx-service', { category: [{ coding: [{ code: 'pharm' }] }], location: [ref('Location/loc-3')], providedBy: ref('Organization/clinic') });
    const affiliation: FhirResource = {
      resourceType: 'OrganizationAffiliation',
      id: 'aff-1',
      active: true,
      participatingOrganization: ref('Organization/clinic'),
      network: [ref('Organization/net-a')],
      code: [{ coding: [{ code: 'outpatient' }] }],
      location: [ref('Location/loc-2')],
    };
    const kinds = async () => (await documents()).filter((document) => document.kind !== 'practitioner').map((document) => `${document.kind} ${document.practitionerRoleId}@${document.location.id}`).sort();

    it('indexes a new affiliation and a lone service, and drops the service once a role offers it', async () => {
      await change(affiliation);
      await change(pharmacyService);
      await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
      expect(await kinds()).toEqual(['facility aff-1@loc-2', 'pharmacy rx-service@loc-3']);
      const facility = (await documents()).find((document) => document.practitionerRoleId === 'aff-1')!;
      expect(facility).toMatchObject({ name: 'Clinic', networks: [{ fhirId: 'net-a' }], plans: [{ fhirId: 'plan-a' }], payers: [{ fhirId: 'payer-1' }] });
      await expectEqualToFreshRebuild();

      await change({ ...resource('PractitionerRole', 'r4'), healthcareService: [ref('HealthcareService/rx-service')] });
      await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
      expect(await kinds()).toEqual(['facility aff-1@loc-2']);
      await expectEqualToFreshRebuild();

      await change(resource('PractitionerRole', 'r4'));
      await change({ ...affiliation, active: false });
      await fixture.updater.catchUp(SOURCE, adHocSourceId(SOURCE));
      expect(await kinds()).toEqual(['pharmacy rx-service@loc-3']);
      await expectEqualToFreshRebuild();
    });
  });
});
