import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { defineEvent, EventRegistry, topicForStream, type Envelope, type EventUnion } from '@grid/contracts';
import {
  CommandHandler,
  EmbeddedBus,
  fromStore,
  loadConfig,
  openInfrastructure,
  runProjection,
  startRelay,
  verifyAll,
  verifyStream,
  type Decider,
  type DomainEvent,
  type Infrastructure,
  type Projection,
} from '@grid/platform';

// A note that grew a language: v1 had the text alone, v2 says which language it is in (old notes were Chinese).
const noteV1 = defineEvent({ type: 'sample.note.recorded', schemaVersion: 1, description: 'v1', data: z.object({ text: z.string() }) });
const noteV2 = defineEvent({
  type: 'sample.note.recorded',
  schemaVersion: 2,
  description: 'v2',
  data: z.object({ text: z.string(), lang: z.enum(['zh', 'en']) }),
  upcastFrom: (d) => ({ ...d, lang: 'zh' }),
});
type NoteEvent = EventUnion<[typeof noteV1, typeof noteV2]>;

const NOTES = 'sample_notes';
const notesProjection: Projection<NoteEvent> = {
  name: 'sample.notes',
  collections: [NOTES],
  handles: ['sample.note.recorded'],
  async apply(e, ctx) {
    switch (e.type) {
      case 'sample.note.recorded':
        return ctx.update<{ text: string; lang: string }>(NOTES, e.streamId, () => ({ text: e.data.text, lang: e.data.lang }));
    }
  },
};

/** Counts the notes of a stream by language: a decider folds what the store hands it. */
const noteLanguages: Decider<never, DomainEvent, Record<string, number>> = {
  initialState: {},
  decide: () => [],
  evolve: (s, e) => ({ ...s, [String(e.data.lang)]: (s[String(e.data.lang)] ?? 0) + 1 }),
};

const STREAM = 'test-note-1';
const V2 = { schemaVersion: 2, data: { text: '走访记录', lang: 'zh' } };

describe('upcasters on the read path', () => {
  let dir: string;
  let infra: Infrastructure;

  // Written at v1 under a registry that knows only v1; then the service learns v2 and reads everything at v2.
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upcasting-'));
    const registry = new EventRegistry().register(noteV1);
    infra = await openInfrastructure(loadConfig({ DATA_DIR: dir }), registry);
    await infra.store.append(
      STREAM,
      [{ type: noteV1.type, schemaVersion: 1, data: { text: '走访记录' }, actor: { id: 'gw-1', role: 'grid-worker' } }],
      {
        expectedRevision: 'no-stream',
      },
    );
    registry.register(noteV2);
  });
  afterAll(async () => {
    await infra.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('store reads hand out the newest version', async () => {
    expect(await infra.store.readStream(STREAM)).toMatchObject([V2]);
    const all: Envelope[] = [];
    for await (const e of infra.store.readAll()) all.push(e);
    expect(all).toMatchObject([V2]);
    expect(await infra.store.readEvents(all.map((e) => e.eventId))).toMatchObject([V2]);
  });

  test('a subscription delivers the newest version', async () => {
    const seen: Envelope[] = [];
    const subscription = await infra.store.subscribeToAll((e) => void seen.push(e));
    await subscription.caughtUp();
    await subscription.close();
    expect(seen).toMatchObject([V2]);
  });

  test('a projection applies the newest version', async () => {
    const runner = await runProjection({ projection: notesProjection, docs: infra.documents, source: fromStore(infra.store) });
    await runner.caughtUp();
    await runner.close();
    expect(await infra.documents.collection(NOTES).get(STREAM)).toMatchObject({ text: '走访记录', lang: 'zh' });
  });

  test('a command handler folds the newest version', async () => {
    const handler = new CommandHandler({ store: infra.store, decider: noteLanguages });
    expect((await handler.load(STREAM)).state).toEqual({ zh: 1 });
  });

  test('a bus consumer receives the newest version of what the relay published as written', async () => {
    const relay = await startRelay({ store: infra.store, bus: infra.bus, checkpoint: 'relay:upcasting-test' });
    await relay.caughtUp();
    await relay.close();
    const consume = async (bus: Pick<EmbeddedBus, 'subscribe'>, group: string) => {
      const received: Envelope[] = [];
      const subscription = await bus.subscribe(group, [topicForStream(STREAM)], async (m) => void received.push(m.value));
      await subscription.caughtUp();
      await subscription.close();
      return received;
    };
    expect(await consume(infra.bus, 'upcasting-test')).toMatchObject([V2]);
    const raw = await EmbeddedBus.open({ path: join(dir, 'bus.db') });
    try {
      expect(await consume(raw, 'upcasting-test-raw')).toMatchObject([{ schemaVersion: 1, data: { text: '走访记录' } }]);
    } finally {
      await raw.close();
    }
  });

  test('the hash chain verifies, since the verifier reads the events as written', async () => {
    expect(await verifyAll(infra.store)).toMatchObject({ ok: true, eventsChecked: 1 });
    expect(await verifyStream(infra.store, STREAM)).toMatchObject({ ok: true, eventsChecked: 1 });
    // The upcast copy does not match the hash of what was written: a verifier reading it would fail.
    expect(await verifyAll({ readAll: (o) => infra.store.readAll(o) })).toMatchObject({ ok: false });
  });
});

test('what an event caused is handed out at the newest version too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'upcasting-caused-'));
  const registry = new EventRegistry().register(noteV1);
  const infra = await openInfrastructure(loadConfig({ DATA_DIR: dir }), registry);
  try {
    const actor = { id: 'gw-1', role: 'grid-worker' };
    const [note] = (await infra.store.append(STREAM, [{ type: noteV1.type, schemaVersion: 1, data: { text: '走访记录' }, actor }], { expectedRevision: 'no-stream' })).events;
    await infra.store.append('test-note-2', [{ type: noteV1.type, schemaVersion: 1, data: { text: '回访' }, actor, causationId: note!.eventId }], { expectedRevision: 'no-stream' });
    registry.register(noteV2);
    expect(await infra.store.readCausedBy([note!.eventId])).toMatchObject([{ schemaVersion: 2, data: { text: '回访', lang: 'zh' } }]);
  } finally {
    await infra.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
