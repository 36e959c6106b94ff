import { randomUUID } from 'node:crypto';
import {
  CommandHandler,
  ConcurrencyError,
  hashedUuid,
  MemoryEventStore,
  Refusal,
  refused,
  type CommandContext,
  type Decider,
  type EventStore,
} from '@grid/platform';

// A pocket-sized counter with a ceiling, enough to show the handler's concurrency rules.
type Cmd = { type: 'add'; by: number };
type Evt = { type: 'sample.counter.added'; data: { by: number } };
type State = { total: number };
const CEILING = 10;

const counter: Decider<Cmd, Evt, State> = {
  initialState: { total: 0 },
  decide(cmd, s) {
    if (s.total + cmd.by > CEILING) throw refused('over-ceiling', `the counter stops at ${CEILING}`);
    return [{ type: 'sample.counter.added', data: { by: cmd.by } }];
  },
  evolve: (s, e) => ({ total: s.total + e.data.by }),
};

const ctx: CommandContext = { actor: { id: 'worker-1', role: 'grid-worker' } };
const add = (by: number): Cmd => ({ type: 'add', by });

/** Every port method forwarded to `inner` (a class instance cannot be spread), some replaced. */
const delegate = (inner: EventStore, overrides: Partial<EventStore>): EventStore => ({
  append: (s, e, o) => inner.append(s, e, o),
  readStream: (s, o) => inner.readStream(s, o),
  readAll: (o) => inner.readAll(o),
  readEvents: (ids, o) => inner.readEvents(ids, o),
  readCausedBy: (ids, o) => inner.readCausedBy(ids, o),
  headPosition: () => inner.headPosition(),
  subscribeToAll: (h, o) => inner.subscribeToAll(h, o),
  close: () => inner.close(),
  ...overrides,
});

/**
 * The memory store, instrumented: counts appends and conflicts, and can hold the next `n` stream reads
 * until all `n` have arrived, so racing handlers surely decide on the same revision (no timing luck).
 */
function instrumented(inner: EventStore) {
  const counts = { appends: 0, conflicts: 0 };
  let barrier: { size: number; arrived: (() => void)[] } | null = null;
  const store = delegate(inner, {
    append: async (s, e, o) => {
      counts.appends += 1;
      try {
        return await inner.append(s, e, o);
      } catch (error) {
        if (error instanceof ConcurrencyError) counts.conflicts += 1;
        throw error;
      }
    },
    readStream: async (s, o) => {
      const events = await inner.readStream(s, o);
      if (barrier) {
        const b = barrier;
        await new Promise<void>((resolve) => {
          b.arrived.push(resolve);
          if (b.arrived.length === b.size) {
            barrier = null;
            b.arrived.forEach((r) => r());
          }
        });
      }
      return events;
    },
  });
  return { store, counts, holdReads: (size: number) => void (barrier = { size, arrived: [] }) };
}

let stream: string;
let memory: MemoryEventStore;
beforeEach(() => {
  stream = `counter-${randomUUID()}`;
  memory = new MemoryEventStore();
});
const total = async () => (await new CommandHandler({ store: memory, decider: counter }).load(stream)).state.total;

