// The application layer without HTTP: memory adapters, the real vault, projections running in-process.
import type { Actor } from '@grid/contracts';
import { createPersonalDataVault, MemoryDocumentStore, MemoryEventStore, type Clock, type CommandContext } from '@grid/platform';
import { composeServices, type GridRecordsServices } from '../../src/composition';
import { startReadModels, type ReadModels } from '../../src/projections/read-models';

export const worker: Actor = { id: 'worker-li', role: 'grid-worker' };
export const official: Actor = { id: 'district-chen', role: 'district-official' };
export const ctx = (actor: Actor = worker, extra: Partial<CommandContext> = {}): CommandContext => ({ actor, ...extra });

export const fixedClock: Clock = { today: () => '2026-03-01', now: () => '2026-03-01T02:00:00.000Z' };

export interface App extends GridRecordsServices {
  store: MemoryEventStore;
  documents: MemoryDocumentStore;
  readModels: ReadModels;
  /** Region ids of d1 ⊃ s1 ⊃ c1 ⊃ {g1, g2}. */
  tree: GridRecordsServices['tree'];
  ids: Record<string, string>;
  close(): Promise<void>;
}

export async function startApp(clock: Clock = fixedClock): Promise<App> {
  const store = new MemoryEventStore();
  const documents = new MemoryDocumentStore();
  const vault = createPersonalDataVault({ documents, masterKey: Buffer.alloc(32, 7) });
  const readModels = await startReadModels({ store, documents });
  const services = composeServices({ store, documents, vault, readModels, clock });
  const ids: Record<string, string> = {};
  const tree: [string, 'district' | 'street' | 'community' | 'grid', string | null][] = [
    ['d1', 'district', null],
    ['s1', 'street', 'd1'],
    ['c1', 'community', 's1'],
    ['g1', 'grid', 'c1'],
    ['g2', 'grid', 'c1'],
  ];
  for (const [name, level, parent] of tree) {
    ids[name] = (
      await services.regions.create({ parentId: parent ? ids[parent]! : null, level, name, on: '2020-01-01' }, ctx(official))
    ).id;
  }
  return { ...services, store, documents, readModels, ids, close: () => readModels.close() };
}
