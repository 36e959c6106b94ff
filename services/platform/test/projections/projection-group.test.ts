import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { PROBE, expectedGrids, history, type Grid, type Probe } from './household-history';
import {
  liveOnly,
  loadProjectionCheckpoint,
  MemoryDocumentStore,
  MemoryEventStore,
  rebuildProjection,
  runProjectionGroup,
  saveProjectionCheckpoint,
  SqliteDocumentStore,
  type Doc,
  type DocumentStore,
  type Projection,
} from '@grid/platform';

// Several store-fed projections on one subscription, their writes of a turn in one SQLite commit.
const actor = { id: 'projection-test', role: 'system' } as const;

/** Per grid: households and residents (as in projection.test.ts), in its own collection. */
const gridTotals = (name: string): Projection => ({
  name,
  collections: [name],
  handles: [PROBE],
  async apply(event, ctx) {
    const { action, gridId, members } = event.data as Probe;
    const sign = action === 'joined' ? 1 : -1;
    await ctx.update<Grid>(name, gridId, (g) => ({ households: (g?.households ?? 0) + sign, residents: (g?.residents ?? 0) + sign * members }));
  },
});
/** Per household: how often it joined (another model over the same events). */
const joins: Projection = {
  name: 'probe-joins',
  collections: ['probe_joins'],
  handles: [PROBE],
  async apply(event, ctx) {
    if ((event.data as Probe).action !== 'joined') return;
    await ctx.update<{ joins: number }>('probe_joins', event.streamId, (h) => ({ joins: (h?.joins ?? 0) + 1 }));
  },
};

const model = async (docs: DocumentStore, collection: string) =>
  Object.fromEntries((await docs.collection(collection).find(liveOnly())).map(({ _id, _version, _seen, ...rest }) => [_id, rest]));

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'grid-group-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function storeWith(steps: number) {
  const store = new MemoryEventStore();
  const events = history(steps);
  for (const e of events) await store.append(e.streamId, [{ type: e.type, data: e.data, actor }], { expectedRevision: 'any' });
  return { store, events };
}

test('one subscription feeds every member; each model equals its rebuild; live appends are written and waited for', async () => {
  const { store, events } = await storeWith(300);
  const subscribe = jest.spyOn(store, 'subscribeToAll');
  const path = join(dir, 'docs.db');
  const docs = new SqliteDocumentStore({ path });
  const group = await runProjectionGroup({ projections: [gridTotals('probe_grid_totals'), joins], docs, store });
  await group.caughtUp();
  expect(subscribe).toHaveBeenCalledTimes(1);
  expect(await model(docs, 'probe_grid_totals')).toEqual(expectedGrids(events));

  // Live: a burst in one turn is applied and committed together, and waitFor resolves once it is written.
  const watcher = new DatabaseSync(path);
  const commits = () => Number((watcher.prepare('PRAGMA data_version').get() as { data_version: number }).data_version);
  const before = commits();
  const burst = history(40, 11).map((e) => ({ ...e, streamId: `${e.streamId}-live` }));
  const appended = await Promise.all(burst.map((e) => store.append(e.streamId, [{ type: e.type, data: e.data, actor }], { expectedRevision: 'any' })));
  const last = Math.max(...appended.map((a) => a.position));
  await group.waitFor!(last);
  expect(group.position()).toBeGreaterThanOrEqual(last);
  expect(commits() - before).toBeLessThanOrEqual(3); // the burst's documents in one commit (+ a checkpoint save)
  expect(await model(docs, 'probe_grid_totals')).toEqual(expectedGrids([...events, ...burst]));
  watcher.close();
  await group.close();

  for (const projection of [gridTotals('probe_grid_totals'), joins]) {
    const live = await model(docs, projection.collections[0]!);
    const rebuilt = new SqliteDocumentStore({ path: join(dir, `${projection.name}.db`) });
    await rebuildProjection({ projection, docs: rebuilt, store });
    expect(await model(rebuilt, projection.collections[0]!)).toEqual(live);
    await rebuilt.close();
  }
  await docs.close();
});

