import { DatabaseSync } from 'node:sqlite';
import { sealEvents } from '@grid/platform';
import type { Sample } from '../lib/timing';
import type { StreamPlan } from './rows';

/** One stored event as the raw baseline writes it: index columns, the hashed canonical text and the hash. */
export interface RawRow {
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  canonical: string;
  hash: string;
}

/**
 * The least an event store table needs, and the bytes our store keeps: a global position, the
 * stream/revision uniqueness that optimistic concurrency rests on, a unique event id (idempotent
 * re-append), the canonical text that was hashed and the hash. No head table, no checks: the limit.
 */
const SCHEMA = `
  CREATE TABLE events (
    global_position INTEGER PRIMARY KEY,
    event_id        TEXT    NOT NULL UNIQUE,
    stream_id       TEXT    NOT NULL,
    stream_revision INTEGER NOT NULL,
    type            TEXT    NOT NULL,
    canonical       TEXT    NOT NULL,
    hash            TEXT    NOT NULL,
    UNIQUE (stream_id, stream_revision)
  )`;

/** The durability every store in the bench runs at (docs/architecture.md "Durability"). */
export const DURABILITY = { journalMode: 'wal', synchronous: 'FULL' } as const;

/** Seals the events exactly as the store would (ids, hashes, chain) so the raw rows carry the same bytes. */
export function sealRows(plans: StreamPlan[]): RawRow[] {
  return plans.flatMap((plan) =>
    sealEvents(plan.streamId, null, plan.events).map(({ envelope, canonical }) => ({
      streamId: envelope.streamId,
      revision: envelope.streamRevision,
      eventId: envelope.eventId,
      type: envelope.type,
      canonical,
      hash: envelope.hash,
    })),
  );
}

function openDurable(file: string): DatabaseSync {
  const db = new DatabaseSync(file);
  db.exec(`PRAGMA journal_mode = ${DURABILITY.journalMode}; PRAGMA synchronous = ${DURABILITY.synchronous};`);
  return db;
}

/** Inserts the rows in transactions of `txSize` rows, one prepared statement: the local write limit. */
export function rawInsert(file: string, rows: RawRow[], txSize: number): Sample {
  const db = openDurable(file);
  db.exec(SCHEMA);
  const insert = db.prepare('INSERT INTO events (event_id, stream_id, stream_revision, type, canonical, hash) VALUES (?, ?, ?, ?, ?, ?)');
  const start = performance.now();
  for (let from = 0; from < rows.length; from += txSize) {
    db.exec('BEGIN IMMEDIATE');
    for (const row of rows.slice(from, from + txSize))
      insert.run(row.eventId, row.streamId, row.revision, row.type, row.canonical, row.hash);
    db.exec('COMMIT');
  }
  const ms = performance.now() - start;
  db.close();
  return { events: rows.length, ms };
}

/** Scans every row in global order and parses its canonical text: the local read limit. */
export function rawScan(file: string, expected: number): Sample {
  const db = openDurable(file);
  const scan = db.prepare('SELECT canonical FROM events ORDER BY global_position');
  const start = performance.now();
  let count = 0;
  let check = 0;
  for (const row of scan.iterate()) {
    const envelope = JSON.parse((row as { canonical: string }).canonical) as { streamRevision: number };
    check += envelope.streamRevision;
    count += 1;
  }
  const ms = performance.now() - start;
  db.close();
  if (count !== expected || check < 0) throw new Error(`raw scan read ${count} rows, expected ${expected}`);
  return { events: count, ms };
}

/** The journal mode recorded in a database file's header (WAL is persistent), read after the store closed it. */
export function journalModeOf(file: string): string {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return String((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode);
  } finally {
    db.close();
  }
}
