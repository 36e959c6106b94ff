import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope } from '@grid/contracts';
import { PROBE, collect, expectedGrids, history, type Grid, type Probe } from './household-history';
import {
  applyEvent,
  fromBus,
  fromStore,
  liveOnly,
  loadProjectionCheckpoint,
  MemoryDocumentStore,
  MemoryEventStore,
  rebuildProjection,
  runProjection,
  saveProjectionCheckpoint,
  SqliteDocumentStore,
  type Bus,
  type DocumentStore,
  type Projection,
  type ProjectionBus,
} from '@grid/platform';

// A household-count read model over probe events: households join and leave grids (网格); per grid it
// counts households and residents. Two documents per event, so a crash can fall between them.
// Compile-time: every Bus adapter can feed a projection through the runner's narrow interface.
export const busFeedsProjections = (bus: Bus): ProjectionBus => bus;
type Household = { gridId: string; members: number; joins: number };
const GRIDS = 'probe_grids';
const HOUSEHOLDS = 'probe_households';

function householdCount(hooks: { betweenWrites?: (event: Envelope) => void } = {}): Projection {
  return {
    name: 'household-count',
    collections: [GRIDS, HOUSEHOLDS],
    handles: [PROBE],
    indexes: [{ collection: HOUSEHOLDS, spec: { fields: ['gridId'] } }],
    async apply(event, ctx) {
      const { action, gridId, members } = event.data as Probe;
      const sign = action === 'joined' ? 1 : -1;
      await ctx.update<Grid>(GRIDS, gridId, (g) => ({ households: (g?.households ?? 0) + sign, residents: (g?.residents ?? 0) + sign * members }));
      hooks.betweenWrites?.(event);
      await ctx.update<Household>(HOUSEHOLDS, event.streamId, (h) => (action === 'joined' ? { gridId, members, joins: (h?.joins ?? 0) + 1 } : null));
    },
  };
}


const actor = { id: 'projection-test', role: 'system' } as const;
async function append(store: MemoryEventStore, events: ReturnType<typeof history>): Promise<void> {
  for (const e of events) await store.append(e.streamId, [{ type: e.type, data: e.data, actor }], { expectedRevision: 'any' });
}

/** `_version` counts writes, and the live runner and a rebuild batch differently: the model is the rest, `_seen` included. */
const withoutVersion = ({ _version, ...doc }: Record<string, unknown>) => doc;

/** Every document of every collection of the projection, bookkeeping included. */
async function snapshot(docs: DocumentStore, projection: Projection): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const c of projection.collections) out[c] = (await docs.collection(c).find()).map(withoutVersion);
  return out;
}


async function gridsIn(docs: DocumentStore): Promise<Record<string, Grid>> {
  const docsFound = (await docs.collection(GRIDS).find(liveOnly())) as unknown as (Grid & { _id: string })[];
  return Object.fromEntries(docsFound.map((g) => [g._id, { households: g.households, residents: g.residents }]));
}

async function rebuiltElsewhere(store: MemoryEventStore, projection: Projection) {
  const docs = new MemoryDocumentStore();
  await rebuildProjection({ projection, docs, store });
  return snapshot(docs, projection);
}

