import { generateKeyPairSync } from 'node:crypto';
import { probeRecorded } from '@grid/contracts';
import { ANCHOR_EVENT, ANCHOR_STREAM, anchorIfDue, auditReadLog, MemoryEventStore } from '@grid/platform';

// Anchoring on a schedule over any store's reads (what KurrentDB stores run with ANCHOR_EVERY_HOURS), on the memory store.
const key = generateKeyPairSync('ed25519').privateKey;
const actor = { id: 'platform-anchor', role: 'system' } as const;
const DAY = 86_400_000;
const later = () => Date.now() + DAY + 1;
const probe = (n: number) => ({ type: probeRecorded.type, data: { n }, actor });
const anchorsIn = async (store: MemoryEventStore) => (await store.readStream(ANCHOR_STREAM)).filter((e) => e.type === ANCHOR_EVENT);

test('an empty log is not anchored; once it has events, the first anchor is due at once and verifies', async () => {
  const store = new MemoryEventStore();
  await expect(anchorIfDue(store, key, DAY, actor)).resolves.toBeNull();
  await store.append('test-a', [probe(0), probe(1)], { expectedRevision: 'no-stream' });
  const anchor = await anchorIfDue(store, key, DAY, actor);
  expect(anchor).toMatchObject({ position: 2, events: 2 });
  await expect(auditReadLog(store, { trustedKeyIds: [anchor!.keyId] })).resolves.toMatchObject({ ok: true, anchorsChecked: 1 });
});

test('no second anchor within the interval, none after it when nothing was appended, one when something was', async () => {
  const store = new MemoryEventStore();
  await store.append('test-a', [probe(0)], { expectedRevision: 'no-stream' });
  await anchorIfDue(store, key, DAY, actor);
  await store.append('test-a', [probe(1)], { expectedRevision: 0 });
  await expect(anchorIfDue(store, key, DAY, actor)).resolves.toBeNull();
  expect(await anchorsIn(store)).toHaveLength(1);
  await expect(anchorIfDue(store, key, DAY, actor, later())).resolves.toMatchObject({ events: 3 });
  await expect(anchorIfDue(store, key, DAY, actor, later())).resolves.toBeNull();
  expect(await anchorsIn(store)).toHaveLength(2);
});

test('processes that find an anchor due at the same time make one', async () => {
  const store = new MemoryEventStore();
  await store.append('test-a', [probe(0)], { expectedRevision: 'no-stream' });
  const made = await Promise.all([1, 2, 3].map(() => anchorIfDue(store, key, DAY, actor)));
  expect(made.filter((a) => a !== null)).toHaveLength(1);
  expect(await anchorsIn(store)).toHaveLength(1);
});
