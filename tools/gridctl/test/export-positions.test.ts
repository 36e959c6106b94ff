// An export of a log whose positions do not count its events (KurrentDB's commit positions), without a server: the
// memory store's log with every position times ten, anchored as KurrentDB anchors are (with the count of events).
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Envelope } from '@grid/contracts';
import { anchorReadLog, canonicalValue, MemoryEventStore, type EventStore } from '@grid/platform';
import { exportLog } from '../src/export';

const VERIFY_EXPORT = resolve(__dirname, '..', '..', 'verify-export.mjs');
const actor = { id: 'test', role: 'system' } as const;
const key = generateKeyPairSync('ed25519').privateKey;
let out: string;
beforeEach(() => (out = mkdtempSync(join(tmpdir(), 'export-positions-'))));
afterEach(() => rmSync(out, { recursive: true, force: true }));

/** The memory store seen with positions 10, 20, 30 …: what KurrentDB's byte offsets look like to the export. */
function spread(inner: MemoryEventStore): EventStore {
  const at = (e: Envelope): Envelope => ({ ...e, globalPosition: e.globalPosition * 10 });
  return {
    append: async (s, e, o) => {
      const r = await inner.append(s, e, o);
      return { ...r, position: r.position * 10 };
    },
    readStream: async (s, o) => (await inner.readStream(s, o)).map(at),
    async *readAll(o) {
      for await (const e of inner.readAll({ ...o, fromPosition: (o?.fromPosition ?? 0) / 10 })) yield at(e);
    },
    readEvents: async (ids, o) => (await inner.readEvents(ids, o)).map(at),
    readCausedBy: async (ids, o) => (await inner.readCausedBy(ids, o)).map(at),
    headPosition: async () => (await inner.headPosition()) * 10,
    subscribeToAll: (h, o) => inner.subscribeToAll(h, o),
    close: () => inner.close(),
  };
}

function verifyExport(): { code: number; report: { ok: boolean; events?: number; head?: number; anchorsChecked?: number; fault?: { kind: string } } } {
  try {
    return { code: 0, report: JSON.parse(execFileSync(process.execPath, [VERIFY_EXPORT, out], { encoding: 'utf8' })) };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { code: e.status, report: JSON.parse(e.stdout) };
  }
}

async function anchoredLog(): Promise<EventStore> {
  const store = spread(new MemoryEventStore());
  for (const stream of ['test-a', 'test-b', 'test-a']) await store.append(stream, [{ type: 'platform.probe.recorded', data: { n: 1 }, actor }], { expectedRevision: 'any' });
  await anchorReadLog(store, key, actor);
  await store.append('test-b', [{ type: 'platform.probe.recorded', data: { n: 2 }, actor }], { expectedRevision: 'any' });
  return store;
}

test('positions that do not count the events: the manifest says so, the chain runs over the count, and the export checks out with its anchor', async () => {
  const store = await anchoredLog();
  const manifest = await exportLog(store.readAll(), key, out);
  expect(manifest).toMatchObject({ events: 5, head: 50, positions: 'increasing', anchors: [{ position: 30, events: 3 }] });
  expect(verifyExport()).toEqual({ code: 0, report: expect.objectContaining({ ok: true, events: 5, head: 50, anchorsChecked: 1 }) });
});

test('a stream cut from such a log, exported and signed with the same key, is caught by the anchor’s count; contiguous positions claimed, by a gap', async () => {
  const store = await anchoredLog();
  const cut = async function* () {
    for await (const e of store.readAll()) if (e.streamId !== 'test-b') yield e;
  };
  expect(await exportLog(cut(), key, out)).toMatchObject({ events: 3, positions: 'increasing' });
  expect(verifyExport()).toMatchObject({ code: 1, report: { ok: false, fault: { kind: 'anchor-mismatch' } } });
  await exportLog(store.readAll(), key, out);
  const { signature: _signature, positions: _positions, ...rest } = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(out, 'manifest.json'), JSON.stringify({ ...rest, signature: sign(null, Buffer.from(canonicalValue(rest)), key).toString('base64') }));
  expect(verifyExport()).toMatchObject({ code: 1, report: { fault: { kind: 'gap' } } });
});
