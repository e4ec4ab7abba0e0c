import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Thrown for a source that is neither an http(s) FHIR base URL nor a local NDJSON directory. */
export class InvalidSourceError extends Error {
  constructor(source: string, reason: string) {
    super(
      `Invalid source "${source}": ${reason}. Expected a FHIR base URL such as https://payer.example/fhir, ` +
        'or an existing directory of <Type>.ndjson files (a path or a file:// URL)',
    );
    this.name = 'InvalidSourceError';
  }
}

/**
 * The canonical key of a source: a base URL without query, fragment or trailing slash; for a
 * local directory (a path or a file:// URL) `file://` + its absolute path.
 */
export function normalizeSourceUrl(source: string): string {
  if (isDirectory(source)) return directoryKey(source);
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new InvalidSourceError(source, 'not a URL, nor an existing directory');
  }
  if (url.protocol === 'file:') {
    const path = fileURLToPath(url);
    if (!isDirectory(path)) throw new InvalidSourceError(source, `no directory at ${path}`);
    return directoryKey(path);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidSourceError(source, `protocol ${url.protocol} is not http, https or file`);
  }
  return normalizeHttpSourceUrl(source);
}

/**
 * The canonical key of an http(s) source; anything else is refused without looking at the disk,
 * so a caller over HTTP learns nothing of which directories exist on the host.
 */
export function normalizeHttpSourceUrl(source: string): string {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new InvalidSourceError(source, 'not an http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidSourceError(source, `protocol ${url.protocol} is not http or https`);
  }
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function directoryKey(path: string): string {
  return pathToFileURL(resolve(path)).href;
}
