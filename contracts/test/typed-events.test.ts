import { z } from 'zod';
import {
  defineEvent,
  isGridRecordsEvent,
  selectEvents,
  type Envelope,
  type EventUnion,
  type GridRecordsEnvelope,
  type TypedEnvelope,
} from '@grid/contracts';
import { sampleEnvelope } from './sample-envelope';

// The type-level half of these tests is checked by `npm run typecheck` (the @ts-expect-error lines must be errors).
const doneV1 = defineEvent({ type: 'sample.task.done', schemaVersion: 1, description: 'v1', data: z.object({ by: z.string() }) });
const doneV2 = defineEvent({
  type: 'sample.task.done',
  schemaVersion: 2,
  description: 'v2',
  data: z.object({ by: z.string(), on: z.iso.date() }),
  upcastFrom: (d) => ({ ...d, on: '2020-01-01' }),
});
const opened = defineEvent({ type: 'sample.task.opened', schemaVersion: 1, description: 'v1', data: z.object({ title: z.string() }) });
const sampleEvents = [doneV1, doneV2, opened];
type SampleEvent = EventUnion<typeof sampleEvents>;

const describeTask = (e: TypedEnvelope<SampleEvent>): string => {
  switch (e.type) {
    case 'sample.task.done':
      return `${e.data.by} on ${e.data.on}`;
    case 'sample.task.opened':
      return e.data.title;
  }
};

const envelope = (type: string, data: Record<string, unknown>): Envelope => sampleEnvelope({ type, streamId: 'task-1', data });

describe('typed events from the registry', () => {
  test('the union holds each type once, with the data of its newest version', () => {
    const newest: SampleEvent = { type: 'sample.task.done', data: { by: 'gw-1', on: '2020-02-02' } };
    // @ts-expect-error v1 data is not what readers see
    const old: SampleEvent = { type: 'sample.task.done', data: { by: 'gw-1' } };
    // @ts-expect-error a type the list does not define
    const other: SampleEvent = { type: 'sample.task.lost', data: {} };
    expect([newest, old, other]).toHaveLength(3);
  });

  test('a selection narrows a read envelope by its type name to the service events', () => {
    const sample = selectEvents(sampleEvents);
    const read = envelope('sample.task.opened', { title: '走访' });
    expect(sample.is(read) ? describeTask(read) : null).toBe('走访');
    expect(sample.is(envelope('other.task.opened', {}))).toBe(false);
    expect(sample.types).toEqual(['sample.task.done', 'sample.task.opened']);
  });

  test('a selection of some types narrows to those alone', () => {
    const done = selectEvents(sampleEvents, ['sample.task.done']);
    const read = envelope('sample.task.done', { by: 'gw-1', on: '2020-02-02' });
    expect(done.is(read) ? read.data.on : null).toBe('2020-02-02');
    expect(done.is(envelope('sample.task.opened', { title: 't' }))).toBe(false);
    // @ts-expect-error a type the list does not define cannot be selected
    selectEvents(sampleEvents, ['sample.task.lost']);
  });

  test("grid-records' envelope types each event's data from its contract", () => {
    const died = envelope('grid-records.resident.died', { personId: 'p-1', diedOn: '2024-03-01' });
    const diedOn = (e: GridRecordsEnvelope) => (e.type === 'grid-records.resident.died' ? e.data.diedOn : null);
    expect(isGridRecordsEvent(died) ? diedOn(died) : undefined).toBe('2024-03-01');
  });
});
