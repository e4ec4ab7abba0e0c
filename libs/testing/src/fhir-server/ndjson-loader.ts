import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { FhirResource } from '@pds/fhir';

/**
 * Absolute path of the shared Plan-Net reference data (one NDJSON file per resource type).
 * It lives beside the repository, at `<repo>/../shared/data`, in development and in CI alike;
 * SHARED_DATA_DIR (the `shared/data` folder) overrides that.
 */
export function planNetDataDir(): string {
  const sharedData = process.env.SHARED_DATA_DIR ?? path.resolve(findRepoRoot(__dirname), '../shared/data');
  return path.join(sharedData, 'plan-net-ri');
}

/** The nearest folder holding a package.json: the repo root from src/ and from a dist/ build alike. */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}

/** Reads every `*.ndjson` file of a directory, grouping resources by their own `resourceType`. */
export async function readNdjsonDirectory(dir: string): Promise<Record<string, FhirResource[]>> {
  const byType: Record<string, FhirResource[]> = {};
  const files = (await readdir(dir)).filter((name) => name.endsWith('.ndjson')).sort();
  for (const file of files) {
    const lines = (await readFile(path.join(dir, file), 'utf8')).split('\n');
    lines.forEach((line, index) => {
      if (!line.trim()) return;
      let resource: FhirResource;
      try {
        resource = JSON.parse(line) as FhirResource;
      } catch (error) {
        throw new Error(`${file}:${index + 1}: not JSON (${(error as Error).message})`);
      }
      (byType[resource.resourceType] ??= []).push(resource);
    });
  }
  return byType;
}
