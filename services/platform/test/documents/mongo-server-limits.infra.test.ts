import { randomUUID } from 'node:crypto';
import type { DocumentStore } from '@grid/platform';
import { FERRETDB_V1, MONGODB, MongoDocumentStore, serverProfile } from '@grid/platform/mongodb';
import { MongoClient, MongoServerError, type Document } from 'mongodb';

// What FerretDB v1 (tools/infra's MongoDB-protocol server) lacks and the MongoDB adapter does without, one
// assumption at a time (tools/infra/README.md lists them). Each has two sides:
// - "server assumption (FerretDB v1)": the server really lacks it. Runs on FerretDB only; when one fails,
//   FerretDB changed and the adapter may use the feature again.
// - "the adapter …": the adapter works without it. Runs on any server; on MongoDB it is the only check that
//   the adapter did not start to rely on the feature, since MongoDB would quietly serve it.
const url = process.env.MONGODB_URL;
const onFerretDb = process.env.MONGODB_SERVER === 'ferretdb';
const database = `grid_test_limits_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const serverAssumption = onFerretDb ? it : it.skip;

/** Every command the adapter sent while a workload ran through the whole port. */
async function commandsOfWorkload(): Promise<Document[]> {
  const commands: Document[] = [];
  const client = new MongoClient(url!, { monitorCommands: true, ignoreUndefined: true, serverSelectionTimeoutMS: 10_000 });
  client.on('commandStarted', (e) => commands.push(e.command));
  const docs = await MongoDocumentStore.open(client, database);
  try {
    const col = docs.collection(`workload_${randomUUID().replaceAll('-', '').slice(0, 8)}`);
    await col.ensureIndex({ fields: ['head'], unique: true });
    await col.ensureIndex({ fields: ['address.city'] });
    await col.put({ _id: 'h1', head: 'Li', address: { city: '北京市' } });
    await col.putIfVersion({ _id: 'h2', head: 'Wang' }, undefined);
    await col.putIfVersion({ _id: 'h2', head: 'Wang', members: 2 }, 1);
    await col.putIfVersion({ _id: 'h2', head: 'Zhao' }, 1);
    await col.putIfVersion({ _id: 'h3', head: 'Li' }, undefined).catch(() => false);
    await col.find({ head: { $gt: 'A' } }, { sort: { field: 'head', direction: -1 }, limit: 5 });
    await col.find({}, { afterId: 'h1' });
    await col.count({ 'address.city': '北京市' });
    await col.delete('h1');
    await col.drop();
  } finally {
    await docs.close();
  }
  return commands;
}

/** Many writers at once, all expecting the same version, in several rounds: how many won each round. */
async function winnersPerRound(write: (id: string, writer: number) => Promise<boolean>, prepare: (id: string) => Promise<void>): Promise<number[]> {
  const winners: number[] = [];
  for (let round = 0; round < 20; round += 1) {
    const id = `d${round}`;
    await prepare(id);
    const results = await Promise.all(Array.from({ length: 8 }, (_, writer) => write(id, writer)));
    winners.push(results.filter(Boolean).length);
  }
  return winners;
}

if (!url) {
  test.skip('MongoDB server-limit checks did NOT run: MONGODB_URL is not set', () => undefined);
} else {
  describe(`what FerretDB v1 lacks, the MongoDB adapter does without (server: ${process.env.MONGODB_SERVER ?? 'mongodb'})`, () => {
    let raw: MongoClient;
    let docs: DocumentStore;
    let commands: Document[];
    const fresh = () => `limits_${randomUUID().replaceAll('-', '').slice(0, 10)}`;

    beforeAll(async () => {
      raw = await MongoClient.connect(url, { serverSelectionTimeoutMS: 10_000 });
      docs = await MongoDocumentStore.connect({ url, database, clientOptions: { serverSelectionTimeoutMS: 10_000 } });
      commands = await commandsOfWorkload();
    });
    afterAll(async () => {
      await docs?.close();
      await raw?.db(database).dropDatabase();
      await raw?.close();
    });

    it('the adapter takes the server for what it is (FerretDB v1 profile on FerretDB, MongoDB otherwise)', async () => {
      expect(await serverProfile(raw.db(database))).toEqual(onFerretDb ? FERRETDB_V1 : MONGODB);
    });

    describe('transactions', () => {
      serverAssumption('server assumption (FerretDB v1): a transaction is refused', async () => {
        const session = raw.startSession();
        try {
          await expect(session.withTransaction(() => raw.db(database).collection(fresh()).insertOne({ _id: 'x' as never }, { session }))).rejects.toThrow(/autocommit/);
        } finally {
          await session.endSession();
        }
      });

      it('the adapter starts no transaction and joins none', () => {
        expect(commands.filter((c) => 'startTransaction' in c || 'autocommit' in c)).toEqual([]);
      });
    });

    describe('change streams', () => {
      serverAssumption('server assumption (FerretDB v1): watch() is refused', async () => {
        const stream = raw.db(database).collection(fresh()).watch();
        try {
          await expect(stream.tryNext()).rejects.toMatchObject({ codeName: 'NotImplemented' });
        } finally {
          await stream.close();
        }
      });

      it('the adapter opens no change stream', () => {
        const stages = commands.flatMap((c) => (Array.isArray(c.pipeline) ? (c.pipeline as Document[]) : []));
        expect(stages.filter((stage) => '$changeStream' in stage)).toEqual([]);
      });
    });

    describe('update pipelines', () => {
      serverAssumption('server assumption (FerretDB v1): an update pipeline is refused', async () => {
        const col = raw.db(database).collection(fresh());
        await col.insertOne({ _id: 'x' as never, a: 1 });
        await expect(col.updateOne({ _id: 'x' as never }, [{ $set: { b: '$a' } }])).rejects.toBeInstanceOf(MongoServerError);
      });

      it('the adapter writes whole documents, never through an update pipeline', () => {
        const updates = commands.flatMap((c) => (Array.isArray(c.updates) ? (c.updates as Document[]) : []));
        expect(updates.length).toBeGreaterThan(0);
        expect(updates.filter((u) => Array.isArray(u.u))).toEqual([]);
      });
    });

    describe('atomic filtered updates', () => {
      serverAssumption('server assumption (FerretDB v1): a replaceOne filtered on a version is no compare-and-set (concurrent ones both match)', async () => {
        const col = raw.db(database).collection<{ _id: string; _version: number; writer?: number }>(fresh());
        const winners = await winnersPerRound(
          async (_id, writer) => (await col.replaceOne({ _id, _version: 1 }, { _version: 2, writer })).matchedCount === 1,
          async (_id) => void (await col.insertOne({ _id, _version: 1 })),
        );
        expect(Math.max(...winners)).toBeGreaterThan(1);
      });

      it('the adapter lets exactly one of eight concurrent writers at one version win, round after round', async () => {
        const col = docs.collection(fresh());
        const winners = await winnersPerRound(
          (id, writer) => col.putIfVersion({ _id: id, writer }, 1),
          async (id) => void (await col.putIfVersion({ _id: id }, undefined)),
        );
        expect(winners).toEqual(Array(20).fill(1));
        expect((await col.find()).map((d) => d._version)).toEqual(Array(20).fill(2));
      });
    });

    describe('partial indexes', () => {
      serverAssumption('server assumption (FerretDB v1): partialFilterExpression is refused', async () => {
        const col = raw.db(database).collection(fresh());
        await expect(col.createIndex({ k: 1 }, { unique: true, partialFilterExpression: { k: { $type: 'string' } } })).rejects.toMatchObject({
          codeName: 'NotImplemented',
        });
      });

      it('the adapter keeps a unique index from refusing documents that lack its fields (a projection tombstone keeps only _id and _seen)', async () => {
        const col = docs.collection(fresh());
        await col.ensureIndex({ fields: ['head', 'gridId'], unique: true });
        await col.put({ _id: 'h1', head: 'Li', gridId: 'g1' });
        await col.put({ _id: 'gone-1', _seen: ['e1'] });
        await col.put({ _id: 'gone-2', _seen: ['e2'] });
        expect(await col.count()).toBe(3);
        await expect(col.put({ _id: 'h2', head: 'Li', gridId: 'g1' })).rejects.toMatchObject({ code: 'duplicate-key' });
      });
    });

    describe('duplicate-key errors', () => {
      serverAssumption('server assumption (FerretDB v1): a duplicate-key error names neither the index nor its key', async () => {
        const col = raw.db(database).collection(fresh());
        await col.insertOne({ _id: 'x' as never });
        const error = (await col.insertOne({ _id: 'x' as never }).catch((e: unknown) => e)) as MongoServerError;
        expect(error.code).toBe(11000);
        expect(error.keyPattern).toBeUndefined();
        expect(error.message).not.toMatch(/ index: /);
      });

      serverAssumption('server assumption (FerretDB v1): a unique index refusing an update answers InternalError with SQLite\'s message, not E11000', async () => {
        const col = raw.db(database).collection(fresh());
        await col.createIndex({ k: 1 }, { unique: true });
        await col.insertMany([{ _id: 'x' as never, k: 1 }, { _id: 'y' as never, k: 2 }]);
        await expect(col.replaceOne({ _id: 'y' as never }, { k: 1 })).rejects.toMatchObject({ codeName: 'InternalError', message: expect.stringMatching(/UNIQUE constraint failed/) });
      });

      it('the adapter still tells a lost insert race (false) from a unique-index violation (DuplicateKeyError)', async () => {
        const col = docs.collection(fresh());
        await col.ensureIndex({ fields: ['head'], unique: true });
        await col.putIfVersion({ _id: 'h1', head: 'Li' }, undefined);
        expect(await col.putIfVersion({ _id: 'h1', head: 'Zhang' }, undefined)).toBe(false);
        await expect(col.putIfVersion({ _id: 'h2', head: 'Li' }, undefined)).rejects.toMatchObject({ code: 'duplicate-key' });
        await expect(col.put({ _id: 'h3', head: 'Li' })).rejects.toMatchObject({ code: 'duplicate-key' });
        await col.put({ _id: 'h4', head: 'Zhao' });
        await expect(col.put({ _id: 'h4', head: 'Li' })).rejects.toMatchObject({ code: 'duplicate-key' });
        await expect(col.putIfVersion({ _id: 'h4', head: 'Li' }, 0)).rejects.toMatchObject({ code: 'duplicate-key' });
      });
    });
  });
}
