import { DatabaseSync } from 'node:sqlite';

export type Synchronous = 'FULL' | 'NORMAL';

/**
 * The embedded bus's tables. They are prefixed `bus_` because in production the bus may share one SQLite
 * file with the event store. `seq` is one sequence over all topics (AUTOINCREMENT: never reused, so a
 * committed `next_seq` can never point at a different message later); a lane reads its own sparse slice.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS bus_messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  topic TEXT NOT NULL,
  partition INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  headers TEXT NOT NULL,
  published_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS bus_messages_lane ON bus_messages (topic, partition, seq);
CREATE TABLE IF NOT EXISTS bus_offsets (
  group_id TEXT NOT NULL,
  topic TEXT NOT NULL,
  partition INTEGER NOT NULL,
  next_seq INTEGER NOT NULL,
  PRIMARY KEY (group_id, topic, partition)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bus_members (
  group_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  topics TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (group_id, member_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bus_leases (
  group_id TEXT NOT NULL,
  topic TEXT NOT NULL,
  partition INTEGER NOT NULL,
  owner TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (group_id, topic, partition)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bus_meta (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;

/**
 * Opens (creating if needed) the bus tables in WAL mode. `synchronous=FULL` by default: a publish is
 * acknowledged only once it is on disk (docs/architecture.md, Durability). The busy timeout lets other processes and
 * the event store's own connection to the same file take turns at the write lock instead of failing.
 */
export function openBusDatabase(path: string, synchronous: Synchronous): DatabaseSync {
  const db = new DatabaseSync(path);
  try {
    db.exec('PRAGMA busy_timeout = 10000');
    db.exec('PRAGMA journal_mode = WAL');
    db.exec(`PRAGMA synchronous = ${synchronous}`);
    immediate(db, () => db.exec(SCHEMA));
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The partition count is fixed per file: a key must always land in the same partition or its order is
 * lost, so a second opener asking for another count is refused rather than silently re-partitioning.
 */
export function settlePartitionCount(db: DatabaseSync, requested: number | undefined, fallback: number): number {
  return immediate(db, () => {
    const row = db.prepare(`SELECT value FROM bus_meta WHERE name = 'partitions'`).get();
    if (row) {
      const stored = Number(row.value);
      if (requested !== undefined && requested !== stored) {
        throw new Error(`embedded bus: the file was created with ${stored} partitions, not ${requested}`);
      }
      return stored;
    }
    const count = requested ?? fallback;
    if (!Number.isInteger(count) || count < 1) throw new Error(`embedded bus: partitions must be a positive integer, got ${count}`);
    db.prepare(`INSERT INTO bus_meta (name, value) VALUES ('partitions', ?)`).run(String(count));
    return count;
  });
}

/** Runs `work` in a write transaction taken up front (BEGIN IMMEDIATE), so it never fails half way on a lock upgrade. */
export function immediate<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
