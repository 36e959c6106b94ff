import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROBE, expectedGrids, history, type Grid, type Probe } from './household-history';
import {
  askRetry,
  fromBus,
  InterruptedRebuildError,
  listDeadLetters,
  liveOnly,
  loadProjectionCheckpoint,
  MemoryDocumentStore,
  MemoryEventStore,
  PROJECTION_CHECKPOINTS,
  projectionCheckpointId,
  rebuildProjection,
  runProjection,
  runProjectionGroup,
  SqliteDocumentStore,
  type AtomicWrite,
  type DocumentStore,
  type Projection,
} from '@grid/platform';

// A projection kept by position (Projection.byPosition): no `_seen`, its checkpoint written with its documents.
const actor = { id: 'by-position-test', role: 'system' } as const;

/** Per grid: households and residents, every household's stream feeding the same few documents (an aggregate). */
const gridTotals: Projection = {
  name: 'probe-position-totals',
  collections: ['probe_position_totals'],
  handles: [PROBE],
  byPosition: true,
  async apply(event, ctx) {
    const { action, gridId, members } = event.data as Probe;
    const sign = action === 'joined' ? 1 : -1;
    await ctx.update<Grid>('probe_position_totals', gridId, (g) => ({ households: (g?.households ?? 0) + sign, residents: (g?.residents ?? 0) + sign * members }));
  },
};

const stored = async (docs: DocumentStore) => docs.collection('probe_position_totals').find(liveOnly());
const model = async (docs: DocumentStore) => Object.fromEntries((await stored(docs)).map(({ _id, _version, ...rest }) => [_id, rest]));

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'grid-by-position-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function append(store: MemoryEventStore, events: ReturnType<typeof history>) {
  for (const e of events) await store.append(e.streamId, [{ type: e.type, data: e.data, actor }], { expectedRevision: 'any' });
}

test('applied once each, the documents without `_seen`, the checkpoint at the head; a rebuild gives the same documents', async () => {
  const store = new MemoryEventStore();
  const events = history(600);
  await append(store, events.slice(0, 300));
  const docs = new SqliteDocumentStore({ path: join(dir, 'docs.db') });
  const runner = await runProjectionGroup({ projections: [gridTotals], docs, store, maxBatch: 40 });
  await runner.caughtUp();
  await append(store, events.slice(300)); // live appends, in several turns
  await runner.caughtUp();
  await runner.close();

  expect(await model(docs)).toEqual(expectedGrids(events));
  for (const doc of await stored(docs)) expect(doc).not.toHaveProperty('_seen');
  const head = await store.headPosition();
  expect(await loadProjectionCheckpoint(docs, gridTotals.name)).toBe(head);

  const live = await model(docs);
  const rebuilt = new SqliteDocumentStore({ path: join(dir, 'rebuilt.db') });
  expect(await rebuildProjection({ projection: gridTotals, docs: rebuilt, store })).toBe(head);
  expect(await model(rebuilt)).toEqual(live);
  expect(await loadProjectionCheckpoint(rebuilt, gridTotals.name)).toBe(head);
  // Written every 7 events instead of 500: the same documents.
  const often = new SqliteDocumentStore({ path: join(dir, 'often.db') });
  const writes = jest.spyOn(often, 'writeAtomically');
  expect(await rebuildProjection({ projection: { ...gridTotals, rebuildBatch: 7 }, docs: often, store })).toBe(head);
  expect(writes.mock.calls.length).toBeGreaterThanOrEqual(Math.floor(head / 7));
  expect(await model(often)).toEqual(live);
  await Promise.all([docs.close(), rebuilt.close(), often.close()]);
});

test('a crash between the documents and the checkpoint: the failed write left neither, the restart applies each event once', async () => {
  const store = new MemoryEventStore();
  const events = history(400);
  await append(store, events);
  const path = join(dir, 'docs.db');
  const docs = new SqliteDocumentStore({ path });
  await docs.collection('probe_crash').ensureIndex({ fields: ['k'], unique: true });
  await docs.collection('probe_crash').put({ _id: 'taken', k: 1 });
  // The third write fails after the documents' statements ran and before the checkpoint's: it throws inside the
  // transaction. Then the process is dead: later writes never return.
  let writes = 0;
  const crashing: DocumentStore = {
    collection: (name) => docs.collection(name),
    close: () => docs.close(),
    writeAtomically: async (list: readonly AtomicWrite[]) => {
      writes += 1;
      if (writes < 3) return docs.writeAtomically!(list);
      if (writes > 3) return new Promise<boolean>(() => undefined);
      const [checkpoint, ...documents] = [list.at(-1)!, ...list.slice(0, -1)];
      expect(checkpoint.collection).toBe(PROJECTION_CHECKPOINTS);
      return docs.writeAtomically!([...documents, { collection: 'probe_crash', doc: { _id: 'twin', k: 1 }, put: true }, checkpoint]);
    },
  };
  await runProjectionGroup({ projections: [gridTotals], docs: crashing, store, maxBatch: 50 });
  while (writes < 4) await new Promise((resolve) => setTimeout(resolve, 20));
  const [beforeClose, at] = [await model(docs), await loadProjectionCheckpoint(docs, gridTotals.name)];
  expect(await docs.collection('probe_crash').get('twin')).toBeNull();
  expect(at).toBeGreaterThan(0);
  expect(at).toBeLessThan(await store.headPosition());
  // What is stored is exactly the events up to the checkpoint, no more (the failed write left no document behind).
  const upTo = (await collectPositions(store)).filter((p) => p.position <= at).map((p) => p.event);
  expect(beforeClose).toEqual(expectedGrids(upTo));
  await docs.close();

  const again = new SqliteDocumentStore({ path });
  const second = await runProjectionGroup({ projections: [gridTotals], docs: again, store, maxBatch: 50 });
  await second.caughtUp();
  await second.close();
  expect(await model(again)).toEqual(expectedGrids(events));
  await again.close();
});

