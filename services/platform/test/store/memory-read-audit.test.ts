import { MemoryEventStore } from '@grid/platform';
import { logAuditContract } from '@grid/platform/testing';

// The audit over what a store reads, on the in-memory store (nothing outside the process can tamper with it).
logAuditContract('MemoryEventStore', async () => {
  const store = new MemoryEventStore();
  return { store, cleanup: () => store.close() };
});
