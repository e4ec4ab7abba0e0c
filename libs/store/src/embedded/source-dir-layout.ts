import { join } from 'node:path';
import type { PlanNetType } from '@pds/fhir';
import { isPassId } from '../pass-id';

export const GENERATION_FILE = 'generation';
export const ALIASES_FILE = 'aliases.ndjson';
/** Refs a write changed that may not be in the journal yet; see `FileSourceWriter.publish`. */
export const JOURNAL_DUE_FILE = 'journal-due.ndjson';

const DELTA_FILE = /^delta-(\d+)\.ndjson$/;

export function typeFile(type: PlanNetType): string {
  return `${type}.ndjson`;
}

/** The file of the incremental write that made `generation`. */
export function deltaFile(generation: number): string {
  return `delta-${generation}.ndjson`;
}

/** The generation a delta file made, or null for any other name. */
export function parseDeltaFile(name: string): number | null {
  const match = DELTA_FILE.exec(name);
  return match ? Number(match[1]) : null;
}

/** What a name under the root directory is; `passId` names a staging directory's pass. */
export type RootEntry =
  | { kind: 'source' | 'aside' | 'lock'; encoded: string }
  | { kind: 'staging'; encoded: string; passId: string };

/**
 * Names under the root. An encoded source never contains '.', so a name with a '.' is always a
 * staging dir, an aside dir, a lock or a journal, never a committed source, whatever the source key is.
 */
export class SourceDirLayout {
  constructor(readonly root: string) {}

  static encode(source: string): string {
    if (source === '') throw new Error('A source key must not be empty');
    return encodeURIComponent(source).replace(/\./g, '%2E');
  }

  static decode(encoded: string): string {
    return decodeURIComponent(encoded);
  }

  static parse(name: string): RootEntry | null {
    const dot = name.indexOf('.');
    if (dot < 0) return { kind: 'source', encoded: name };
    const encoded = name.slice(0, dot);
    const suffix = name.slice(dot + 1);
    if (suffix === 'lock') return { kind: 'lock', encoded };
    if (suffix.startsWith('old-')) return { kind: 'aside', encoded };
    const passId = suffix.startsWith('pass-') ? suffix.slice('pass-'.length) : '';
    return isPassId(passId) ? { kind: 'staging', encoded, passId } : null;
  }

  main(encoded: string): string {
    return join(this.root, encoded);
  }

  /** Named by the pass id alone, so another process can resume the pass after a crash. */
  staging(encoded: string, passId: string): string {
    return join(this.root, `${encoded}.pass-${passId}`);
  }

  aside(encoded: string, token: string): string {
    return join(this.root, `${encoded}.old-${token}`);
  }

  lock(encoded: string): string {
    return join(this.root, `${encoded}.lock`);
  }

  /** Outside the source dir, so it survives the swaps that replace that dir. */
  journal(encoded: string): string {
    return join(this.root, `${encoded}.journal`);
  }
}
