import { randomUUID } from 'node:crypto';
import type { Envelope } from '@grid/contracts';
import { newStream, probe, type ContractSubject } from './contract-suite-support';

/** Look-ups by event id and by causation id of the EventStore contract; declared inside eventStoreContract's describe. */
export function lookupContract(current: () => ContractSubject): void {
  describe('look-ups by event id and by causation id', () => {
    const ids = (events: Envelope[]) => events.map((e) => e.eventId);

    // cause (stream a) → two effects (streams b, c) → one effect of an effect (stream a again); an unrelated event in b.
    async function chain() {
      const { store } = current();
      const [a, b, c] = [newStream(), newStream(), newStream()];
      const [cause] = (await store.append(a, [probe(0)], { expectedRevision: 'no-stream' })).events;
      await store.append(b, [probe(1)], { expectedRevision: 'no-stream' });
      await store.append(b, [probe(2, { causationId: cause!.eventId })], { expectedRevision: 0 });
      const [effect] = (await store.append(c, [probe(3, { causationId: cause!.eventId })], { expectedRevision: 'no-stream' })).events;
      await store.append(a, [probe(4, { causationId: effect!.eventId })], { expectedRevision: 0 });
      const read = async (s: string) => store.readStream(s);
      const [[a0, a1], [b0, b1], [c0]] = [await read(a), await read(b), await read(c)];
      return { store, cause: a0!, unrelated: b0!, effects: [b1!, c0!], further: a1! };
    }

    test('events are found by id in any stream, in global order, as their streams read them; unknown ids are left out', async () => {
      const { store, cause, unrelated, effects, further } = await chain();
      const asked = [further.eventId, randomUUID(), cause.eventId, effects[0]!.eventId, cause.eventId];
      expect(await store.readEvents(asked)).toEqual([cause, effects[0], further]);
      expect(await store.readEvents([unrelated.eventId])).toEqual([unrelated]);
      expect(await store.readEvents([randomUUID()])).toEqual([]);
      expect(await store.readEvents([])).toEqual([]);
    });

    test('`before` keeps the events before that position only (exclusive)', async () => {
      const { store, cause, effects, further } = await chain();
      const all = [cause, ...effects, further].map((e) => e.eventId);
      expect(ids(await store.readEvents(all, { before: further.globalPosition }))).toEqual(ids([cause, ...effects]));
      expect(ids(await store.readEvents(all, { before: effects[0]!.globalPosition }))).toEqual([cause.eventId]);
      expect(await store.readEvents(all, { before: cause.globalPosition })).toEqual([]);
    });

    test('what events caused directly is found in any stream, in global order, as their streams read them', async () => {
      const { store, cause, effects, further } = await chain();
      expect(await store.readCausedBy([cause.eventId])).toEqual(effects);
      expect(await store.readCausedBy([effects[1]!.eventId, cause.eventId, cause.eventId])).toEqual([...effects, further]);
      expect(await store.readCausedBy([further.eventId, randomUUID()])).toEqual([]);
      expect(await store.readCausedBy([])).toEqual([]);
    });

    test('`after` keeps the effects after that position only (exclusive)', async () => {
      const { store, cause, effects } = await chain();
      expect(await store.readCausedBy([cause.eventId], { after: cause.globalPosition })).toEqual(effects);
      expect(await store.readCausedBy([cause.eventId], { after: effects[0]!.globalPosition })).toEqual([effects[1]]);
      expect(await store.readCausedBy([cause.eventId], { after: effects[1]!.globalPosition })).toEqual([]);
    });
  });
}
