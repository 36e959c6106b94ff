import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker as NodeWorker } from 'node:worker_threads';
import { loadConfig, loadProjectionCheckpoint, rebuildInWorkers, SqliteDocumentStore, SqliteEventStore, type Projection, type ProjectionEntry } from '@grid/platform';
import { history } from '../projections/household-history';

// A thread that cannot be started (ERR_WORKER_INIT_FAILED: out of threads or memory) is thrown by `new Worker`
// itself: the second group's start fails here while the first one's worker is already replaying.
const ENTRY = join(__dirname, 'fixtures', 'rebuild-worker.cjs');
const started: { exited: boolean }[] = [];
jest.mock('node:worker_threads', () => {
  const actual = jest.requireActual<typeof import('node:worker_threads')>('node:worker_threads');
  class SecondGroupFails extends actual.Worker {
    constructor(entry: string, options?: ConstructorParameters<typeof NodeWorker>[1]) {
      if (entry === ENTRY && started.length === 1) throw Object.assign(new Error('Worker initialization failure: EAGAIN'), { code: 'ERR_WORKER_INIT_FAILED' });
      super(entry, options);
      if (entry !== ENTRY) return;
      const group = { exited: false };
      started.push(group);
      this.once('exit', () => (group.exited = true));
    }
  }
  return { ...actual, Worker: SecondGroupFails };
});

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the fixture the worker runs, shared with it
const { probeProjections } = require('./fixtures/rebuild-projections.cjs') as { probeProjections: () => ProjectionEntry[] };
const projections = (): Projection[] => probeProjections().map((p) => p.projection);
const actor = { id: 'rebuild-workers-start-test', role: 'system' } as const;

test('a group that cannot start fails the rebuild once the groups already started have stopped: no worker left writing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'grid-rebuild-start-'));
  const config = loadConfig({ DATA_DIR: dir });
  const store = await SqliteEventStore.open({ path: config.databasePath });
  const docs = new SqliteDocumentStore({ path: config.documentsPath });
  try {
    for (const e of history(600)) await store.append(e.streamId, [{ type: e.type, data: e.data, actor }], { expectedRevision: 'any' });
    const groups = [['probe-grid-totals', 'probe-fragile'], ['probe-position-totals']];

    await expect(rebuildInWorkers({ entry: ENTRY, config, projections: projections(), docs, store, groups })).rejects.toThrow(/EAGAIN/);
    expect(started).toEqual([{ exited: true }]);
    expect(await loadProjectionCheckpoint(docs, 'probe-grid-totals')).toBe(0);
  } finally {
    await docs.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