async function collectPositions(store: MemoryEventStore) {
  const out: { position: number; event: { streamId: string; type: string; data: Record<string, unknown> } }[] = [];
  for await (const e of store.readAll()) out.push({ position: e.globalPosition, event: { streamId: e.streamId, type: e.type, data: e.data as Record<string, unknown> } });
  return out;
}

test('a rebuild stopped before its first batch is refused at start rather than replayed over what it left', async () => {
  const store = new MemoryEventStore();
  await append(store, history(50));
  const docs = new MemoryDocumentStore();
  await docs.collection(PROJECTION_CHECKPOINTS).put({ _id: projectionCheckpointId(gridTotals.name), position: 0, rebuilding: true });
  await expect(runProjectionGroup({ projections: [gridTotals], docs, store })).rejects.toBeInstanceOf(InterruptedRebuildError);
  await rebuildProjection({ projection: gridTotals, docs, store });
  const runner = await runProjectionGroup({ projections: [gridTotals], docs, store });
  await runner.caughtUp();
  await runner.close();
  expect(await model(docs)).toEqual(expectedGrids(history(50)));
});

test('never fed from a bus, and refused by a store without atomic writes', async () => {
  const docs = new MemoryDocumentStore();
  const bus = { subscribe: jest.fn() };
  await expect(runProjection({ projection: gridTotals, docs, source: fromBus(bus, ['t']) })).rejects.toThrow(/by position/);
  expect(bus.subscribe).not.toHaveBeenCalled();

  const store = new MemoryEventStore();
  await append(store, history(10));
  const plain: DocumentStore = { collection: (name) => docs.collection(name), close: () => docs.close() };
  await expect(rebuildProjection({ projection: gridTotals, docs: plain, store })).rejects.toThrow(/atomic writes/);
});

test('a dead letter retried and the process dead right after its write: the restart applies it exactly once', async () => {
  const COUNTED = 'test.probe.counted';
  let poisoned = true;
  const counted: Projection = {
    name: 'probe-position-counted',
    collections: ['probe_position_counted'],
    handles: [COUNTED],
    byPosition: true,
    async apply(event, ctx) {
      if ((event.data as { poison?: true }).poison && poisoned) throw new Error('cannot count it');
      await ctx.update<{ events: number }>('probe_position_counted', 'all', (d) => ({ events: (d?.events ?? 0) + 1 }));
    },
  };
  const events = async (docs: DocumentStore) => (await docs.collection<{ _id: string; events: number }>('probe_position_counted').get('all'))?.events;
  const store = new MemoryEventStore();
  for (const [streamId, poison] of [['probe-a', false], ['probe-a', true], ['probe-b', false], ['probe-a', false]] as const)
    await store.append(streamId, [{ type: COUNTED, data: poison ? { poison } : {}, actor }], { expectedRevision: 'any' });
  const path = join(dir, 'docs.db');
  const docs = new SqliteDocumentStore({ path });
  const first = await runProjectionGroup({ projections: [counted], docs, store });
  await first.caughtUp();
  await first.close();
  expect(await events(docs)).toBe(2); // the poisoned event dead-lettered, the next of its stream parked behind it
  expect(await listDeadLetters(docs)).toHaveLength(2);

  poisoned = false;
  expect(await askRetry(docs)).toBe(2);
  // The process dies once the retry's first write returns: nothing after it reaches the store.
  let [armed, dead] = [false, false];
  const hung = new Proxy({}, { get: () => () => new Promise<never>(() => undefined) });
  const crashing: DocumentStore = {
    collection: ((name: string) => (dead ? hung : docs.collection(name))) as DocumentStore['collection'],
    close: () => docs.close(),
    writeAtomically: async (list: readonly AtomicWrite[]) => {
      if (dead) return new Promise<boolean>(() => undefined);
      const done = await docs.writeAtomically!(list);
      if (armed) dead = true;
      return done;
    },
  };
  const second = await runProjectionGroup({ projections: [counted], docs: crashing, store });
  await second.caughtUp();
  armed = true;
  void second.retryDeadLetters!();
  while (!dead) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(await events(docs)).toBe(3);
  void second.close(); // its subscription ends; the rest waits on the dead store forever
  await docs.close();

  const again = new SqliteDocumentStore({ path });
  const third = await runProjectionGroup({ projections: [counted], docs: again, store });
  await third.caughtUp();
  await third.retryDeadLetters!();
  await third.close();
  expect(await events(again)).toBe(4);
  expect(await listDeadLetters(again)).toEqual([]);
  await again.close();
});
