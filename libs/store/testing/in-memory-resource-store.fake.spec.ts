import { describeResourceStoreChangesContract } from '../src/resource-store-changes.contract';
import { describeResourceStoreContract, type OpenedStore } from '../src/resource-store.contract';
import { InMemoryResourceStore } from './in-memory-resource-store.fake';

// The stand-in the directory and indexing specs read from must behave as the real stores do.
// Its data lives in the one object, so "reopening" it, as a restarted process would, is that object.
async function openInMemoryStore(): Promise<OpenedStore> {
  const store = new InMemoryResourceStore();
  return { store, reopen: async () => store, cleanup: () => store.close() };
}

describeResourceStoreContract('InMemoryResourceStore', openInMemoryStore);
describeResourceStoreChangesContract('InMemoryResourceStore', openInMemoryStore);
