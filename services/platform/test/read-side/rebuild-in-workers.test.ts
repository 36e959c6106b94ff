import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import {
  InterruptedRebuildError,
  liveOnly,
  loadConfig,
  loadProjectionCheckpoint,
  PROJECTION_CHECKPOINTS,
  projectionCheckpointId,
  rebuildGroups,
  rebuildInWorkers,
  rebuildProjections,
  SqliteDocumentStore,
  SqliteEventStore,
  type Config,
  type DocumentStore,
  type Projection,
  type ProjectionEntry,
} from '@grid/platform';
import { expectedGrids, history, type HistoryEvent } from '../projections/household-history';

// rebuildInWorkers: groups of projections replayed on worker threads. The worker runs the fixture with the BUILT
// platform (dist/): build before running this file.
const ENTRY = join(__dirname, 'fixtures', 'rebuild-worker.cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the fixture the worker runs, shared with it
const { probeProjections } = require('./fixtures/rebuild-projections.cjs') as { probeProjections: () => ProjectionEntry[] };
const projections = (): Projection[] => probeProjections().map((p) => p.projection);
const GROUPS = [['probe-position-totals'], ['probe-grid-totals', 'probe-fragile']];
const actor = { id: 'rebuild-workers-test', role: 'system' } as const;

let dir: string;
let config: Config;
let store: SqliteEventStore;
let docs: SqliteDocumentStore;
let events: HistoryEvent[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'grid-rebuild-workers-'));
  config = loadConfig({ DATA_DIR: dir });
  store = await SqliteEventStore.open({ path: config.databasePath });
  events = history(600);
  for (const e of events) await store.append(e.streamId, [{ type: e.type, data: e.data, actor }], { expectedRevision: 'any' });
  docs = new SqliteDocumentStore({ path: config.documentsPath });
  await docs.collection('probe_grid_totals').put({ _id: 'grid-stale', households: 99, residents: 99 });
});
afterEach(async () => {
  await docs.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const model = async (from: DocumentStore, collection: string) =>
  Object.fromEntries((await from.collection(collection).find(liveOnly())).map(({ _id, _version, _seen, ...rest }) => [_id, rest]));

test('the groups rebuild what one pass does: the same documents, every checkpoint at the same position, the indexes at the end', async () => {
  const head = await store.headPosition();
  const position = await rebuildInWorkers({ entry: ENTRY, config, projections: projections(), docs, store, groups: GROUPS });

  expect(position).toBe(head);
  const onePass = new SqliteDocumentStore({ path: join(dir, 'one-pass.db') });
  expect(await rebuildProjections({ projections: projections(), docs: onePass, store })).toBe(head);
  for (const collection of ['probe_grid_totals', 'probe_position_totals', 'probe_fragile']) expect(await model(docs, collection)).toEqual(await model(onePass, collection));
  await onePass.close();
  expect(await model(docs, 'probe_grid_totals')).toEqual(expectedGrids(events)); // the stale document dropped
  for (const p of projections()) expect(await loadProjectionCheckpoint(docs, p.name)).toBe(head);
  const db = new DatabaseSync(config.documentsPath, { readOnly: true });
  const indexes = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'doc_probe_grid_totals' AND sql IS NOT NULL").all();
  db.close();
  expect(indexes).toHaveLength(1);
});

test('a failure in one group fails the rebuild: no checkpoint is saved as rebuilt, none is ahead of its model', async () => {
  writeFileSync(join(dir, 'probe-fail-at'), '40');
  await docs.collection(PROJECTION_CHECKPOINTS).put({ _id: projectionCheckpointId('probe-grid-totals'), position: 600 });

  await expect(rebuildInWorkers({ entry: ENTRY, config, projections: projections(), docs, store, groups: GROUPS })).rejects.toThrow(/probe-fragile refused event 40/);

  // Kept by `_seen`: no checkpoint (a runner replays it from the start), whether its group finished or not.
  expect(await loadProjectionCheckpoint(docs, 'probe-grid-totals')).toBe(0);
  expect(await loadProjectionCheckpoint(docs, 'probe-fragile')).toBe(0);
  // Kept by position (the other group, stopped or finished): still marked, or its checkpoint is what its documents hold.
  const reached = await loadProjectionCheckpoint(docs, 'probe-position-totals').catch((error: unknown) => {
    expect(error).toBeInstanceOf(InterruptedRebuildError);
    return 0;
  });
  expect(await model(docs, 'probe_position_totals')).toEqual(expectedGrids(events.slice(0, reached)));
});

test('a worker that exits without a word fails the rebuild: no checkpoint saved as rebuilt', async () => {
  writeFileSync(join(dir, 'probe-exit-at'), '40');

  await expect(rebuildInWorkers({ entry: ENTRY, config, projections: projections(), docs, store, groups: GROUPS })).rejects.toThrow(/probe-fragile: its worker exited \(0\)/);
  expect(await loadProjectionCheckpoint(docs, 'probe-grid-totals')).toBe(0);
  expect(await loadProjectionCheckpoint(docs, 'probe-fragile')).toBe(0);
});

test('events appended during the rebuild: every group stops at the head read first, every checkpoint there', async () => {
  const head = await store.headPosition();
  const rebuilding = rebuildInWorkers({ entry: ENTRY, config, projections: projections(), docs, store, groups: GROUPS });
  const later = history(200, 11);
  for (const e of later) await store.append(e.streamId, [{ type: e.type, data: e.data, actor }], { expectedRevision: 'any' });

  expect(await rebuilding).toBe(head);
  for (const p of projections()) expect(await loadProjectionCheckpoint(docs, p.name)).toBe(head);
  expect(await model(docs, 'probe_grid_totals')).toEqual(expectedGrids(events));
  expect(await model(docs, 'probe_position_totals')).toEqual(expectedGrids(events));
});

test('a worker that cannot find a group’s projection fails the rebuild', async () => {
  const renamed = projections().map((p) => (p.name === 'probe-fragile' ? { ...p, name: 'probe-unknown' } : p));
  await expect(
    rebuildInWorkers({ entry: ENTRY, config, projections: renamed, docs, store, groups: [['probe-position-totals'], ['probe-grid-totals', 'probe-unknown']] }),
  ).rejects.toThrow(/not projections of this service: probe-unknown/);
});

test('a projection cannot read another’s collection, so no group reads a model another group is half-way through', async () => {
  const [totals] = projections();
  const peeking: Projection = { ...totals!, name: 'probe-peeking', collections: ['probe_peeking'], apply: async (_e, ctx) => void (await ctx.get('probe_grid_totals', 'grid-0')) };
  await expect(rebuildProjections({ projections: [peeking], docs, store })).rejects.toThrow(/probe-peeking .*probe_grid_totals, which is not in its collections/);
});

test('groups are balanced by rebuildWeight, each projection in one, no more groups than projections nor than shorten the longest', () => {
  const p = (name: string, rebuildWeight?: number) => ({ ...projections()[0]!, name, ...(rebuildWeight ? { rebuildWeight } : {}) });
  expect(rebuildGroups([p('a', 1), p('b', 6), p('c', 3), p('d', 2), p('e', 1)], 2)).toEqual([['b', 'e'], ['c', 'd', 'a']]);
  expect(rebuildGroups([p('a'), p('b')], 4)).toEqual([['a'], ['b']]);
  expect(rebuildGroups([p('a'), p('b')], 1)).toEqual([['a', 'b']]);
  // No group that cannot shorten the longest (another read of the log, another thread's memory, another writer).
  const heavy = [p('s', 140), p('h', 33), p('c', 30), p('i', 24), p('r', 19), p('x', 15), p('v', 6), p('d', 3), p('o', 2)];
  const sorted = (groups: string[][]) => groups.map((names) => [...names].sort());
  expect(sorted(rebuildGroups(heavy, 16))).toEqual([['s'], ['c', 'd', 'h', 'i', 'o', 'r', 'v', 'x']]);
  expect(sorted(rebuildGroups([p('a', 10), p('b', 4), p('c', 4), p('d', 4)], 3))).toEqual([['a'], ['b', 'd'], ['c']]);
});
