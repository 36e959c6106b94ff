import {
  askRetry,
  listDeadLetters,
  liveOnly,
  MemoryDocumentStore,
  MemoryEventStore,
  rebuildProjection,
  runProjectionGroup,
  saveProjectionCheckpoint,
  type DocumentStore,
  type Projection,
  type ProjectionRunner,
} from '@grid/platform';

// A projection handler that keeps failing: its event goes to the dead letters and everything else goes on.
const actor = { id: 'dead-letter-test', role: 'system' } as const;
const EVENT = 'test.probe.noted';
type Noted = { n: number; poison?: true };

let broken: boolean;
/** Per stream, the event numbers applied in order; throws on a poisoned event while `broken`, after writing. */
const fragile: Projection = {
  name: 'fragile',
  collections: ['fragile'],
  handles: [EVENT],
  async apply(event, ctx) {
    const { n, poison } = event.data as Noted;
    await ctx.update<{ seen: number[] }>('fragile', event.streamId, (d) => ({ seen: [...(d?.seen ?? []), n] }));
    if (poison && broken) throw new Error(`cannot project event ${n}`);
  },
};
/** A healthy model on the same subscription. */
const tally: Projection = {
  name: 'tally',
  collections: ['tally'],
  handles: [EVENT],
  async apply(event, ctx) {
    await ctx.update<{ events: number }>('tally', 'all', (d) => ({ events: (d?.events ?? 0) + 1 }));
  },
};

const seen = async (docs: DocumentStore) =>
  Object.fromEntries((await docs.collection<{ _id: string; seen: number[] }>('fragile').find(liveOnly())).map((d) => [d._id, d.seen]));

let store: MemoryEventStore;
let docs: MemoryDocumentStore;
let runner: ProjectionRunner;
const note = async (streamId: string, n: number, poison = false) =>
  (await store.append(streamId, [{ type: EVENT, data: { n, ...(poison ? { poison: true } : {}) }, actor }], { expectedRevision: 'any' })).position;
const start = () => runProjectionGroup({ projections: [fragile, tally], docs, store });

beforeEach(async () => {
  broken = true;
  store = new MemoryEventStore();
  docs = new MemoryDocumentStore();
  await note('probe-a', 1);
  await note('probe-a', 2, true);
  await note('probe-b', 3);
  await note('probe-a', 4);
  runner = await start();
  await runner.caughtUp();
});
afterEach(() => runner.close());

describe('a projection handler that keeps failing', () => {
  test('goes to the dead letters; its stream’s later events wait behind it; the other streams and models go on', async () => {
    expect(await seen(docs)).toEqual({ 'probe-a': [1], 'probe-b': [3] }); // the failed apply's own write is not kept
    expect((await docs.collection('tally').get('all'))!.events).toBe(4);
    expect(await listDeadLetters(docs)).toEqual([
      expect.objectContaining({ projection: 'fragile', streamId: 'probe-a', globalPosition: 2, type: EVENT, error: 'cannot project event 2', attempts: 3, retry: false }),
      expect.objectContaining({ projection: 'fragile', streamId: 'probe-a', globalPosition: 4, error: expect.stringMatching(/parked/), attempts: 0 }),
    ]);
    expect(JSON.stringify(await listDeadLetters(docs))).not.toContain('"data"');
  });

  test('does not hold up the writes waiting for the read models', async () => {
    const position = await note('probe-b', 5, true); // poisoned, but on another projection's happy path too
    await note('probe-c', 6, true);
    const last = await note('probe-b', 7);
    await runner.waitFor!(last);
    expect(runner.position()).toBe(last);
    expect((await listDeadLetters(docs, { streamId: 'probe-c' })).map((l) => l.globalPosition)).toEqual([position + 1]);
  });

  test('stays held back after a restart: a new event of its stream is parked too', async () => {
    await runner.close();
    runner = await start();
    const position = await note('probe-a', 5);
    await runner.waitFor!(position);
    expect((await seen(docs))['probe-a']).toEqual([1]);
    expect((await listDeadLetters(docs, { projection: 'fragile' })).map((l) => l.globalPosition)).toEqual([2, 4, position]);
  });

  test('a retry asked once the cause is fixed applies the stream’s letters in order, and its stream flows again', async () => {
    broken = false;
    expect(await askRetry(docs, { projection: 'fragile' })).toBe(2);
    await runner.retryDeadLetters!();
    expect(await seen(docs)).toEqual({ 'probe-a': [1, 2, 4], 'probe-b': [3] });
    expect(await listDeadLetters(docs)).toEqual([]);
    const position = await note('probe-a', 5);
    await runner.waitFor!(position);
    expect((await seen(docs))['probe-a']).toEqual([1, 2, 4, 5]);
  });

  test('a retry that fails again keeps every letter, counts the attempt and waits to be asked again', async () => {
    expect(await askRetry(docs)).toBe(2);
    await runner.retryDeadLetters!();
    expect((await seen(docs))['probe-a']).toEqual([1]);
    expect(await listDeadLetters(docs)).toEqual([
      expect.objectContaining({ globalPosition: 2, attempts: 4, retry: false, error: 'cannot project event 2' }),
      expect.objectContaining({ globalPosition: 4, retry: false }),
    ]);
  });

  test('a restart that delivers a dead letter again applies it once it no longer fails, and lets its stream go', async () => {
    await runner.close();
    await saveProjectionCheckpoint(docs, 'fragile', 1); // a crash before the checkpoint passed the letters
    broken = false;
    runner = await start();
    await runner.caughtUp();
    expect(await seen(docs)).toEqual({ 'probe-a': [1, 2, 4], 'probe-b': [3] });
    expect(await listDeadLetters(docs)).toEqual([]);
  });

  test('a rebuild replays everything and clears the projection’s letters', async () => {
    await runner.close();
    broken = false;
    await rebuildProjection({ projection: fragile, docs, store });
    expect(await seen(docs)).toEqual({ 'probe-a': [1, 2, 4], 'probe-b': [3] });
    expect(await listDeadLetters(docs)).toEqual([]);
    runner = await start();
  });
});
