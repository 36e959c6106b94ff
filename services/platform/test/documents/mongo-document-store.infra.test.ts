import { randomUUID } from 'node:crypto';
import type { Envelope } from '@grid/contracts';
import { PROBE, collect, expectedGrids, history, type Grid, type HistoryEvent, type Probe } from '../projections/household-history';
import {
  applyEvent,
  DuplicateKeyError,
  fromBus,
  fromStore,
  liveOnly,
  loadProjectionCheckpoint,
  MemoryDocumentStore,
  MemoryEventStore,
  ProjectionConflictError,
  rebuildProjection,
  runProjection,
  type DocumentStore,
  type Projection,
  type ProjectionBus,
} from '@grid/platform';
import { FERRETDB_V1, LOCK_LEASE_MS, MongoDocumentStore } from '@grid/platform/mongodb';
import { documentStoreContract } from '@grid/platform/testing';
import { MongoClient } from 'mongodb';

// Runs against a real MongoDB-protocol server (`npm run test:infra` starts one and exports MONGODB_URL);
// never mocked. One fresh database per test file, dropped at the end, so a shared server needs no reset.
const url = process.env.MONGODB_URL;
/** tools/infra/test.sh says which server MONGODB_URL is: `ferretdb` (v1, SQLite) or `mongodb`. */
const server = process.env.MONGODB_SERVER ?? 'mongodb';
const onFerretDb = server === 'ferretdb';
const database = `grid_test_docs_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const connect = () => MongoDocumentStore.connect({ url: url!, database, clientOptions: { serverSelectionTimeoutMS: 10_000 } });

async function dropDatabase(): Promise<void> {
  const client = await MongoClient.connect(url!, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.db(database).dropDatabase();
  } finally {
    await client.close();
  }
}

if (!url) {
  const reason = 'MONGODB_URL is not set';
  console.warn(
    `\n${'!'.repeat(100)}\n!! The MongoDB document store contract suite did NOT run: ${reason}.\n!! Run it with: npm run test:infra -- services/platform/test/documents\n${'!'.repeat(100)}\n`,
  );
  test.skip(`MongoDB document store contract suite did NOT run: ${reason}`, () => undefined);
} else {
  documentStoreContract(`mongodb (${server})`, async () => {
    const docs = await connect();
    return { docs, cleanup: () => docs.close() };
  });
  // What the adapter does on FerretDB v1 (document locks, plain unique indexes) must hold on MongoDB too.
  if (!onFerretDb) {
    documentStoreContract('mongodb, with the FerretDB v1 profile', async () => {
      const docs = await MongoDocumentStore.connect({ url, database, profile: FERRETDB_V1, clientOptions: { serverSelectionTimeoutMS: 10_000 } });
      return { docs, cleanup: () => docs.close() };
    });
  }

  describe('MongoDB document store, beyond the contract', () => {
    let docs: MongoDocumentStore;
    let raw: MongoClient;
    const fresh = () => `extra_${randomUUID().replaceAll('-', '').slice(0, 10)}`;

    beforeAll(async () => {
      docs = await connect();
      raw = await MongoClient.connect(url, { serverSelectionTimeoutMS: 10_000 });
    });
    afterAll(async () => {
      await docs?.close();
      await raw?.close();
      await dropDatabase();
    });

    it('stores a document as itself: the string _id, its fields and _version, in a collection of the same name', async () => {
      const name = fresh();
      await docs.collection(name).putIfVersion({ _id: '户-001', head: '王五', address: { city: '北京市' } }, undefined);
      expect(
        await raw
          .db(database)
          .collection(name)
          .findOne({ _id: '户-001' as never }),
      ).toEqual({ _id: '户-001', head: '王五', address: { city: '北京市' }, _version: 1 });
    });

    it('reads a document written without _version (outside the port) at version 0', async () => {
      const name = fresh();
      await raw
        .db(database)
        .collection(name)
        .insertOne({ _id: 'h1' as never, members: 2 });
      const col = docs.collection(name);
      expect(await col.get('h1')).toEqual({ _id: 'h1', members: 2, _version: 0 });
      expect(await col.putIfVersion({ _id: 'h1', members: 3 }, 1)).toBe(false);
      expect(await col.putIfVersion({ _id: 'h1', members: 3 }, 0)).toBe(true); // what get said, it can win
      expect(await col.get('h1')).toEqual({ _id: 'h1', members: 3, _version: 1 });
    });

    it('keeps only JSON: undefined fields are dropped, not stored as null', async () => {
      const col = docs.collection(fresh());
      await col.put({ _id: 'h1', head: undefined, members: 2 });
      expect(await col.get('h1')).toEqual({ _id: 'h1', members: 2, _version: 0 });
    });

    it('refuses a client of the caller\'s that would store undefined fields as null', async () => {
      const client = new MongoClient(url);
      try {
        await expect(MongoDocumentStore.open(client, database)).rejects.toThrow(/ignoreUndefined/);
      } finally {
        await client.close();
      }
    });

    it('tells a lost insert race (false) from a unique-index violation (DuplicateKeyError) on the same write', async () => {
      const col = docs.collection(fresh());
      await col.ensureIndex({ fields: ['head'], unique: true });
      await col.putIfVersion({ _id: 'h1', head: 'Li' }, undefined);
      expect(await col.putIfVersion({ _id: 'h1', head: 'Zhang' }, undefined)).toBe(false);
      await expect(col.putIfVersion({ _id: 'h2', head: 'Li' }, undefined)).rejects.toBeInstanceOf(DuplicateKeyError);
      await col.putIfVersion({ _id: 'h3', head: 'Zhao' }, undefined);
      await expect(col.putIfVersion({ _id: 'h3', head: 'Li' }, 1)).rejects.toBeInstanceOf(DuplicateKeyError);
    });

    it('lets concurrent puts of one new document all succeed, last writer winning', async () => {
      const col = docs.collection(fresh());
      await Promise.all(Array.from({ length: 8 }, (_, i) => col.put({ _id: 'h1', members: i })));
      expect(await col.count()).toBe(1);
    });

    it('with document locks (the FerretDB v1 profile), breaks a lock its crashed holder left behind once the lease ran out', async () => {
      const name = fresh();
      const locked = await MongoDocumentStore.connect({ url, database, profile: FERRETDB_V1, clientOptions: { serverSelectionTimeoutMS: 10_000 } });
      try {
        const col = locked.collection(name);
        await col.putIfVersion({ _id: 'h1', members: 1 }, undefined);
        await col.putIfVersion({ _id: 'h1', members: 2 }, 1); // creates the lock collection and its unique index
        await raw
          .db(database)
          .collection('_document_locks')
          .insertOne({ _id: 'crashed' as never, key: `${name}/h1`, at: Date.now() - LOCK_LEASE_MS - 1_000 });
        expect(await col.putIfVersion({ _id: 'h1', members: 3 }, 2)).toBe(true);
        expect(await col.get('h1')).toEqual({ _id: 'h1', members: 3, _version: 3 });
        expect(await raw.db(database).collection('_document_locks').countDocuments({ key: `${name}/h1` })).toBe(0);
      } finally {
        await locked.close();
      }
    });

    it('drops a collection that was never written without complaint', async () => {
      await expect(docs.collection(fresh()).drop()).resolves.toBeUndefined();
    });

    it('creates the index it is asked for once, however often ensured', async () => {
      const name = fresh();
      const col = docs.collection(name);
      for (let i = 0; i < 3; i += 1) {
        await col.ensureIndex({ fields: ['address.city', 'head'], unique: true });
        await col.ensureIndex({ fields: ['members'] });
      }
      const indexes = await raw.db(database).collection(name).indexes();
      expect(indexes.map((i) => i.key)).toEqual([{ _id: 1 }, { 'address.city': 1, head: 1 }, { members: 1 }]);
      // FerretDB v1 has no partial indexes (see 'what FerretDB v1 lacks' below).
      expect(indexes[1]).toMatchObject(onFerretDb ? { unique: true } : { unique: true, partialFilterExpression: { head: { $type: expect.any(Array) } } });
    });
  });

  describe('projections on MongoDB', () => {
    let docs: MongoDocumentStore;
    beforeAll(async () => (docs = await connect()));
    afterAll(async () => {
      await docs?.close();
      await dropDatabase();
    });

    it('applying every event twice changes nothing', async () => {
      const { store, projection } = await scenario(300);
      for await (const event of store.readAll()) {
        await applyEvent(projection, docs, event);
        await applyEvent(projection, docs, event);
      }
      expect(await snapshot(docs, projection)).toEqual(await rebuiltInMemory(store, projection));
    });

    it('a bus that interleaves streams differently and redelivers gives the same model', async () => {
      const { store, projection, events } = await scenario(300);
      const all = await collect(store);
      // Per stream in order, streams in reverse order of first appearance, every event twice, then the
      // first half again as after a consumer-group rebalance.
      const streams = [...new Set(all.map((e) => e.streamId))].reverse();
      const delivery = streams.flatMap((s) => all.filter((e) => e.streamId === s).flatMap((e) => [e, e]));
      const redelivery = [...delivery, ...delivery.slice(0, delivery.length / 2)];
      const bus: ProjectionBus = {
        async subscribe(_group, _topics, handler) {
          for (const value of redelivery) await handler({ value });
          return { caughtUp: async () => {}, close: async () => {} };
        },
      };
      const runner = await runProjection({ projection, docs, source: fromBus(bus, ['grid-records.household']) });
      await runner.caughtUp();
      await runner.close();
      expect(await gridsIn(docs, projection)).toEqual(expectedGrids(events));
      expect(await snapshot(docs, projection)).toEqual(await rebuiltInMemory(store, projection));
    });

    it('concurrent consumers of different streams touching the same documents lose no update', async () => {
      const { store, projection, events } = await scenario(300);
      const all = await collect(store);
      // One worker per stream, all at once: grid documents are shared, so putIfVersion races are real.
      const streams = [...new Set(all.map((e) => e.streamId))];
      await Promise.all(
        streams.map(async (s) => {
          for (const e of all.filter((x) => x.streamId === s)) await applyRetrying(projection, docs, e);
        }),
      );
      expect(await gridsIn(docs, projection)).toEqual(expectedGrids(events));
      expect(await snapshot(docs, projection)).toEqual(await rebuiltInMemory(store, projection));
    });

    it('a rebuild on MongoDB equals the live model, and a household that left stays gone on redelivery', async () => {
      const { store, projection, events } = await scenario(200);
      const runner = await runProjection({ projection, docs, source: fromStore(store), checkpointEvery: 30 });
      await runner.caughtUp();
      await runner.close();
      const live = await snapshot(docs, projection);
      expect(await loadProjectionCheckpoint(docs, projection.name)).toBe(await store.headPosition());
      expect(await rebuildProjection({ projection, docs, store })).toBe(await store.headPosition());
      expect(await snapshot(docs, projection)).toEqual(live);

      const all = await collect(store);
      const left = all.filter((e) => e.type === PROBE && (e.data as Probe).action === 'left').at(-1)!;
      const joined = all.filter((e) => e.streamId === left.streamId && e.streamRevision < left.streamRevision).at(-1)!;
      await applyEvent(projection, docs, joined); // an old join redelivered after the leave
      expect(await docs.collection(projection.collections[1]!).get(left.streamId)).toMatchObject({ _deleted: true });
      expect(await gridsIn(docs, projection)).toEqual(expectedGrids(events));
    });
  });
}

// A household-count read model over probe events (as in test/projections): households join and leave
// grids (网格); per grid it counts households and residents. Collections are per test (one database).

function householdCount(tag: string): Projection {
  const grids = `probe_grids_${tag}`;
  const households = `probe_households_${tag}`;
  return {
    name: `household-count-${tag}`,
    collections: [grids, households],
    handles: [PROBE],
    indexes: [{ collection: households, spec: { fields: ['gridId'] } }],
    async apply(event, ctx) {
      const { action, gridId, members } = event.data as Probe;
      const sign = action === 'joined' ? 1 : -1;
      await ctx.update<Grid>(grids, gridId, (g) => ({
        households: (g?.households ?? 0) + sign,
        residents: (g?.residents ?? 0) + sign * members,
      }));
      await ctx.update<{ gridId: string; members: number; joins: number }>(households, event.streamId, (h) =>
        action === 'joined' ? { gridId, members, joins: (h?.joins ?? 0) + 1 } : null,
      );
    },
  };
}

/** A deterministic history: households join, leave and move between grids; unhandled noise in between. */

async function scenario(steps: number): Promise<{ store: MemoryEventStore; projection: Projection; events: HistoryEvent[] }> {
  const store = new MemoryEventStore();
  const events = history(steps);
  const actor = { id: 'projection-test', role: 'system' } as const;
  for (const e of events) await store.append(e.streamId, [{ type: e.type, data: e.data, actor }], { expectedRevision: 'any' });
  return { store, projection: householdCount(randomUUID().replaceAll('-', '').slice(0, 8)), events };
}

/** What a bus consumer does with a ProjectionConflictError: retry the event as a whole (`_seen` makes it safe). */
async function applyRetrying(projection: Projection, docs: DocumentStore, event: Envelope): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await applyEvent(projection, docs, event);
    } catch (error) {
      if (!(error instanceof ProjectionConflictError) || attempt >= 10) throw error;
    }
  }
}


/** `_version` counts writes, and the live runner and a rebuild batch differently: the model is the rest, `_seen` included. */
const withoutVersion = ({ _version, ...doc }: Record<string, unknown>) => doc;

/** Every document of every collection of the projection, bookkeeping (_version, _seen, tombstones) included. */
async function snapshot(docs: DocumentStore, projection: Projection): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [i, c] of projection.collections.entries()) out[i] = (await docs.collection(c).find()).map(withoutVersion);
  return out;
}

/** The reference: the same projection rebuilt from the store into the memory adapter. */
async function rebuiltInMemory(store: MemoryEventStore, projection: Projection): Promise<Record<string, unknown[]>> {
  const docs = new MemoryDocumentStore();
  await rebuildProjection({ projection, docs, store });
  return snapshot(docs, projection);
}


async function gridsIn(docs: DocumentStore, projection: Projection): Promise<Record<string, Grid>> {
  const found = (await docs.collection(projection.collections[0]!).find(liveOnly())) as unknown as (Grid & { _id: string })[];
  return Object.fromEntries(found.map((g) => [g._id, { households: g.households, residents: g.residents }]));
}