describe('handling a command', () => {
  test('a command is decided on the stream and its events appended', async () => {
    const result = await new CommandHandler({ store: memory, decider: counter }).handle(stream, add(3), ctx);
    expect(result).toMatchObject({ state: { total: 3 }, revision: 0 });
    expect(result.appended).toHaveLength(1);
  });

  test('two handlers racing on one stream: the loser sees the conflict, decides again, and both commands apply', async () => {
    const { store, counts, holdReads } = instrumented(memory);
    holdReads(2);
    const [first, second] = await Promise.all([
      new CommandHandler({ store, decider: counter }).handle(stream, add(2), ctx),
      new CommandHandler({ store, decider: counter }).handle(stream, add(3), ctx),
    ]);
    expect(counts.conflicts).toBe(1);
    expect(counts.appends).toBe(3);
    expect([first!.revision, second!.revision].sort()).toEqual([0, 1]);
    expect(await total()).toBe(5);
  });

  test('the retry decides on the new state, so a rule the winner made true refuses the loser', async () => {
    await new CommandHandler({ store: memory, decider: counter }).handle(stream, add(6), ctx);
    const { store, holdReads } = instrumented(memory);
    holdReads(2);
    const outcomes = await Promise.allSettled([
      new CommandHandler({ store, decider: counter }).handle(stream, add(3), ctx),
      new CommandHandler({ store, decider: counter }).handle(stream, add(3), ctx),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
    expect(lost.reason).toBeInstanceOf(Refusal);
    expect(lost.reason).toMatchObject({ rule: 'over-ceiling' });
    expect(await total()).toBe(9);
  });

  test("the caller's expected revision (If-Match) that is stale is a conflict, never retried", async () => {
    await new CommandHandler({ store: memory, decider: counter }).handle(stream, add(1), ctx);
    const { store, counts } = instrumented(memory);
    const stale = new CommandHandler({ store, decider: counter }).handle(stream, add(1), { ...ctx, expectedRevision: 'no-stream' });
    await expect(stale).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(stale).rejects.toMatchObject({ expected: 'no-stream', actual: 0 });
    expect(counts.appends).toBe(0);
    expect(await total()).toBe(1);
  });

  test('two callers with the same If-Match racing: one wins, the other gets the conflict without a retry', async () => {
    await new CommandHandler({ store: memory, decider: counter }).handle(stream, add(1), ctx);
    const { store, counts, holdReads } = instrumented(memory);
    holdReads(2);
    const ifMatch = { ...ctx, expectedRevision: 0 };
    const outcomes = await Promise.allSettled([
      new CommandHandler({ store, decider: counter }).handle(stream, add(2), ifMatch),
      new CommandHandler({ store, decider: counter }).handle(stream, add(4), ifMatch),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({
      reason: { constructor: ConcurrencyError, expected: 0, actual: 1 },
    });
    expect(counts.appends).toBe(2);
    expect(counts.conflicts).toBe(1);
  });

  test('a refusal propagates by its rule and nothing is appended', async () => {
    await new CommandHandler({ store: memory, decider: counter }).handle(stream, add(9), ctx);
    const { store, counts } = instrumented(memory);
    await expect(new CommandHandler({ store, decider: counter }).handle(stream, add(2), ctx)).rejects.toMatchObject({
      constructor: Refusal,
      rule: 'over-ceiling',
    });
    expect(counts.appends).toBe(0);
    expect(await total()).toBe(9);
  });

  // What an Idempotency-Key leans on (event ids per stream, event-store.ts): the retry re-reads the stream,
  // decides again and appends the same ids at the head, where the store finds them as the stream's last events.
  test('a keyed command handled again after its answer was lost appends nothing the second time', async () => {
    const keyed: CommandContext = { ...ctx, idSeed: randomUUID() };
    const first = await new CommandHandler({ store: memory, decider: counter }).handle(stream, add(2), keyed);
    // Another process (no cached state) takes the retry.
    const again = await new CommandHandler({ store: memory, decider: counter }).handle(stream, add(2), keyed);
    expect(again.appended.map((e) => e.eventId)).toEqual(first.appended.map((e) => e.eventId));
    expect(again.position).toBe(first.position);
    expect(await total()).toBe(2);
  });

  // Seen at district scale: 32 registrations admitted on one grid's stream at once exhausted immediate retries.
  test('thirty-two writers racing on one stream all land: a retry waits a jittered while instead of colliding again at once', async () => {
    const { store, counts, holdReads } = instrumented(memory);
    holdReads(32);
    await Promise.all(Array.from({ length: 32 }, () => new CommandHandler({ store, decider: counter }).handle(stream, add(0), ctx)));
    expect(await memory.readStream(stream)).toHaveLength(32);
    expect(counts.conflicts).toBeGreaterThanOrEqual(31);
  });

  test('a conflict that keeps coming back gives up after the set number of attempts', async () => {
    let attempts = 0;
    const counting = delegate(memory, {
      append: async (s) => {
        attempts += 1;
        throw new ConcurrencyError(s, 'no-stream', 0);
      },
    });
    await expect(new CommandHandler({ store: counting, decider: counter, maxAttempts: 3 }).handle(stream, add(1), ctx)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(attempts).toBe(3);
  });
});

describe('folded-state cache', () => {
  const reads = (inner: EventStore) => {
    const from: (number | undefined)[] = [];
    const store = delegate(inner, {
      readStream: (s, o) => {
        from.push(o?.fromRevision);
        return inner.readStream(s, o);
      },
    });
    return { store, from };
  };

  test('a stream read once is afterwards read only from the revision after the cached state', async () => {
    const inner = new MemoryEventStore();
    const { store, from } = reads(inner);
    const handler = new CommandHandler({ store, decider: counter });
    const stream = `counter-${randomUUID()}`;
    await handler.handle(stream, add(1), ctx);
    await handler.handle(stream, add(2), ctx);
    await handler.handle(stream, add(3), ctx);
    expect(from).toEqual([undefined, 1, 2]); // whole stream once, then only what follows the cached revision
    expect(await handler.load(stream)).toEqual({ state: { total: 6 }, revision: 2 });
  });

  test("another writer's events are folded in on the next load, and a conflict is decided on them", async () => {
    const inner = new MemoryEventStore();
    const mine = new CommandHandler({ store: inner, decider: counter });
    const theirs = new CommandHandler({ store: inner, decider: counter });
    const stream = `counter-${randomUUID()}`;
    await mine.handle(stream, add(4), ctx);
    await theirs.handle(stream, add(5), ctx); // mine's cache is now behind
    expect(await mine.load(stream)).toEqual({ state: { total: 9 }, revision: 1 });
    await expect(mine.handle(stream, add(2), ctx)).rejects.toBeInstanceOf(Refusal); // 9 + 2 > 10: decided on the real state
  });

  test('the cache is bounded (least recently used go first) and 0 turns it off', async () => {
    const inner = new MemoryEventStore();
    const { store, from } = reads(inner);
    const handler = new CommandHandler({ store, decider: counter, maxAttempts: 5, cachedStreams: 2 });
    const [a, b, c] = ['a', 'b', 'c'].map((x) => `counter-${x}-${randomUUID()}`) as [string, string, string];
    for (const s of [a, b, c]) await handler.handle(s, add(1), ctx);
    from.length = 0;
    await handler.load(c);
    await handler.load(b);
    await handler.load(a); // evicted: read whole
    expect(from).toEqual([1, 1, undefined]);
    const uncached = reads(inner);
    const off = new CommandHandler({ store: uncached.store, decider: counter, maxAttempts: 5, cachedStreams: 0 });
    await off.load(a);
    await off.load(a);
    expect(uncached.from).toEqual([undefined, undefined]);
  });

  test('cached states are frozen under test: a decider that changes its state in place is caught', async () => {
    const mutating: Decider<Cmd, Evt, State> = {
      ...counter,
      initialState: { total: 0 },
      evolve: (s, e) => {
        (s as { total: number }).total += e.data.by; // wrong: must return a new state
        return s;
      },
    };
    const handler = new CommandHandler({ store: new MemoryEventStore(), decider: mutating });
    const stream = `counter-${randomUUID()}`;
    await handler.handle(stream, add(1), ctx); // its state is cached, frozen
    await expect(handler.handle(stream, add(1), ctx)).rejects.toThrow(TypeError); // folding onto it throws
  });
});

describe('a decision of its own', () => {
  const counted = { initialState: counter.initialState, evolve: counter.evolve };
  const addUpTo = (target: number) => (s: State): Evt[] => (s.total < target ? [{ type: 'sample.counter.added', data: { by: target - s.total } }] : []);

  test('a call may pass a plain (state) => events function; the handler reads, appends and caches as for a command', async () => {
    const handler = new CommandHandler({ store: memory, decider: counted });
    await handler.handle(stream, addUpTo(4), ctx);
    const result = await handler.handle(stream, addUpTo(7), ctx);
    expect(result).toMatchObject({ state: { total: 7 }, revision: 1 });
    expect((await memory.readStream(stream)).map((e) => e.data)).toEqual([{ by: 4 }, { by: 3 }]);
    expect((await handler.handle(stream, addUpTo(7), ctx)).appended).toEqual([]);
  });

  test('on a conflict the decision is made again on the stream as the other writer left it', async () => {
    const { store, holdReads } = instrumented(memory);
    holdReads(2);
    await Promise.all([
      new CommandHandler({ store, decider: counted }).handle(stream, addUpTo(5), ctx),
      new CommandHandler({ store, decider: counted }).handle(stream, addUpTo(8), ctx),
    ]);
    expect(await total()).toBe(8); // one writer lost the race, read again, and only topped up
  });

  test('a handler with no decider refuses a command object', async () => {
    await expect(new CommandHandler<Cmd, Evt, State>({ store: memory, decider: counted }).handle(stream, add(1), ctx)).rejects.toThrow(TypeError);
  });

  test('the state after an append is what a fresh load folds, with what the store added (recordedAt)', async () => {
    type Seen = { total: number; lastRecordedAt: string | null };
    const recorded = {
      initialState: { total: 0, lastRecordedAt: null } as Seen,
      evolve: (s: Seen, e: Evt & { recordedAt?: string }): Seen => ({ total: s.total + e.data.by, lastRecordedAt: e.recordedAt ?? null }),
    };
    const toEvent = (e: { type: string; data: Record<string, unknown>; recordedAt: string }) => ({ ...(e as unknown as Evt), recordedAt: e.recordedAt });
    const handler = new CommandHandler({ store: memory, decider: recorded, toEvent });
    const after = await handler.handle(stream, () => [{ type: 'sample.counter.added', data: { by: 1 } }], ctx);
    expect(after.state.lastRecordedAt).toBe(after.appended[0]!.recordedAt);
    expect((await new CommandHandler({ store: memory, decider: recorded, toEvent }).load(stream)).state).toEqual(after.state);
  });
});

describe('event ids from the id seed', () => {
  const seeded: CommandContext = { ...ctx, idSeed: 'request-7' };

  test('the same seed writes the same ids: a retried command that decides the same events finds them stored', async () => {
    const first = await new CommandHandler({ store: memory, decider: counter }).handle(stream, add(2), seeded);
    const other = new MemoryEventStore();
    const again = await new CommandHandler({ store: other, decider: counter }).handle(stream, add(2), seeded);
    expect(again.appended.map((e) => e.eventId)).toEqual(first.appended.map((e) => e.eventId));
    expect(first.appended[0]!.eventId).toBe(hashedUuid('request-7', stream, 0));
  });

  test('ids differ by stream and by index, and are fresh without a seed', async () => {
    const handler = new CommandHandler({ store: memory, decider: { ...counter, decide: (c: Cmd) => [1, 2].map(() => ({ type: 'sample.counter.added' as const, data: { by: c.by } })) } });
    const a = await handler.handle(stream, add(1), seeded);
    const b = await handler.handle(`${stream}-b`, add(1), seeded);
    const ids = [...a.appended, ...b.appended].map((e) => e.eventId);
    expect(new Set(ids).size).toBe(4);
    const unseeded = await handler.handle(`${stream}-c`, add(1), ctx);
    expect(unseeded.appended.map((e) => e.eventId[14])).toEqual(['7', '7']); // UUIDv7: time-ordered, random
  });

  test("by revision: one request's second append to a stream is never taken for its first", async () => {
    const handler = new CommandHandler({ store: memory, decider: counter, idsBy: 'revision' });
    const first = await handler.handle(stream, add(1), seeded);
    const second = await handler.handle(stream, add(1), seeded);
    expect(second.appended).toHaveLength(1);
    expect(second.appended[0]!.eventId).not.toBe(first.appended[0]!.eventId);
    expect(await total()).toBe(2);
  });
});
