import type { StateStore } from '@pds/store';

/** Per source: where the next incremental window starts, and when the last complete full pass ended. */
export interface SyncState {
  lastSuccessServerStart: string | null;
  lastCompleteFullAt: string | null;
}

const key = (sourceId: string) => `sync/${sourceId}`;

export async function readSyncState(state: StateStore, sourceId: string): Promise<SyncState> {
  return (await state.get<SyncState>(key(sourceId))) ?? { lastSuccessServerStart: null, lastCompleteFullAt: null };
}

export function writeSyncState(state: StateStore, sourceId: string, sync: SyncState): Promise<void> {
  return state.set(key(sourceId), sync);
}