test('each member resumes from its own checkpoint: a member that is ahead passes over what it holds', async () => {
  const { store, events } = await storeWith(200);
  const docs = new SqliteDocumentStore({ path: join(dir, 'docs.db') });
  // A model already rebuilt to the head, and a new one starting from nothing.
  const ahead = gridTotals('probe_ahead');
  const head = await rebuildProjection({ projection: ahead, docs, store });
  const before = await model(docs, 'probe_ahead');
  const fresh = gridTotals('probe_fresh');
  const group = await runProjectionGroup({ projections: [ahead, fresh], docs, store });
  await group.caughtUp();
  expect(await model(docs, 'probe_ahead')).toEqual(before); // nothing applied twice
  expect(await model(docs, 'probe_fresh')).toEqual(expectedGrids(events));
  expect(await loadProjectionCheckpoint(docs, 'probe_fresh')).toBe(head);
  await group.close();
  await docs.close();
});

test('a member whose write loses a compare-and-set applies its events again; the others are not doubled', async () => {
  const { store, events } = await storeWith(120);
  const docs = new SqliteDocumentStore({ path: join(dir, 'docs.db') });
  await saveProjectionCheckpoint(docs, 'probe_contended', 0);
  const contended = gridTotals('probe_contended');
  // Another writer bumps a document the first batch will write, between the batch's read and its write.
  let bumped = false;
  const original = contended.apply.bind(contended);
  contended.apply = async (event, ctx) => {
    await original(event, ctx);
    if (!bumped) {
      bumped = true;
      const col = docs.collection<Grid & { _id: string; _seen: Record<string, number> }>('probe_contended');
      const gridId = (event.data as Probe).gridId;
      await col.put({ _id: gridId, households: 0, residents: 0, _seen: {} });
    }
  };
  const group = await runProjectionGroup({ projections: [contended, joins], docs, store, maxBatch: 500 });
  await group.caughtUp();
  expect(await model(docs, 'probe_contended')).toEqual(expectedGrids(events));
  const joined = events.filter((e) => (e.data as Probe).action === 'joined').length;
  const joinsModel = (await model(docs, 'probe_joins')) as Record<string, { joins: number }>;
  expect(Object.values(joinsModel).reduce((n, h) => n + h.joins, 0)).toBe(joined);
  await group.close();
  await docs.close();
});

test('reads that take real time (a networked store) do not let a batch be cut in the middle of an event', async () => {
  const { store, events } = await storeWith(150);
  const memory = new MemoryDocumentStore();
  // Every get waits a timer tick or two, as a MongoDB round trip does: a batch cut at the next turn of the loop
  // would otherwise land while an event's second document is still being read.
  const slow: DocumentStore = {
    collection: <T extends Doc>(name: string) => {
      const inner = memory.collection<T>(name);
      return Object.assign(Object.create(inner) as typeof inner, {
        get: async (id: string) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          return inner.get(id);
        },
      });
    },
    close: () => memory.close(),
  };
  const totals = gridTotals('probe_slow');
  const both: Projection = {
    ...totals,
    collections: ['probe_slow', 'probe_slow_joins'],
    async apply(event, ctx) {
      await totals.apply(event, ctx);
      if ((event.data as Probe).action === 'joined') await ctx.update<{ joins: number }>('probe_slow_joins', event.streamId, (h) => ({ joins: (h?.joins ?? 0) + 1 }));
    },
  };
  const group = await runProjectionGroup({ projections: [both], docs: slow, store });
  await group.caughtUp();
  await group.close();
  expect(await model(memory, 'probe_slow')).toEqual(expectedGrids(events));
  const joined = events.filter((e) => (e.data as Probe).action === 'joined').length;
  const joinsModel = (await model(memory, 'probe_slow_joins')) as Record<string, { joins: number }>;
  expect(Object.values(joinsModel).reduce((n, h) => n + h.joins, 0)).toBe(joined);
});
