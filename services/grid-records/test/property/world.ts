// The world a sequence runs in (command-sequences.property.test.ts): the service on memory adapters, and the
// reads the runner and the invariants share.
import { MemoryDocumentStore, MemoryEventStore, createPersonalDataVault, type DocumentStore } from '@grid/platform';
import { startReactions, withReactions, type RunningReactions } from '@grid/platform/service';
import { statusRules, type RefusedReaction } from '../../src/application/assistance/status-reactions';
import { composeServices, type GridRecordsServices } from '../../src/composition';
import type { HouseholdView } from '../../src/projections/households/household-view';
import { gridRecordsProjections, startReadModels } from '../../src/projections/read-models';
import { ctx, fixedClock, official } from '../application/fixture';

// ---------------------------------------------------------------------------------------------------------------
// The service on memory adapters, with the status reactions running (a death or a move ends statuses).
// ---------------------------------------------------------------------------------------------------------------
export interface World extends GridRecordsServices {
  store: MemoryEventStore;
  documents: MemoryDocumentStore;
  grids: [string, string];
  refusedReactions: RefusedReaction[];
  stop(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const store = new MemoryEventStore();
  const documents = new MemoryDocumentStore();
  const vault = createPersonalDataVault({ documents, masterKey: Buffer.alloc(32, 7) });
  const readModels = await startReadModels({ store, documents });
  const refusedReactions: RefusedReaction[] = [];
  // Writes wait for the reactions they cause, and the reactions start once the services are composed.
  const late: { reactions?: RunningReactions } = {};
  const sync = { reached: (position: number) => withReactions(readModels, late.reactions!).reached(position) };
  const services = composeServices({ store, documents, vault, readModels: sync, clock: fixedClock });
  const started = await startReactions([statusRules((r) => refusedReactions.push(r))], { store, documents, services, readModels });
  late.reactions = started;
  const ids: Record<string, string> = {};
  const tree: [string, 'district' | 'street' | 'community' | 'grid', string | null][] = [
    ['d1', 'district', null],
    ['s1', 'street', 'd1'],
    ['c1', 'community', 's1'],
    ['g1', 'grid', 'c1'],
    ['g2', 'grid', 'c1'],
  ];
  for (const [name, level, parent] of tree)
    ids[name] = (
      await services.regions.create({ parentId: parent ? ids[parent]! : null, level, name, on: '2020-01-01' }, ctx(official))
    ).id;
  let stopped = false;
  return {
    ...services,
    store,
    documents,
    grids: [ids.g1!, ids.g2!],
    refusedReactions,
    async stop() {
      if (stopped) return;
      stopped = true;
      await readModels.caughtUp();
      await started.caughtUp();
      await readModels.caughtUp();
      await started.close();
      await readModels.close();
    },
  };
}

export async function eventCount(store: MemoryEventStore): Promise<number> {
  let n = 0;
  for await (const _ of store.readAll({ batchSize: 1000 })) n += 1;
  return n;
}

export const householdDoc = async (w: World, id: string) => (await w.documents.collection('households').get(id)) as HouseholdView | null;
export const living = (v: HouseholdView) => v.members.filter((m) => m.leftOn === null && m.diedOn === null);

/** Every document of every read model, bookkeeping (`_seen`) included except the store's own version counter. */
export async function snapshot(documents: DocumentStore): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const { projection } of gridRecordsProjections(documents))
    for (const c of projection.collections)
      out[c] = (await documents.collection(c).find())
        .map(({ _version, ...doc }) => doc as Record<string, unknown>)
        .sort((a, b) => String(a._id).localeCompare(String(b._id)));
  return out;
}
