import { createHash } from 'node:crypto';
import { InvalidSourceError, normalizeSourceUrl } from '../source-url';
import type { SourceSettings, SourceSettingsInput } from './source-settings';
import { InvalidSourceSettingsError, parseSourceSettings } from './source-settings-validation';
import type { SourceRegistry } from './source-registry';

const MAX_ID = 63;

/** Settings for a bare URL (SOURCES, the CLI): id from host and path, name the host, defaults for the rest. */
export function settingsFromUrl(url: string): SourceSettingsInput {
  const baseUrl = normalizeSourceUrl(url);
  const { host, pathname } = new URL(baseUrl);
  return { id: adHocSourceId(baseUrl), name: host || decodeURIComponent(pathname), baseUrl };
}

/**
 * The id `settingsFromUrl` gives a source already keyed (normalized), without looking at the
 * disk: a rebuild names a stored source whose directory may be gone. A local NDJSON directory
 * (file://) has no host: its path names it. A key that is no URL (test stores) is slugged whole.
 */
export function adHocSourceId(key: string): string {
  if (!URL.canParse(key)) return slugId(key);
  const { host, pathname } = new URL(key);
  return slugId(`${host}${pathname}`);
}

function slugId(text: string): string {
  const slug = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length <= MAX_ID) return slug;
  // Cut long slugs, with a hash of the whole so two long URLs sharing a prefix stay apart.
  const hash = createHash('sha1').update(text).digest('hex').slice(0, 8);
  return `${slug.slice(0, MAX_ID - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

export interface SeededSources {
  /** Ids written or confirmed, file sources first. */
  ids: string[];
  /** SOURCES entries that are no registry source (a local NDJSON directory), with why; the Harvest job still takes them. */
  skipped: string[];
}

export interface SourceSeeds {
  /** From SOURCES_FILE, already validated: authoritative for their ids. */
  fileSources: SourceSettings[];
  /** From SOURCES: added when their id is unknown, never overwriting an admin's edits. */
  urls: string[];
}

/** Applies the configured sources at start; sources added by admins stay. */
export async function seedSources(registry: SourceRegistry, { fileSources, urls }: SourceSeeds): Promise<SeededSources> {
  const ids: string[] = [];
  const skipped: string[] = [];
  for (const source of fileSources) ids.push((await registry.replace(source)).id);
  for (const url of urls) {
    try {
      const settings = parseSourceSettings(settingsFromUrl(url));
      if (!(await registry.get(settings.id))) await registry.replace(settings);
      ids.push(settings.id);
    } catch (error) {
      if (!(error instanceof InvalidSourceSettingsError || error instanceof InvalidSourceError)) throw error;
      skipped.push(`${url}: ${error.message}`);
    }
  }
  return { ids: [...new Set(ids)], skipped };
}
