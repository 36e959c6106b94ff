import { MemoryEventStore } from '@grid/platform';
import { eventStoreContract } from '@grid/platform/testing';

eventStoreContract('MemoryEventStore', async () => {
  const store = new MemoryEventStore();
  return { store, cleanup: () => store.close() };
});
