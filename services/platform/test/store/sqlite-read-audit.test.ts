import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, SqliteEventStore, type AppendedEvent } from '@grid/platform';
import { logAuditContract } from '@grid/platform/testing';

// The audit over what a store reads (the one KurrentDB gets) on SQLite, tampered with through SQL as whoever holds
// grid.db could. gridctl verify on SQLite reads the file itself (auditLog, sqlite-log-chain.test.ts), which also sees gaps.
const dir = mkdtempSync(join(tmpdir(), 'grid-sqlite-read-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
logAuditContract(
  'SqliteEventStore',
  async () => {
    const path = join(dir, `run-${(files += 1)}.db`);
    const store = await SqliteEventStore.open({ path });
    const sql = new DatabaseSync(path);
    return {
      store,
      tamper: {
        appendForged: async (event: AppendedEvent) => {
          const { hash, ...part } = event;
          sql
            .prepare('INSERT INTO events (event_id, stream_id, stream_revision, type, canonical, hash) VALUES (?, ?, ?, ?, ?, ?)')
            .run(event.eventId, event.streamId, event.streamRevision, event.type, canonicalJson(part), hash);
        },
        appendForeign: async (streamId: string) => {
          sql
            .prepare('INSERT INTO events (event_id, stream_id, stream_revision, type, canonical, hash) VALUES (?, ?, (SELECT MAX(stream_revision) + 1 FROM events WHERE stream_id = ?), ?, ?, ?)')
            .run(randomUUID(), streamId, streamId, 'foreign', '{"not":"ours"}', '');
        },
        deleteStream: async (streamId: string) => {
          sql.prepare('DELETE FROM events WHERE stream_id = ?').run(streamId);
          sql.prepare('DELETE FROM streams WHERE stream_id = ?').run(streamId);
        },
        cutStreamBefore: async (streamId: string, revision: number) => {
          sql.prepare('DELETE FROM events WHERE stream_id = ? AND stream_revision < ?').run(streamId, revision);
        },
      },
      cleanup: async () => {
        sql.close();
        await store.close();
      },
    };
  },
  // Gone from the log, the events are found only by the anchor that covered them; a cut start is a gap in the stream's revisions.
  { deletions: { 'DELETE of its rows': 'anchor-mismatch' }, cuts: { 'DELETE of its first rows': 'gap' } },
);
