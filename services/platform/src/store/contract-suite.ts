import { randomUUID } from 'node:crypto';
import { EnvelopeSchema, type Actor, type Envelope, type NewEvent } from '@grid/contracts';
import { ConcurrencyError, DuplicateEventError, type AppendedEvent, type EventStore } from './event-store';
import { canonicalJson, sha256Hex } from './hash-chain';
import { verifyAll, verifyStream } from './verifier';
import { subscriptionContract } from './contract-suite-subscriptions';
import { lookupContract } from './contract-suite-lookups';
import {
  collect,
  expectStrictlyIncreasing,
  failure,
  newStream,
  PROBE,
  probe,
  probes,
  UUID,
  withIds,
  withoutPosition,
  type ContractSubject,
} from './contract-suite-support';

export type { ContractSubject } from './contract-suite-support';

/** The behaviour every EventStore adapter must show; each adapter's test file calls this once. */
export function eventStoreContract(name: string, factory: () => Promise<ContractSubject>): void {
  describe(`${name} keeps the EventStore contract`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    beforeEach(async () => {
      subject = await factory();
      store = subject.store;
    });
    afterEach(async () => subject.cleanup());

    describe('appending', () => {
      test('appending with no-stream starts a new stream at revision 0', async () => {
        const stream = newStream();
        const result = await store.append(stream, probes(2), { expectedRevision: 'no-stream' });
        expect(result.nextRevision).toBe(1);
        expect(result.events.map((e) => e.streamRevision)).toEqual([0, 1]);
        expect(result.position).toBe((await store.readStream(stream))[1]!.globalPosition);
      });

      test('appending with any starts a stream and extends it', async () => {
        const stream = newStream();
        await store.append(stream, [probe(0)], { expectedRevision: 'any' });
        const result = await store.append(stream, [probe(1)], { expectedRevision: 'any' });
        expect(result.nextRevision).toBe(1);
        expect((await store.readStream(stream)).map((e) => e.data.n)).toEqual([0, 1]);
      });

      test('appending at the current revision extends the stream', async () => {
        const stream = newStream();
        await store.append(stream, probes(2), { expectedRevision: 'no-stream' });
        const result = await store.append(stream, probes(2, 2), { expectedRevision: 1 });
        expect(result.events.map((e) => e.streamRevision)).toEqual([2, 3]);
        expect(await store.readStream(stream)).toHaveLength(4);
      });

      test('the store fills in ids, revisions, positions, times, correlation and the hash chain', async () => {
        const stream = newStream();
        const startedAt = Date.now();
        const before = await store.headPosition();
        const result = await store.append(stream, probes(3), { expectedRevision: 'no-stream' });
        const events = await store.readStream(stream);
        expect(events.map(withoutPosition)).toEqual(result.events);
        expect(result.position).toBe(events[2]!.globalPosition);
        events.forEach((e, i) => {
          expect(() => EnvelopeSchema.parse(e)).not.toThrow();
          expect(e.eventId).toMatch(UUID);
          expect(e).toMatchObject({ type: PROBE, schemaVersion: 1, streamId: stream, streamRevision: i, data: { n: i } });
          expect(e.correlationId).toBe(e.eventId);
          expect(e.causationId).toBeNull();
          expect(e.traceparent).toBeNull();
          expect(e.occurredAt).toBe(e.recordedAt);
          expect(Date.parse(e.recordedAt)).toBeGreaterThanOrEqual(startedAt - 1000);
          expect(Date.parse(e.recordedAt)).toBeLessThanOrEqual(Date.now() + 1000);
          expect(e.prevHash).toBe(i === 0 ? null : events[i - 1]!.hash);
          expect(e.hash).toBe(sha256Hex(canonicalJson(e)));
        });
        expect(events[0]!.globalPosition).toBeGreaterThan(before);
        expectStrictlyIncreasing(events.map((e) => e.globalPosition));
        expect(new Set(events.map((e) => e.eventId)).size).toBe(3);
      });

      test('what the writer gives is kept as given', async () => {
        const stream = newStream();
        const given: NewEvent = {
          eventId: randomUUID(),
          type: PROBE,
          data: { n: 7, note: '低保 复核', payload: { list: [1, 'two', null], zero: 0, nested: { ok: true } } },
          occurredAt: '2026-03-01',
          actor: { id: 'worker-17', role: 'grid-worker' },
          reason: 'annual review',
          correlationId: 'request-42',
          causationId: 'event-41',
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        };
        const {
          events: [stored],
        } = await store.append(stream, [given], { expectedRevision: 'no-stream' });
        expect(stored).toMatchObject({ ...given, schemaVersion: 1 });
        expect((await store.readStream(stream)).map(withoutPosition)).toEqual([stored]);
      });

      test('global positions strictly increase across streams', async () => {
        const a = newStream();
        const b = newStream();
        const results = [];
        for (let i = 0; i < 4; i += 1) results.push(await store.append(i % 2 ? a : b, [probe(i)], { expectedRevision: 'any' }));
        expectStrictlyIncreasing(results.map((r) => r.position));
      });

      test('an empty append checks the expected revision and writes nothing', async () => {
        const stream = newStream();
        await store.append(stream, [probe(0)], { expectedRevision: 'no-stream' });
        const result = await store.append(stream, [], { expectedRevision: 0 });
        expect(result.events).toEqual([]);
        expect(result.nextRevision).toBe(0);
        expect(await failure(store.append(stream, [], { expectedRevision: 5 }))).toBeInstanceOf(ConcurrencyError);
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('optimistic concurrency', () => {
      test('a wrong expected revision is refused with the actual revision, and nothing is written', async () => {
        const stream = newStream();
        await store.append(stream, probes(2), { expectedRevision: 'no-stream' });
        const error = await failure(store.append(stream, probes(3, 2), { expectedRevision: 0 }));
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ streamId: stream, expected: 0, actual: 1 });
        expect((await store.readStream(stream)).map((e) => e.data.n)).toEqual([0, 1]);
      });

      test('no-stream on an existing stream is refused with its revision', async () => {
        const stream = newStream();
        await store.append(stream, [probe(0)], { expectedRevision: 'no-stream' });
        expect(await failure(store.append(stream, [probe(1)], { expectedRevision: 'no-stream' }))).toMatchObject({
          expected: 'no-stream',
          actual: 0,
        });
      });

      test('a revision on a missing stream is refused as no-stream, and the stream stays missing', async () => {
        const stream = newStream();
        expect(await failure(store.append(stream, [probe(0)], { expectedRevision: 3 }))).toMatchObject({
          expected: 3,
          actual: 'no-stream',
        });
        expect(await store.readStream(stream)).toEqual([]);
      });

      test('writers racing for the same revision: exactly one wins each round, the others get ConcurrencyError', async () => {
        const stream = newStream();
        for (let round = 0; round < 5; round += 1) {
          const expectedRevision = round === 0 ? 'no-stream' : round - 1;
          const outcomes = await Promise.allSettled(
            Array.from({ length: 10 }, (_, i) => store.append(stream, [probe(round * 100 + i)], { expectedRevision })),
          );
          const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
          expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
          for (const o of lost)
            expect(o.reason).toMatchObject({ constructor: ConcurrencyError, expected: expectedRevision, actual: round });
        }
        const events = await store.readStream(stream);
        expect(events.map((e) => e.streamRevision)).toEqual([0, 1, 2, 3, 4]);
        expect((await verifyStream(store, stream)).ok).toBe(true);
      });

      test('appends to different streams in parallel all succeed', async () => {
        const streams = Array.from({ length: 30 }, newStream);
        await Promise.all(streams.map((s) => store.append(s, probes(2), { expectedRevision: 'no-stream' })));
        const stored = await Promise.all(streams.map((s) => store.readStream(s)));
        for (const events of stored) expect(events).toHaveLength(2);
        expect(new Set(stored.flat().map((e) => e.globalPosition)).size).toBe(60);
      });
    });

    describe("answered at commit (answerAt: 'commit')", () => {
      test('the append is in its stream when answered, checks revisions like any other, and reaches the log', async () => {
        const stream = newStream();
        const first = await store.append(stream, [probe(0)], { expectedRevision: 'no-stream', answerAt: 'commit' });
        expect((await store.readStream(stream)).map((e) => e.eventId)).toEqual([first.events[0]!.eventId]);
        await expect(store.append(stream, [probe(1)], { expectedRevision: 'no-stream', answerAt: 'commit' })).rejects.toBeInstanceOf(
          ConcurrencyError,
        );
        // The caller's later, durable append: once it is answered, both are in the global log, in order.
        const second = await store.append(stream, [probe(1)], { expectedRevision: 0 });
        const logged = await collect(store.readAll({ fromPosition: first.position - 1 }));
        expect(logged.filter((e) => e.streamId === stream).map((e) => e.streamRevision)).toEqual([0, 1]);
        expect(second.position).toBeGreaterThan(first.position);
      });
    });

    describe('all or nothing', () => {
      const broken: [string, (n: number) => NewEvent][] = [
        ['a BigInt in its data', (n) => ({ ...probe(n), data: { n, big: 10n } })],
        ['a NaN in its data', (n) => ({ ...probe(n), data: { n, ratio: Number.NaN } })],
        ['a function in its data', (n) => ({ ...probe(n), data: { n, f: () => n } })],
        ['a type that is not <service>.<aggregate>.<event>', (n) => ({ ...probe(n), type: 'Probe Recorded' })],
        ['an actor whose role is not a role name', (n) => ({ ...probe(n), actor: { id: 'x', role: 'Mayor of X' } as unknown as Actor })],
        ['an eventId that is not a uuid', (n) => ({ ...probe(n), eventId: 'not-a-uuid' })],
      ];
      test.each(broken)('a batch whose third event has %s stores nothing of the batch', async (_what, third) => {
        const stream = newStream();
        await store.append(stream, [probe(0)], { expectedRevision: 'no-stream' });
        const good = withIds(probes(2, 1));
        await failure(store.append(stream, [...good, third(3)], { expectedRevision: 0 }));
        expect((await store.readStream(stream)).map((e) => e.data.n)).toEqual([0]);
        // The good events' ids were not kept either: they append as new events at the same place.
        const retry = await store.append(stream, good, { expectedRevision: 0 });
        expect(retry.events.map((e) => e.streamRevision)).toEqual([1, 2]);
      });

      test('a batch naming one id twice is refused and stores nothing', async () => {
        const stream = newStream();
        const id = randomUUID();
        await failure(store.append(stream, [probe(0, { eventId: id }), probe(1, { eventId: id })], { expectedRevision: 'no-stream' }));
        expect(await store.readStream(stream)).toEqual([]);
      });
    });

    // Event ids are idempotency keys per stream (event-store.ts): what KurrentDB's expected revision gives.
    describe('idempotent re-append', () => {
      test('re-appending the same events with the same expected revision succeeds, adds nothing and returns the stored events', async () => {
        const stream = newStream();
        const batch = withIds(probes(2));
        const first = await store.append(stream, batch, { expectedRevision: 'no-stream' });
        const again = await store.append(stream, batch, { expectedRevision: 'no-stream' });
        expect(again).toEqual(first);
        const later = withIds(probes(2, 2));
        const second = await store.append(stream, later, { expectedRevision: 1 });
        expect(await store.append(stream, later, { expectedRevision: 1 })).toEqual(second);
        expect(await store.readStream(stream)).toHaveLength(4);
      });

      test('…also once other events landed behind it', async () => {
        const stream = newStream();
        await store.append(stream, [probe(0)], { expectedRevision: 'no-stream' });
        const batch = withIds(probes(2, 1));
        const first = await store.append(stream, batch, { expectedRevision: 0 });
        await store.append(stream, probes(3, 3), { expectedRevision: 2 });
        expect(await store.append(stream, batch, { expectedRevision: 0 })).toEqual(first);
        expect((await store.readStream(stream)).map((e) => e.data.n)).toEqual([0, 1, 2, 3, 4, 5]);
      });

      test("a retry that re-read the stream (expecting its current revision, or 'any') finds its events at the end", async () => {
        const stream = newStream();
        await store.append(stream, [probe(0)], { expectedRevision: 'no-stream' });
        const batch = withIds(probes(2, 1));
        const first = await store.append(stream, batch, { expectedRevision: 0 });
        expect(await store.append(stream, batch, { expectedRevision: 2 })).toEqual(first);
        expect(await store.append(stream, batch, { expectedRevision: 'any' })).toEqual(first);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      test('re-appending the same events with any succeeds and adds nothing', async () => {
        const stream = newStream();
        const batch = withIds(probes(3));
        const first = await store.append(stream, batch, { expectedRevision: 'any' });
        expect((await store.append(stream, batch, { expectedRevision: 'any' })).events).toEqual(first.events);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      test('a batch that only partly matches stored ids, or in another order, is refused as a duplicate and stores nothing', async () => {
        const stream = newStream();
        const batch = withIds(probes(2));
        await store.append(stream, batch, { expectedRevision: 'no-stream' });
        const reordered = [batch[1]!, batch[0]!];
        expect(await failure(store.append(stream, reordered, { expectedRevision: 'any' }))).toBeInstanceOf(DuplicateEventError);
        const partly = [batch[1]!, ...withIds([probe(2)])];
        expect(await failure(store.append(stream, partly, { expectedRevision: 1 }))).toBeInstanceOf(DuplicateEventError);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      test('the same append sent twice at once is stored once and both callers succeed', async () => {
        const stream = newStream();
        const batch = withIds(probes(2));
        const [a, b] = await Promise.all([1, 2].map(() => store.append(stream, batch, { expectedRevision: 'no-stream' })));
        // What both answers agree on; the stored copy's recordedAt and hash may be only one caller's (AppendResult).
        const place = (r: typeof a) => ({ nextRevision: r!.nextRevision, position: r!.position, ids: r!.events.map((e) => [e.eventId, e.streamRevision]) });
        expect(place(a)).toEqual(place(b));
        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.eventId)).toEqual(batch.map((e) => e.eventId));
        expect([a!.events, b!.events]).toContainEqual(stored.map(withoutPosition));
        expect((await verifyStream(store, stream)).ok).toBe(true);
      });

      test("the same append racing with 'any' is stored once too", async () => {
        const stream = newStream();
        await store.append(stream, [probe(0)], { expectedRevision: 'no-stream' });
        const batch = withIds(probes(2, 1));
        await Promise.all([1, 2, 3].map(() => store.append(stream, batch, { expectedRevision: 'any' })));
        expect((await store.readStream(stream)).map((e) => e.data.n)).toEqual([0, 1, 2]);
      });
    });

    describe('reading', () => {
      test('a stream reads forwards, backwards, from a revision and up to a count', async () => {
        const stream = newStream();
        await store.append(stream, probes(5), { expectedRevision: 'no-stream' });
        const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream(stream, options)).map((e) => e.streamRevision);
        expect(await revisions({})).toEqual([0, 1, 2, 3, 4]);
        expect(await revisions({ direction: 'backwards' })).toEqual([4, 3, 2, 1, 0]);
        expect(await revisions({ fromRevision: 2 })).toEqual([2, 3, 4]);
        expect(await revisions({ direction: 'backwards', fromRevision: 2 })).toEqual([2, 1, 0]);
        expect(await revisions({ maxCount: 2 })).toEqual([0, 1]);
        expect(await revisions({ direction: 'backwards', maxCount: 2 })).toEqual([4, 3]);
        expect(await revisions({ fromRevision: 3, maxCount: 1 })).toEqual([3]);
        expect(await revisions({ fromRevision: 9 })).toEqual([]);
      });

      test('a missing stream reads as no events', async () => {
        expect(await store.readStream(newStream())).toEqual([]);
        expect(await store.readStream(newStream(), { direction: 'backwards' })).toEqual([]);
      });

      test('the global log reads in order from a position, exclusive, in small batches', async () => {
        const start = await store.headPosition();
        const streams = [newStream(), newStream(), newStream()];
        const written: AppendedEvent[] = [];
        for (let round = 0; round < 5; round += 1) {
          for (const [i, s] of streams.entries())
            written.push(...(await store.append(s, probes(i + 1, round * 10), { expectedRevision: 'any' })).events);
        }
        const ours = (e: Envelope) => streams.includes(e.streamId);
        const ids = (events: AppendedEvent[]) => events.map((e) => e.eventId);
        for (const batchSize of [1, 4, 7, 1000]) {
          const all = await collect(store.readAll({ fromPosition: start, batchSize }));
          expectStrictlyIncreasing(all.map((e) => e.globalPosition));
          expect(ids(all.filter(ours))).toEqual(ids(written));
        }
        const [tenth] = await store.readStream(written[9]!.streamId, { fromRevision: written[9]!.streamRevision, maxCount: 1 });
        expect(ids(await collect(store.readAll({ fromPosition: tenth!.globalPosition, batchSize: 4 }), ours))).toEqual(
          ids(written.slice(10)),
        );
        expect(await collect(store.readAll({ fromPosition: await store.headPosition() }), ours)).toEqual([]);
      });

      test('the head position is at or after the last event written', async () => {
        const first = await store.append(newStream(), [probe(0)], { expectedRevision: 'no-stream' });
        expect(await store.headPosition()).toBeGreaterThanOrEqual(first.position);
        const second = await store.append(newStream(), [probe(1)], { expectedRevision: 'no-stream' });
        expect(await store.headPosition()).toBeGreaterThanOrEqual(second.position);
        expect(second.position).toBeGreaterThan(first.position);
      });
    });

    describe('verification', () => {
      test('good data verifies, stream by stream and as a whole', async () => {
        const streams = [newStream(), newStream()];
        for (const s of streams) await store.append(s, probes(3), { expectedRevision: 'no-stream' });
        await store.append(streams[0]!, probes(2, 3), { expectedRevision: 2 });
        expect(await verifyStream(store, streams[0]!)).toEqual({ ok: true, eventsChecked: 5, streamsChecked: 1, firstFault: null });
        const all = await verifyAll(store);
        expect(all.ok).toBe(true);
        expect(all.eventsChecked).toBeGreaterThanOrEqual(8);
      });
    });

    lookupContract(() => subject);

    subscriptionContract(() => subject);

    describe('durability', () => {
      test('what was written survives closing and reopening, and the chain goes on (when the adapter reopens)', async () => {
        if (!subject.reopen) return; // nothing is kept across close (memory)
        const stream = newStream();
        const first = await store.append(stream, probes(2), { expectedRevision: 'no-stream' });
        await store.close();
        const again = await subject.reopen();
        try {
          expect((await again.readStream(stream)).map(withoutPosition)).toEqual(first.events);
          const next = await again.append(stream, [probe(2)], { expectedRevision: 1 });
          expect(next.events[0]!.prevHash).toBe(first.events[1]!.hash);
          expect(next.position).toBeGreaterThan(first.position);
          expect((await verifyStream(again, stream)).ok).toBe(true);
        } finally {
          await again.close();
        }
      });
    });
  });
}
