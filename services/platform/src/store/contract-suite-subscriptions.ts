import { randomUUID } from 'node:crypto';
import { categoryOf, type Envelope } from '@grid/contracts';
import type { EventHandler, EventStore, SubscribeOptions, Subscription } from './event-store';
import { expectStrictlyIncreasing, newStream, probes, type ContractSubject } from './contract-suite-support';

/** Subscription behaviour of the EventStore contract; declared inside eventStoreContract's describe. */
export function subscriptionContract(current: () => ContractSubject): void {
  describe('subscriptions', () => {
    const open = new Set<Subscription>();
    const subscribe = async (store: EventStore, handler: EventHandler, options: SubscribeOptions) => {
      const sub = await store.subscribeToAll(handler, options);
      open.add(sub);
      return sub;
    };
    const close = async (sub: Subscription) => {
      open.delete(sub);
      await sub.close();
    };
    afterEach(async () => {
      for (const sub of [...open]) await close(sub);
    });

    // Collects the data.n of one stream's events as the subscription hands them over.
    const recorder = (stream: string) => {
      const seen: Envelope[] = [];
      const handler: EventHandler = (e) => {
        if (e.streamId === stream) seen.push(e);
      };
      return { seen, handler, ns: () => seen.map((e) => e.data.n) };
    };

    test('a subscription delivers the history, then live events, in global order', async () => {
      const { store } = current();
      const start = await store.headPosition();
      const stream = newStream();
      await store.append(stream, probes(3), { expectedRevision: 'no-stream' });
      let fifth!: () => void;
      const allFive = new Promise<void>((resolve) => (fifth = resolve));
      const { seen, handler, ns } = recorder(stream);
      const sub = await subscribe(
        store,
        (e) => {
          handler(e);
          if (seen.length === 5) fifth();
        },
        { fromPosition: start },
      );
      await sub.caughtUp();
      expect(ns()).toEqual([0, 1, 2]);
      await store.append(stream, probes(2, 3), { expectedRevision: 2 });
      await allFive; // pushed live, without asking caughtUp()
      expect(seen.map((e) => e.streamRevision)).toEqual([0, 1, 2, 3, 4]);
      expectStrictlyIncreasing(seen.map((e) => e.globalPosition));
      await sub.caughtUp();
      expect(sub.position()).toBeGreaterThanOrEqual(seen[4]!.globalPosition);
    });

    test('reached(position) resolves once the event at that position is handled, and at once for handled ones', async () => {
      const { store } = current();
      const start = await store.headPosition();
      const stream = newStream();
      const handled: number[] = [];
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const sub = await subscribe(
        store,
        async (e) => {
          if (e.streamId !== stream) return;
          if (e.streamRevision === 1) await gate; // the second event's handler waits until released
          handled.push(e.globalPosition);
        },
        { fromPosition: start },
      );
      try {
        await store.append(stream, probes(2), { expectedRevision: 'no-stream' });
        const events = await store.readStream(stream);
        const [first, second] = events.map((e) => e.globalPosition) as [number, number]; // positions need not be consecutive
        let done = false;
        const reached = sub.reached(second).then(() => (done = true));
        await sub.reached(first); // the first one is handled without the gate
        expect(handled).toEqual([first]);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(done).toBe(false); // the second is still in its handler
        release();
        await reached;
        expect(handled).toEqual([first, second]);
      } finally {
        release();
      }
      await sub.reached(start); // long handled: at once
    });

    test('a category filter delivers only the streams of that category', async () => {
      const { store } = current();
      const start = await store.headPosition();
      const mine = newStream();
      // A category no other run uses, so a shared server holds no other events of it.
      const other = `probe${randomUUID().replaceAll('-', '')}-1`;
      for (let i = 0; i < 3; i += 1) {
        await store.append(mine, probes(1, i), { expectedRevision: 'any' });
        await store.append(other, probes(1, i), { expectedRevision: 'any' });
      }
      const seen: Envelope[] = [];
      const sub = await subscribe(store, (e) => void seen.push(e), { fromPosition: start, categories: [categoryOf(other)] });
      await sub.caughtUp();
      expect(seen.map((e) => [e.streamId, e.data.n])).toEqual([
        [other, 0],
        [other, 1],
        [other, 2],
      ]);
      // Read-your-writes on another category's event: nothing of its own lies before it, so it is reached.
      const elsewhere = await store.append(mine, probes(1, 3), { expectedRevision: 'any' });
      await sub.reached(elsewhere.position);
      expect(sub.position()).toBeGreaterThanOrEqual(elsewhere.position);
      expect(seen).toHaveLength(3);
    });

    test('a named checkpoint resumes after the last handled event, with nothing lost or repeated', async () => {
      const { store } = current();
      const start = await store.headPosition();
      const stream = newStream();
      const checkpoint = `test-${randomUUID()}`;
      await store.append(stream, probes(3), { expectedRevision: 'no-stream' });
      const first = recorder(stream);
      const sub1 = await subscribe(store, first.handler, { checkpoint, fromPosition: start });
      await sub1.caughtUp();
      await close(sub1);
      await store.append(stream, probes(2, 3), { expectedRevision: 2 });
      const second = recorder(stream);
      const sub2 = await subscribe(store, second.handler, { checkpoint, fromPosition: start });
      await sub2.caughtUp();
      expect(first.ns()).toEqual([0, 1, 2]);
      expect(second.ns()).toEqual([3, 4]);
    });

    test('a failing handler is retried until it succeeds, never skipped', async () => {
      const { store } = current();
      const start = await store.headPosition();
      const stream = newStream();
      await store.append(stream, probes(3), { expectedRevision: 'no-stream' });
      const handled: unknown[] = [];
      let failures = 0;
      const sub = await subscribe(
        store,
        (e) => {
          if (e.streamId !== stream) return;
          if (e.data.n === 1 && failures < 2) {
            failures += 1;
            throw new Error('transient');
          }
          handled.push(e.data.n);
        },
        { fromPosition: start },
      );
      await sub.caughtUp();
      expect(failures).toBe(2);
      expect(handled).toEqual([0, 1, 2]);
    });

    test('a named checkpoint survives closing and reopening the store (when the adapter reopens)', async () => {
      const subject = current();
      if (!subject.reopen) return; // nothing is kept across close (memory)
      const start = await subject.store.headPosition();
      const stream = newStream();
      const checkpoint = `test-${randomUUID()}`;
      await subject.store.append(stream, probes(3), { expectedRevision: 'no-stream' });
      const first = recorder(stream);
      await (await subscribe(subject.store, first.handler, { checkpoint, fromPosition: start })).caughtUp();
      // Closing the store closes or outlives its subscriptions; either way the checkpoint must be kept.
      for (const sub of [...open]) await close(sub);
      await subject.store.close();
      const again = await subject.reopen();
      try {
        await again.append(stream, probes(2, 3), { expectedRevision: 2 });
        const second = recorder(stream);
        await (await subscribe(again, second.handler, { checkpoint, fromPosition: start })).caughtUp();
        for (const sub of [...open]) await close(sub);
        expect(first.ns()).toEqual([0, 1, 2]);
        expect(second.ns()).toEqual([3, 4]);
      } finally {
        await again.close();
      }
    });
  });
}
