import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { logLink } from '../log-chain';
import { EVENT_COLUMNS } from './event-rows';

export const SYNCHRONOUS_MODES = ['FULL', 'NORMAL', 'OFF'] as const;
export type SynchronousMode = (typeof SYNCHRONOUS_MODES)[number];

/** v2: `events.log_hash`, the log chain (log-chain.ts). v3: the index of causation ids (CAUSATION_INDEX). */
export const SCHEMA_VERSION = 3;
/** The oldest schema verify reads: v3 only adds an index, so a v2 store verifies as it is, unmigrated (verify writes nothing). */
export const OLDEST_VERIFIABLE_SCHEMA = 2;

/**
 * An event's causation id, read from its stored text (null for none, and for a row whose text is not JSON: a
 * tampered row must not stop the store from opening; verify reports it). An expression, not a column, so that
 * indexing an existing store reads it once and rewrites no row. Queries spell it exactly so, to use the index.
 */
export const CAUSATION_ID = `(CASE WHEN typeof(canonical) = 'text' AND json_valid(canonical) THEN canonical ->> '$.causationId' END)`;

/** Only events that have a causation id (reactions, mostly): the index stays small and `= ?` look-ups use it. */
const CAUSATION_INDEX = `CREATE INDEX IF NOT EXISTS events_by_causation ON events (${CAUSATION_ID}) WHERE ${CAUSATION_ID} IS NOT NULL;`;

/**
 * `events.canonical` is the exact text that was hashed: reads parse it and verification hashes it as
 * stored. `streams` holds each stream's head for an O(1) expected-revision check; it is rewritten in the
 * same transaction as the events, so it never disagrees with them. `log_hash` is the event's link in the
 * log chain (log-chain.ts), written in the same statement as the event.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS events (
  global_position INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id        TEXT    NOT NULL UNIQUE,
  stream_id       TEXT    NOT NULL,
  stream_revision INTEGER NOT NULL,
  type            TEXT    NOT NULL,
  canonical       TEXT    NOT NULL,
  hash            TEXT    NOT NULL,
  log_hash        TEXT,
  UNIQUE (stream_id, stream_revision)
);
CREATE TABLE IF NOT EXISTS streams (
  stream_id TEXT PRIMARY KEY,
  revision  INTEGER NOT NULL,
  hash      TEXT    NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints (
  name       TEXT PRIMARY KEY,
  position   INTEGER NOT NULL,
  updated_at TEXT    NOT NULL
) WITHOUT ROWID;
${CAUSATION_INDEX}
`;

/** Opens (creating when missing) the store's file in WAL mode at the asked durability. */
export function openDatabase(path: string, synchronous: SynchronousMode, busyTimeoutMs: number): DatabaseSync {
  // Checked because it is spliced into a PRAGMA and callers from JavaScript or env vars are not typed.
  if (!SYNCHRONOUS_MODES.includes(synchronous))
    throw new Error(`synchronous must be one of ${SYNCHRONOUS_MODES.join(', ')}, not ${synchronous}`);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  // `timeout` is SQLite's busy_timeout: another process holding the write lock is waited for, not failed.
  const db = new DatabaseSync(path, { timeout: busyTimeoutMs });
  try {
    const mode = db.prepare('PRAGMA journal_mode = WAL').get() as { journal_mode: string };
    if (path !== ':memory:' && mode.journal_mode !== 'wal')
      throw new Error(`${path}: WAL mode refused (journal_mode=${mode.journal_mode})`);
    // Per connection, so set on every open: FULL fsyncs the WAL on each commit (docs/architecture.md Durability).
    db.exec(`PRAGMA synchronous = ${synchronous}`);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: DatabaseSync): void {
  const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
  if (version > SCHEMA_VERSION) throw new Error(`event store schema v${version} is newer than this code (v${SCHEMA_VERSION})`);
  if (version === SCHEMA_VERSION) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    // Read again under the write lock: another process opening the same file may have migrated it meanwhile.
    const { user_version: now } = db.prepare('PRAGMA user_version').get() as { user_version: number };
    if (now === SCHEMA_VERSION) return void db.exec('COMMIT');
    if (now === 0) db.exec(DDL);
    if (now === 1) chainExistingEvents(db);
    if (now === 1 || now === 2) db.exec(CAUSATION_INDEX);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * v1 → v2: the log chain over the events stored before it, once. It vouches for the log as found at the
 * migration, not before it (docs/audit.md): anchors made afterwards are what make it binding.
 */
function chainExistingEvents(db: DatabaseSync): void {
  db.exec('ALTER TABLE events ADD COLUMN log_hash TEXT');
  const update = db.prepare('UPDATE events SET log_hash = ? WHERE global_position = ?');
  const rows = db.prepare('SELECT global_position, hash FROM events ORDER BY global_position');
  rows.setReturnArrays(true);
  let link: string | null = null;
  for (const [position, hash] of rows.iterate() as Iterable<[number, string]>) {
    link = logLink(link, position, hash);
    update.run(link, position);
  }
}

/** Every statement the store runs, prepared once per connection. */
export function prepareStatements(db: DatabaseSync) {
  const s = (sql: string): StatementSync => db.prepare(sql);
  /** Statements returning EventRow arrays. */
  const rows = (sql: string): StatementSync => {
    const statement = db.prepare(sql);
    statement.setReturnArrays(true);
    return statement;
  };
  return {
    streamHead: s('SELECT revision, hash FROM streams WHERE stream_id = ?'),
    streamHeads: rows('SELECT stream_id, revision, hash FROM streams'),
    setStreamHead: s(
      'INSERT INTO streams (stream_id, revision, hash) VALUES (?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, hash = excluded.hash',
    ),
    logHead: s('SELECT global_position AS position, log_hash AS link FROM events ORDER BY global_position DESC LIMIT 1'),
    insertEvent: s(
      'INSERT INTO events (global_position, event_id, stream_id, stream_revision, type, canonical, hash, log_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    eventById: rows(`SELECT ${EVENT_COLUMNS} FROM events WHERE event_id = ?`),
    // The ids come as one JSON array: one statement, one index seek per id, whatever their number.
    eventsByIds: rows(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE event_id IN (SELECT value FROM json_each(?)) AND global_position < ? ORDER BY global_position`,
    ),
    eventsCausedBy: rows(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE ${CAUSATION_ID} IN (SELECT value FROM json_each(?)) AND global_position > ? ORDER BY global_position`,
    ),
    streamForwards: rows(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_revision >= ? ORDER BY stream_revision ASC LIMIT ?`,
    ),
    streamBackwards: rows(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_revision <= ? ORDER BY stream_revision DESC LIMIT ?`,
    ),
    // Keyset paging on the primary key: each batch is an index seek, never an OFFSET scan.
    allAfter: rows(`SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > ? ORDER BY global_position ASC LIMIT ?`),
    headPosition: s('SELECT COALESCE(MAX(global_position), 0) AS head FROM events'),
    loadCheckpoint: s('SELECT position FROM checkpoints WHERE name = ?'),
    saveCheckpoint: s(
      'INSERT INTO checkpoints (name, position, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at',
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
