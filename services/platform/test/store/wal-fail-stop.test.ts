import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope } from '@grid/contracts';
import { EmbeddedBus, SqliteDocumentStore } from '@grid/platform';
import { WalSync } from '../../src/util/wal-sync';

// Beside the event store (sqlite-durability.test.ts), the other files whose acknowledged writes must survive a
// power cut stop too after a failed WAL sync: the embedded bus (what the relay published) and the personal-data keys.
const dir = mkdtempSync(join(tmpdir(), 'grid-wal-fail-stop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const eio = () => Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });

test('the embedded bus: the publish whose sync failed fails, no later publish is taken, the owner is told once', async () => {
  const lost: unknown[] = [];
  const bus = await EmbeddedBus.open({ path: join(dir, `${randomUUID()}.db`), onDurabilityLost: (e) => lost.push(e) });
  const message = (n: number) => ({ topic: 'probe.v1', key: 'stream-a', value: { eventId: `e-${n}` } as unknown as Envelope });
  await bus.publish([message(1)]);
  const sync = jest.spyOn(WalSync.prototype, 'sync').mockRejectedValueOnce(eio());
  try {
    await expect(bus.publish([message(2)])).rejects.toThrow('EIO');
    await expect(bus.publish([message(3)])).rejects.toThrow(/fail-stop/);
    await expect(bus.publish([message(4)])).rejects.toThrow(/fail-stop/);
    expect(lost).toEqual([expect.objectContaining({ code: 'EIO' })]);
  } finally {
    sync.mockRestore();
    await bus.close();
  }
});

test('the personal-data keys: the write whose sync failed fails, no later write is taken, the owner is told once', async () => {
  const lost: unknown[] = [];
  const keys = new SqliteDocumentStore({ path: join(dir, `${randomUUID()}.db`), synchronous: 'FULL', syncOffLoop: true, onDurabilityLost: (e) => lost.push(e) });
  const collection = keys.collection('keys');
  await collection.put({ _id: 'person-1', key: 'k1' });
  const sync = jest.spyOn(WalSync.prototype, 'sync').mockRejectedValueOnce(eio());
  try {
    await expect(collection.put({ _id: 'person-2', key: 'k2' })).rejects.toThrow('EIO');
    await expect(collection.put({ _id: 'person-3', key: 'k3' })).rejects.toThrow(/fail-stop/);
    await expect(collection.delete('person-1')).rejects.toThrow(/fail-stop/);
    expect(lost).toEqual([expect.objectContaining({ code: 'EIO' })]);
    expect(await collection.get('person-1')).toMatchObject({ key: 'k1' }); // reads go on
  } finally {
    sync.mockRestore();
    await keys.close();
  }
});
