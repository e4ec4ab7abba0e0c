import type { ChangeCounts } from './resource-store.port';

/** Counts and the refs to journal: every added, updated and deleted one. */
export interface PassDiff {
  counts: ChangeCounts;
  refs: string[];
}

/**
 * What replacing `live` with `staged` changes, by content hash (both keyed by `Type/id`). A live
 * hash of null (stored before hashes were kept) never equals a staged one, so it counts as updated.
 */
export function diffPass(staged: ReadonlyMap<string, string>, live: ReadonlyMap<string, string | null>): PassDiff {
  const counts: ChangeCounts = { added: 0, updated: 0, unchanged: 0, deleted: 0 };
  const refs: string[] = [];
  for (const [ref, hash] of staged) {
    if (!live.has(ref)) counts.added++;
    else if (live.get(ref) !== hash) counts.updated++;
    else {
      counts.unchanged++;
      continue;
    }
    refs.push(ref);
  }
  for (const ref of live.keys()) {
    if (staged.has(ref)) continue;
    counts.deleted++;
    refs.push(ref);
  }
  return { counts, refs };
}
