import { join } from 'node:path';
import type { PlanNetType } from '@pds/fhir';

export const GENERATION_FILE = 'generation';
export const ALIASES_FILE = 'aliases.ndjson';

export function typeFile(type: PlanNetType): string {
  return `${type}.ndjson`;
}

/** What a name under the root directory is; `pid` is the process that writes a staging directory. */
export type RootEntry =
  | { kind: 'source' | 'aside' | 'lock'; encoded: string }
  | { kind: 'staging'; encoded: string; pid: number };

/**
 * Names under the root. An encoded source never contains '.', so a name with a '.' is always a
 * staging dir, an aside dir or a lock, never a committed source, whatever the source key is.
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
    const staging = /^pass-(\d+)-[0-9a-f]+$/.exec(suffix);
    return staging ? { kind: 'staging', encoded, pid: Number(staging[1]) } : null;
  }

  main(encoded: string): string {
    return join(this.root, encoded);
  }

  /** The pid in the name lets recovery tell a crashed pass's leftovers from a live pass in another process. */
  staging(encoded: string, token: string): string {
    return join(this.root, `${encoded}.pass-${process.pid}-${token}`);
  }

  aside(encoded: string, token: string): string {
    return join(this.root, `${encoded}.old-${token}`);
  }

  lock(encoded: string): string {
    return join(this.root, `${encoded}.lock`);
  }
}
