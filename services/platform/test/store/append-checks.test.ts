import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '@grid/contracts';
import { InvalidEventError, MemoryEventStore, sealChecked, SqliteEventStore, type EventStore } from '@grid/platform';

// sealChecked checks what the writer gave once, up front, and hands on a JSON copy of it: what each
// refusal says, and that an append returns exactly what a later read returns.

const actor = { id: 'checks-test', role: 'system' } as const;
const event = (extra: Partial<NewEvent> = {}): NewEvent => ({ type: 'platform.probe.recorded', data: { n: 1 }, actor, ...extra });
const refusal = (events: NewEvent[], streamId = 'test-checks'): InvalidEventError => {
  try {
    sealChecked(streamId, null, events);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEventError);
    return error as InvalidEventError;
  }
  throw new Error('expected a refusal');
};

describe('refusals name the event and what is wrong with it', () => {
  const cyclic: Record<string, unknown> = { n: 1 };
  cyclic.self = cyclic;
  test.each([
    ['a BigInt', { n: 1, big: 10n }, 'data.big: a BigInt is not a JSON number'],
    ['NaN', { ratio: Number.NaN }, 'data.ratio: NaN is not a JSON number'],
    ['Infinity deep inside', { a: [{ b: [1, Number.NEGATIVE_INFINITY] }] }, 'data.a.0.b.1: -Infinity is not a JSON number'],
    ['a function member', { f: () => 1 }, 'data.f: a function is not JSON'],
    ['a function in an array', { list: [1, () => 1] }, 'data.list.1: a function is not JSON'],
    ['a cycle', cyclic, 'data: cannot be serialised'],
    ['an array', [1, 2], 'data: must be a JSON object'],
    ['null', null, 'data: must be a JSON object'],
    ['a string', 'text', 'data: must be a JSON object'],
  ])('data with %s', (_what, data, message) => {
    const error = refusal([event(), event({ data: data as Record<string, unknown> })]);
    expect(error.index).toBe(1);
    expect(error.message).toContain(message);
  });

  test.each([
    ['type', { type: 'Probe Recorded' }, 'type:'],
    ['eventId', { eventId: 'not-a-uuid' }, 'eventId:'],
    ['schemaVersion', { schemaVersion: 0 }, 'schemaVersion:'],
    ['occurredAt', { occurredAt: 'yesterday' }, 'occurredAt:'],
    ['occurredAt as a Date object', { occurredAt: new Date() as unknown as string }, 'occurredAt:'],
    ['reason', { reason: 'x'.repeat(2001) }, 'reason:'],
    ['correlationId', { correlationId: '' }, 'correlationId:'],
    ['causationId', { causationId: 'y'.repeat(201) }, 'causationId:'],
    ['traceparent', { traceparent: 'not-a-traceparent' }, 'traceparent:'],
    ['actor role', { actor: { id: 'x', role: 'Mayor of X' } as never }, 'actor'],
    ['actor id', { actor: { id: '', role: 'system' } }, 'actor'],
    ['missing actor', { actor: undefined as never }, 'actor'],
  ])('a bad %s', (_what, extra, message) => {
    const error = refusal([event(), event(), event(extra as Partial<NewEvent>)]);
    expect(error.index).toBe(2);
    expect(error.message).toContain(message);
  });

  test('a stream id without a category is refused; an empty batch is not checked', () => {
    expect(refusal([event()], 'nocategory').message).toContain('streamId:');
    expect(sealChecked('nocategory', null, [])).toEqual([]);
  });

  test('given fields the contract accepts are kept as given', () => {
    const given = event({
      eventId: '0190F0E5-AAAA-7BBB-8CCC-DDDDDDDDDDDD',
      schemaVersion: 3,
      occurredAt: '2026-03-01',
      reason: 'annual review',
      correlationId: 'request-42',
      causationId: null,
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    const [sealed] = sealChecked('test-checks', null, [given]);
    expect(sealed!.envelope).toMatchObject({ ...given, causationId: null });
  });
});

describe('data is handed on as JSON carries it', () => {
  const at = new Date(Date.UTC(2026, 4, 1, 8, 30));
  const odd = () => ({
    when: at,
    skipped: undefined,
    list: [undefined, 1, -0],
    nested: { sym: Symbol('gone'), keep: '低保' },
  });
  const carried = { when: at.toISOString(), list: [null, 1, 0], nested: { keep: '低保' } };

  test('toJSON applied, undefined members dropped, undefined in arrays as null, -0 as 0', () => {
    const [sealed] = sealChecked('test-checks', null, [event({ data: odd() })]);
    expect(sealed!.envelope.data).toEqual(carried);
    expect(Object.is((sealed!.envelope.data.list as number[])[2], 0)).toBe(true);
    expect(JSON.parse(sealed!.canonical).data).toEqual(sealed!.envelope.data);
  });

  test('the envelope holds a copy: changing the writer’s objects afterwards changes nothing sealed', () => {
    const data = { n: 1, members: [{ name: '王伟' }] };
    const given = event({ data, actor: { ...actor } });
    const [sealed] = sealChecked('test-checks', null, [given]);
    data.members[0]!.name = '李娜';
    (given.actor as { id: string }).id = 'someone-else';
    expect(sealed!.envelope.data).toEqual({ n: 1, members: [{ name: '王伟' }] });
    expect(sealed!.envelope.actor.id).toBe(actor.id);
  });

  const dir = mkdtempSync(join(tmpdir(), 'grid-append-checks-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  test.each([
    ['memory', async (): Promise<EventStore> => new MemoryEventStore()],
    ['sqlite', async (): Promise<EventStore> => SqliteEventStore.open({ path: join(dir, 'events.db') })],
  ])('%s: what an append returns equals what a read returns', async (_name, open) => {
    const store = await open();
    try {
      const data = odd();
      const { events } = await store.append('test-carried', [event({ data })], { expectedRevision: 'no-stream' });
      data.nested.keep = 'changed';
      expect(events[0]!.data).toEqual(carried);
      expect((await store.readStream('test-carried')).map(({ globalPosition: _, ...e }) => e)).toEqual(events);
    } finally {
      await store.close();
    }
  });
});
