import type { Resource } from '@medplum/fhirtypes';
import { SeededRandom } from '@pds/generator';
import type { TestFhirServer } from '@pds/testing';

export interface ResourceRef {
  type: string;
  id: string;
}

export interface UpstreamChange {
  changed: ResourceRef[];
  byType: Record<string, number>;
}

/** Marks the edit; any valid content change would do (a new narrative would not: the content hash ignores `text`). */
export const EDIT_EXTENSION_URL = 'http://example.org/fhir/StructureDefinition/bench-edit';

/**
 * Edits `percent`% of the served resources, drawn with the seed across every type, through the
 * server's own repository: each gets one more extension, so its content hash changes and the
 * server stamps a new versionId and lastUpdated, as a payer's edit would.
 */
export async function changeUpstream(server: TestFhirServer, refs: readonly ResourceRef[], percent: number, seed: number): Promise<UpstreamChange> {
  const changed = new SeededRandom(seed).sample(refs, Math.max(1, Math.round((refs.length * percent) / 100)));
  const byType: Record<string, number> = {};
  for (const { type, id } of changed) {
    const current = await server.repository.readResource(type as Resource['resourceType'], id);
    const extension = [...(('extension' in current && current.extension) || []), { url: EDIT_EXTENSION_URL, valueString: `seed ${seed}` }];
    await server.repository.updateResource({ ...current, extension } as Resource);
    byType[type] = (byType[type] ?? 0) + 1;
  }
  return { changed, byType };
}
