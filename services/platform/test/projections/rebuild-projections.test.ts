import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROBE, expectedGrids, history, type Grid, type HistoryEvent, type Probe } from './household-history';
import {
  liveOnly,
  loadProjectionCheckpoint,
  MemoryEventStore,
  rebuildProjections,
  SqliteDocumentStore,
  type DocumentStore,
  type Projection,
} from '@grid/platform';

// rebuildProjections: every projection rebuilt from one read of the store, writes batched.
const actor = { id: 'rebuild-test', role: 'system' } as const;

const gridTotals: Projection = {
  name: 'probe-grid-totals',
  collections: ['probe_grid_totals'],
  handles: [PROBE],
  async apply(event, ctx) {
    const { action, gridId, members } = event.data as Probe;
    const sign = action === 'joined' ? 1 : -1;
    await ctx.update<Grid>('probe_grid_totals', gridId, (g) => ({ households: (g?.households ?? 0) + sign, residents: (g?.residents ?? 0) + sign * members }));
  },
};

/** Each household's rank among the households seen so far, counted with a query of its own documents. */
const arrivals = (docs: DocumentStore): Projection => ({
  name: 'probe-arrivals',
  collections: ['probe_arrivals'],
  handles: [PROBE],
  queriesDocuments: [PROBE],
  async apply(event, ctx) {
    const known = (await docs.collection('probe_arrivals').find(liveOnly())).length;
    await ctx.update<{ rank: number }>('probe_arrivals', event.streamId, (h) => h ?? { rank: known });
  },
});

const expectedArrivals = (events: HistoryEvent[]) =>
  Object.fromEntries([...new Set(events.filter((e) => e.type === PROBE).map((e) => e.streamId))].map((id, rank) => [id, { rank }]));

const model = async (docs: DocumentStore, collection: string) =>
  Object.fromEntries((await docs.collection(collection).find(liveOnly())).map(({ _id, _version, _seen, ...rest }) => [_id, rest]));

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'grid-rebuild-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('one read of the store rebuilds every projection; one that queries its documents sees every event before its query', async () => {
  const store = new MemoryEventStore();
  const events = history(1200);
  for (const e of events) await store.append(e.streamId, [{ type: e.type, data: e.data, actor }], { expectedRevision: 'any' });
  const docs = new SqliteDocumentStore({ path: join(dir, 'docs.db') });
  await docs.collection('probe_grid_totals').put({ _id: 'grid-stale', households: 99, residents: 99 });
  const reads = jest.spyOn(store, 'readAll');

  const head = await rebuildProjections({ projections: [gridTotals, arrivals(docs)], docs, store });

  expect(reads).toHaveBeenCalledTimes(1);
  expect(head).toBe(await store.headPosition());
  expect(await model(docs, 'probe_grid_totals')).toEqual(expectedGrids(events)); // the stale document dropped
  expect(await model(docs, 'probe_arrivals')).toEqual(expectedArrivals(events));
  expect(await loadProjectionCheckpoint(docs, gridTotals.name)).toBe(head);
  expect(await loadProjectionCheckpoint(docs, 'probe-arrivals')).toBe(head);
  await docs.close();
});

test('the indexes of a projection that does not query its documents are built after the replay, and are there', async () => {
  const store = new MemoryEventStore();
  for (const e of history(50)) await store.append(e.streamId, [{ type: e.type, data: e.data, actor }], { expectedRevision: 'any' });
  const docs = new SqliteDocumentStore({ path: join(dir, 'docs.db') });
  const indexed: Projection = { ...gridTotals, indexes: [{ collection: 'probe_grid_totals', spec: { fields: ['households'] } }] };
  await rebuildProjections({ projections: [indexed], docs, store });
  await docs.close();
  const db = new DatabaseSync(join(dir, 'docs.db'), { readOnly: true });
  const indexes = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'doc_probe_grid_totals' AND sql IS NOT NULL").all();
  db.close();
  expect(indexes).toEqual([{ sql: expect.stringContaining("'$.households'") }]);
});
