// A service's own region directory, built from grid-records' region events: from the store (embedded) and from
// the region topic on the bus (production) it comes out the same, and scope checks follow moves and closings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topicForCategory, type NewEvent } from '@grid/contracts';
import { EmbeddedBus } from '../../src/bus/embedded/embedded-bus';
import { MemoryDocumentStore } from '../../src/documents/memory/memory-document-store';
import { fromBus, fromStore, runProjection } from '../../src/projections/projection-runner';
import { RegionDirectory, regionDirectoryProjection } from '../../src/region-directory';
import { startRelay } from '../../src/relay/relay';
import { MemoryEventStore } from '../../src/store/memory/memory-event-store';

const by = { id: 'district-official-1', role: 'district-official' };
const actor = { id: 'district-official-1', role: 'district-official' };
const created = (regionId: string, level: string, parentId: string | null): NewEvent => ({
  type: 'grid-records.region.created',
  data: { regionId, level, name: `测试${regionId}`, parentId, on: '2020-01-01', by },
  actor,
});

async function history(store: MemoryEventStore): Promise<void> {
  // d1 ⊃ s1 ⊃ c1 ⊃ g1;  d1 ⊃ s2
  for (const [id, level, parent] of [
    ['d1', 'district', null],
    ['s1', 'street', 'd1'],
    ['s2', 'street', 'd1'],
    ['c1', 'community', 's1'],
    ['g1', 'grid', 'c1'],
  ] as const) {
    await store.append(`region-${id}`, [created(id, level, parent)], { expectedRevision: 'no-stream' });
  }
  // c1 (with its grid) moves from s1 to s2; s1 is closed.
  await store.append(
    'region-c1',
    [{ type: 'grid-records.region.moved', data: { regionId: 'c1', level: 'community', fromParentId: 's1', toParentId: 's2', on: '2021-01-01', change: 'reorganisation', by }, actor }],
    { expectedRevision: 0 },
  );
  await store.append('region-s1', [{ type: 'grid-records.region.closed', data: { regionId: 's1', level: 'street', on: '2021-01-02', by }, actor }], { expectedRevision: 0 });
}

test('scope follows the tree as the region events leave it: a moved community is in its new street, not its old one', async () => {
  const store = new MemoryEventStore();
  const documents = new MemoryDocumentStore();
  await history(store);
  const runner = await runProjection({ projection: regionDirectoryProjection('elections'), docs: documents, source: fromStore(store) });
  await runner.caughtUp();
  const directory = new RegionDirectory(documents, 'elections');
  expect(await directory.isWithin('g1', ['s2'])).toBe(true);
  expect(await directory.isWithin('g1', ['s1'])).toBe(false);
  expect(await directory.isWithin('g1', ['d1'])).toBe(true);
  expect(await directory.isWithin('s2', ['g1'])).toBe(false);
  expect(await directory.isWithin('nowhere', ['nowhere'])).toBe(false); // unknown regions are in no scope
  expect(await directory.node('s1')).toMatchObject({ status: 'closed', parentId: 'd1', level: 'street' });
  await runner.close();
});

test('built from the region topic on the bus, the directory is the same as built from the store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'region-directory-'));
  const store = new MemoryEventStore();
  const bus = await EmbeddedBus.open({ path: join(dir, 'bus.db'), synchronous: 'NORMAL' });
  try {
    await history(store);
    const relay = await startRelay({ store, bus, categories: ['region'] });
    const [fromTheStore, fromTheBus] = [new MemoryDocumentStore(), new MemoryDocumentStore()];
    const a = await runProjection({ projection: regionDirectoryProjection('charity'), docs: fromTheStore, source: fromStore(store) });
    const b = await runProjection({ projection: regionDirectoryProjection('charity'), docs: fromTheBus, source: fromBus(bus, [topicForCategory('region')]) });
    await relay.caughtUp();
    await a.caughtUp();
    await b.caughtUp();
    const all = async (docs: MemoryDocumentStore) => (await docs.collection('charity_region_directory').find()).map(({ _version: _v, ...d }) => d);
    expect(await all(fromTheBus)).toEqual(await all(fromTheStore));
    expect(await all(fromTheStore)).toHaveLength(5);
    await Promise.all([a.close(), b.close(), relay.close()]);
  } finally {
    await bus.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
