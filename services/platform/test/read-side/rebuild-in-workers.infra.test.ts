import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { liveOnly, loadConfig, loadProjectionCheckpoint, openDocuments, rebuildInWorkers, SqliteEventStore, type ProjectionEntry } from '@grid/platform';
import { MongoClient } from 'mongodb';
import { expectedGrids, history } from '../projections/household-history';

// rebuildInWorkers with the read models on a real MongoDB-protocol server (`npm run test:infra` exports MONGODB_URL):
// each group's worker opens its own client (openDocuments). The worker runs the fixture with the BUILT platform.
const url = process.env.MONGODB_URL;
const ENTRY = join(__dirname, 'fixtures', 'rebuild-worker.cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the fixture the worker runs, shared with it
const { probeProjections } = require('./fixtures/rebuild-projections.cjs') as { probeProjections: () => ProjectionEntry[] };
const actor = { id: 'rebuild-workers-infra-test', role: 'system' } as const;

if (!url) {
  test.skip('rebuildInWorkers on MongoDB did NOT run: MONGODB_URL is not set (npm run test:infra)', () => undefined);
} else {
  test('groups on worker threads rebuild read models kept on MongoDB, every checkpoint at the head', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grid-rebuild-workers-mongo-'));
    const database = `grid_test_rebuild_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const config = loadConfig({ DATA_DIR: dir, DOCUMENT_STORE: 'mongodb', MONGODB_URL: url, MONGODB_DATABASE: database, JWT_JWKS_URL: 'https://idp.example/jwks', JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'grid' });
    const store = await SqliteEventStore.open({ path: config.databasePath });
    const docs = await openDocuments(config);
    try {
      const events = history(300);
      for (const e of events) await store.append(e.streamId, [{ type: e.type, data: e.data, actor }], { expectedRevision: 'any' });
      // Kept by `_seen` only: a store without atomic writes cannot keep one by position.
      const projections = probeProjections()
        .map((p) => p.projection)
        .filter((p) => !p.byPosition);
      const head = await store.headPosition();
      expect(await rebuildInWorkers({ entry: ENTRY, config, projections, docs, store, groups: [['probe-grid-totals'], ['probe-fragile']] })).toBe(head);
      const totals = Object.fromEntries((await docs.collection('probe_grid_totals').find(liveOnly())).map(({ _id, _version, _seen, ...rest }) => [_id, rest]));
      expect(totals).toEqual(expectedGrids(events));
      for (const p of projections) expect(await loadProjectionCheckpoint(docs, p.name)).toBe(head);
    } finally {
      await docs.close();
      await store.close();
      const client = await MongoClient.connect(url, { serverSelectionTimeoutMS: 10_000 });
      await client.db(database).dropDatabase().finally(() => client.close());
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
