import { MemoryDocumentStore } from '@grid/platform';
import { documentStoreContract } from '@grid/platform/testing';

documentStoreContract('memory', async () => {
  const docs = new MemoryDocumentStore();
  return { docs, cleanup: () => docs.close() };
});