describe('projections', () => {
  let dir: string;
  let sqlite: SqliteDocumentStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'grid-projection-'));
    sqlite = new SqliteDocumentStore({ path: join(dir, 'read-models.db') });
  });
  afterEach(async () => {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a rebuilt read model equals the live one, document for document', async () => {
    const store = new MemoryEventStore();
    const events = history(400);
    const projection = householdCount();
    const runner = await runProjection({ projection, docs: sqlite, source: fromStore(store), checkpointEvery: 30 });
    for (let i = 0; i < events.length; i += 50) {
      await append(store, events.slice(i, i + 50)); // the live runner reads while the history is written
      if (i % 100 === 0) await runner.caughtUp();
    }
    await runner.caughtUp();
    await runner.close();
    const live = await snapshot(sqlite, projection);
    expect(await gridsIn(sqlite)).toEqual(expectedGrids(events));
    expect(await loadProjectionCheckpoint(sqlite, projection.name)).toBe(await store.headPosition());

    expect(await rebuiltElsewhere(store, projection)).toEqual(live);
    const reached = await rebuildProjection({ projection, docs: sqlite, store });
    expect(reached).toBe(await store.headPosition());
    expect(await snapshot(sqlite, projection)).toEqual(live);
  });

  it('a live runner started after a rebuild continues from where the rebuild stopped', async () => {
    const store = new MemoryEventStore();
    const events = history(200);
    await append(store, events.slice(0, 120));
    const projection = householdCount();
    const reached = await rebuildProjection({ projection, docs: sqlite, store });
    let delivered = 0;
    const counting: Projection = { ...projection, apply: (e, ctx) => ((delivered += 1), projection.apply(e, ctx)) };
    const runner = await runProjection({ projection: counting, docs: sqlite, source: fromStore(store) });
    await append(store, events.slice(120));
    await runner.caughtUp();
    await runner.close();
    const after = events.slice(120).filter((e) => e.type === PROBE).length;
    expect(delivered).toBe(after);
    expect(runner.position()).toBeGreaterThan(reached);
    expect(await gridsIn(sqlite)).toEqual(expectedGrids(events));
  });

  it('applying every event twice changes nothing', async () => {
    const store = new MemoryEventStore();
    await append(store, history(300));
    const projection = householdCount();
    const docs = new MemoryDocumentStore();
    for await (const event of store.readAll()) {
      await applyEvent(projection, docs, event);
      await applyEvent(projection, docs, event);
    }
    expect(await snapshot(docs, projection)).toEqual(await rebuiltElsewhere(store, projection));
  });

  it('a bus that interleaves streams differently and redelivers gives the same model', async () => {
    const store = new MemoryEventStore();
    await append(store, history(300));
    const all: Envelope[] = [];
    for await (const e of store.readAll()) all.push(e);
    // Per stream in order, streams in reverse order of first appearance, every event twice, then a
    // redelivery of the first half as after a consumer-group rebalance.
    const streams = [...new Set(all.map((e) => e.streamId))].reverse();
    const delivery = streams.flatMap((s) => all.filter((e) => e.streamId === s).flatMap((e) => [e, e]));
    const redelivery = [...delivery, ...delivery.slice(0, delivery.length / 2)];
    const bus: ProjectionBus = {
      async subscribe(_group, _topics, handler) {
        for (const value of redelivery) await handler({ value });
        return { caughtUp: async () => {}, close: async () => {} };
      },
    };
    const projection = householdCount();
    const runner = await runProjection({ projection, docs: sqlite, source: fromBus(bus, ['grid-records.household']) });
    await runner.caughtUp();
    await runner.close();
    expect(await snapshot(sqlite, projection)).toEqual(await rebuiltElsewhere(store, projection));
  });

  it('a consumer killed between two writes resumes from its checkpoint with no event lost or doubled', async () => {
    const store = new MemoryEventStore();
    const events = history(300);
    await append(store, events);
    const failing = (await collect(store)).find((e) => e.globalPosition >= 150 && e.type === PROBE)!; // the consumer dies during this one
    let died!: () => void;
    const dead = new Promise<void>((resolve) => (died = resolve));
    const dying = householdCount({
      betweenWrites: (e) => {
        if (e.globalPosition !== failing.globalPosition) return;
        died();
        throw new Error('killed after the grid write, before the household write');
      },
    });
    const first = await runProjection({ projection: dying, docs: sqlite, source: fromStore(store), checkpointEvery: 40 });
    await dead;
    await first.close();
    // The runner keeps nothing of an apply that threw (it dead-letters the event); a process killed while MongoDB
    // wrote a batch's documents apart leaves half of it, as this per-event write does.
    await applyEvent(dying, sqlite, failing).catch(() => undefined);
    const grid = await sqlite.collection(GRIDS).get((failing.data as Probe).gridId);
    expect((grid?._seen as Record<string, number>)[failing.streamId]).toBe(failing.streamRevision); // half applied

    // A real crash also loses checkpoint saves: put it well behind what the model already holds.
    await saveProjectionCheckpoint(sqlite, dying.name, 60);
    const projection = householdCount();
    let redelivered = 0;
    const counting: Projection = { ...projection, apply: (e, ctx) => ((redelivered += 1), projection.apply(e, ctx)) };
    const second = await runProjection({ projection: counting, docs: sqlite, source: fromStore(store) });
    await second.caughtUp();
    await second.close();

    const handledAfter60 = (await collect(store)).filter((e) => e.globalPosition > 60 && e.type === PROBE).length;
    expect(redelivered).toBe(handledAfter60);
    expect(await gridsIn(sqlite)).toEqual(expectedGrids(events));
    expect(await snapshot(sqlite, projection)).toEqual(await rebuiltElsewhere(store, projection));
  });

  it('a household that left stays gone when an old join is redelivered', async () => {
    const store = new MemoryEventStore();
    await append(store, [
      { streamId: 'household-a', type: PROBE, data: { action: 'joined', gridId: 'grid-1', members: 2 } },
      { streamId: 'household-a', type: PROBE, data: { action: 'left', gridId: 'grid-1', members: 2 } },
    ]);
    const projection = householdCount();
    const [joined, left] = await store.readStream('household-a');
    for (const e of [joined!, left!, joined!]) await applyEvent(projection, sqlite, e);
    const households = sqlite.collection(HOUSEHOLDS);
    expect(await households.count(liveOnly())).toBe(0);
    expect(await households.get('household-a')).toMatchObject({ _deleted: true, _seen: { 'household-a': 1 } });
    expect(await gridsIn(sqlite)).toEqual({ 'grid-1': { households: 0, residents: 0 } });
  });

  it('refuses a write to a collection the projection does not declare', async () => {
    const store = new MemoryEventStore();
    await append(store, history(1));
    const [event] = await collect(store);
    const stray: Projection = { ...householdCount(), handles: [event!.type], apply: (_e, ctx) => ctx.update('elsewhere', 'x', () => ({})) };
    await expect(applyEvent(stray, sqlite, event!)).rejects.toThrow(/not in its collections/);
  });
});

