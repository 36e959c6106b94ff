import { MemoryEventStore, startSubscription, type CheckpointStore } from '@grid/platform';

// When a named subscription saves its checkpoint: not after every page of the log (under load a page is a few
// events and each save is a synced write), but every saveIntervalMs, when someone waits in caughtUp(), and on close.
const actor = { id: 't', role: 'system' } as const;

function counting(): CheckpointStore & { saves: number[] } {
  const saves: number[] = [];
  let last: number | undefined;
  return {
    saves,
    load: async () => last,
    save: async (_name, position) => {
      saves.push(position);
      last = position;
    },
  };
}

let streams = 0;
const afterClose: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of afterClose.splice(0)) await close(); // a failed expectation must not leave a polling loop behind
});
async function appendOnePerTurn(store: MemoryEventStore, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    streams += 1;
    await store.append(`probe-${streams}`, [{ type: 'platform.probe.recorded', data: { i }, actor }], { expectedRevision: 'no-stream' });
    await new Promise((resolve) => setImmediate(resolve));
  }
}

test('a steady trickle of pages is checkpointed by time, not once per page; caughtUp and close save', async () => {
  const store = new MemoryEventStore();
  const checkpoints = counting();
  const handled: number[] = [];
  const source = { readAll: (o?: { fromPosition?: number }) => store.readAll(o), headPosition: () => store.headPosition() };
  const sub = await startSubscription(source, checkpoints, (e) => void handled.push(e.globalPosition), { checkpoint: 'trickle' }, { pollMs: 1, saveIntervalMs: 60_000 });
  afterClose.push(() => sub.close());
  await appendOnePerTurn(store, 40);
  await sub.reached(40);
  expect(handled).toHaveLength(40);
  expect(checkpoints.saves).toEqual([]); // 40 pages, none saved yet: the interval has not passed
  await sub.caughtUp();
  expect(checkpoints.saves).toEqual([40]); // someone waited: saved before caughtUp resolved
  await appendOnePerTurn(store, 3);
  await sub.reached(43);
  await sub.close();
  expect(checkpoints.saves).toEqual([40, 43]);

  // A restart resumes after the saved position: nothing is delivered twice.
  const again: number[] = [];
  const resumed = await startSubscription(source, checkpoints, (e) => void again.push(e.globalPosition), { checkpoint: 'trickle' }, { pollMs: 1 });
  afterClose.push(() => resumed.close());
  await appendOnePerTurn(store, 1);
  await resumed.caughtUp();
  expect(again).toEqual([44]);
  await resumed.close();
});

test('once the interval has passed, the next page (even an empty poll) saves; until then none does', async () => {
  // 1 s: long enough that a loaded machine does not reach it while the first five are appended.
  const store = new MemoryEventStore();
  const checkpoints = counting();
  const source = { readAll: (o?: { fromPosition?: number }) => store.readAll(o), headPosition: () => store.headPosition() };
  const sub = await startSubscription(source, checkpoints, () => undefined, { checkpoint: 'busy' }, { pollMs: 1, saveIntervalMs: 1000 });
  try {
    await appendOnePerTurn(store, 5);
    await sub.reached(5);
    expect(checkpoints.saves).toEqual([]);
    // Idle polls: the first one after 1 s saves (waited for up to 10 s on a loaded machine).
    for (const deadline = Date.now() + 10_000; checkpoints.saves.length === 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(checkpoints.saves).toEqual([5]);
    await appendOnePerTurn(store, 1);
    await sub.reached(6);
    expect(checkpoints.saves).toEqual([5]); // just saved: the interval starts again
  } finally {
    await sub.close();
  }
  expect(checkpoints.saves).toEqual([5, 6]);
});
