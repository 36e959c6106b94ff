import { EventEmitter } from 'node:events';
import type { DatabaseSync } from 'node:sqlite';
import type { Envelope, NewEvent } from '@grid/contracts';
import type {
  AppendOptions,
  AppendResult,
  EventHandler,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
} from '../event-store';
import { findReplay, replayResult, sealChecked } from '../append-checks';
import { startLocalSubscription, type CheckpointStore } from '../subscription';
import { checkExpected } from '../stream-rules';
import { logLink } from '../log-chain';
import { decodeRow, type EventRow } from './event-rows';
import { GroupCommit, type GroupCommitStats } from './group-commit';
import { openDatabase, prepareStatements, type Statements, type SynchronousMode } from './schema';
import { checkpointOffLoop, FALLBACK_AUTOCHECKPOINT_PAGES } from '../../util/wal-checkpointer';
import { WalSync } from '../../util/wal-sync';
import type { DurableHead } from './durable-head';

export { verifyAllParallel, type ParallelVerifyOptions } from './parallel-verify';
export { DurableHead } from './durable-head';
export { auditLog, type AuditFault, type AuditFaultKind, type AuditOptions, type AuditReport } from './log-audit';
export { createAnchor, latestAnchor } from './create-anchor';

export interface SqliteEventStoreOptions {
  /** The database file (parent folders are created); `:memory:` for a throwaway store. */
  path: string;
  /** SQLite `synchronous`: FULL (default) fsyncs every commit, so an acknowledged append survives power loss. */
  synchronous?: SynchronousMode;
  /** How subscriptions learn of new events: local appends wake them at once; other processes are polled. */
  notify?: { pollMs?: number };
  /** How long to wait for another process's write lock before failing (ms, default 5000). */
  busyTimeoutMs?: number;
  /**
   * With FULL (default true): SQLite runs at NORMAL and each group commit's WAL frames are fdatasync'ed on the
   * thread pool before its appends are answered (util/wal-sync.ts), so the event loop never waits on the disk
   * and an acknowledged append is as durable as at FULL. Readers of the log (readAll, subscriptions,
   * headPosition) are kept behind what is synced; readStream sees a commit at once (a later append's sync
   * covers it, as the WAL is written in order). false: SQLite's own FULL, fsync inside the COMMIT.
   */
  syncOffLoop?: boolean;
  /**
   * A follower of another connection's writes (the read-side worker on the writer's file): the log's readers
   * stop at what that writer reports durable, and wake when it advances. The follower does not append events.
   */
  durableHead?: DurableHead;
  /**
   * Told once when a WAL sync fails. The store is fail-stop from then on (DESIGN.md Durability): it refuses
   * appends and its readers never pass the group that failed; the process owner should exit.
   */
  onDurabilityLost?: (error: unknown) => void;
}

/** Live settings of the store's connection, read back from SQLite rather than from the options. */
export interface SqlitePragmas {
  journalMode: string;
  /** OFF, NORMAL, FULL or EXTRA: SQLite's own setting (NORMAL when the WAL is synced off the loop). */
  synchronous: string;
  busyTimeoutMs: number;
  /** What an acknowledged append survives: FULL (power loss) when SQLite is at FULL or the WAL is synced off the loop. */
  durability: 'FULL' | 'NORMAL' | 'OFF';
}

const SYNCHRONOUS_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

/** The embedded EventStore: one SQLite file in WAL mode, appends group-committed (DESIGN.md Durability). */
export class SqliteEventStore implements EventStore {
  private readonly statements: Statements;
  private readonly commits: GroupCommit;
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private readonly subscriptions = new Set<Subscription>();
  private state: 'open' | 'closing' | 'closed' = 'open';
  private closing: Promise<void> | null = null;

  private readonly unfollow: (() => void) | undefined;

  /** First positions of the committed groups still waiting for their WAL sync, oldest first. */
  private readonly unsynced: number[] = [];

  private constructor(
    private readonly db: DatabaseSync,
    private readonly pollMs: number,
    private readonly releaseCheckpoints: () => Promise<void>,
    private readonly walSync: WalSync | undefined,
    private readonly durability: SqlitePragmas['durability'],
    private readonly durableHead?: DurableHead,
    private readonly onDurabilityLost?: (error: unknown) => void,
  ) {
    this.unfollow = durableHead?.onAdvance(() => this.appended.emit('appended'));
    this.statements = prepareStatements(db);
    const sync = walSync && {
      durable: () =>
        walSync.sync().catch((error: unknown) => {
          this.loseDurability(error);
          throw error;
        }),
      committed: (values: unknown[]) => this.unsynced.push(firstPosition(values as AppendResult[])),
      covered: (values: unknown[]) => !this.unsynced.includes(firstPosition(values as AppendResult[])),
      // A group's sync began after its COMMIT, so it covers every group committed before it too: all of them
      // are on disk now, whichever syncs were begun earlier and are still running.
      // Fail-stop: after a failed fsync the kernel may have dropped the pages and a later sync would "succeed";
      // the failed group stays unsynced for good, so readers and the relay never pass it.
      synced: (values: unknown[], ok: boolean) => {
        if (!ok || this.lostDurability !== undefined) return;
        const first = firstPosition(values as AppendResult[]);
        while (this.unsynced.length > 0 && this.unsynced[0]! <= first) this.unsynced.shift();
      },
    };
    this.commits = new GroupCommit(db, () => this.appended.emit('appended'), undefined, sync);
  }

  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    const synchronous = options.synchronous ?? 'FULL';
    const offLoop = synchronous === 'FULL' && options.syncOffLoop !== false && options.path !== ':memory:';
    const db = openDatabase(options.path, offLoop ? 'NORMAL' : synchronous, options.busyTimeoutMs ?? 5000);
    // Checkpoints (copying the WAL into the file, with its fsyncs) run on a worker thread, not inside an append's COMMIT.
    db.exec(`PRAGMA wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    const release = checkpointOffLoop(options.path, synchronous === 'FULL' ? 'FULL' : 'NORMAL');
    const walSync = offLoop ? new WalSync(`${options.path}-wal`) : undefined;
    return new SqliteEventStore(db, options.notify?.pollMs ?? 250, release, walSync, synchronous, options.durableHead, options.onDurabilityLost);
  }

  /** Readers of the log stop before this position: the first event not yet known to be on disk. */
  private syncedBelow(): number {
    let below = this.durableHead ? this.durableHead.get() + 1 : Number.POSITIVE_INFINITY;
    for (const first of this.unsynced) below = Math.min(below, first); // a handful of groups at most
    return below;
  }

  private lostDurability: unknown = undefined;

  private loseDurability(error: unknown): void {
    if (this.lostDurability !== undefined) return;
    this.lostDurability = error;
    this.onDurabilityLost?.(error);
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.state !== 'open') return Promise.reject(new Error('event store is closed'));
    if (this.lostDurability !== undefined) {
      return Promise.reject(new Error('event store stopped after a failed WAL sync (fail-stop): restart the process', { cause: this.lostDurability }));
    }
    // Runs inside the group's transaction, after the earlier appends of the same group: heads and ids
    // are read from the database, so those appends (and other processes') are taken into account.
    return this.commits.submit(() => this.appendNow(streamId, events, options), options.answerAt === 'commit');
  }

  private appendNow(streamId: string, events: NewEvent[], options: AppendOptions): AppendResult {
    const s = this.statements;
    const head = s.streamHead.get(streamId) as { revision: number; hash: string } | undefined;
    const replay = findReplay(streamId, events, (id) => this.eventById(id));
    if (replay) {
      const result = replayResult(replay);
      firstPositions.set(result, replay[0]!.globalPosition);
      return result;
    }
    checkExpected(streamId, options.expectedRevision, head ? head.revision : 'no-stream');
    const sealed = sealChecked(streamId, head ?? null, events);
    const log = s.logHead.get() as { position: number; link: string | null } | undefined;
    let position = log?.position ?? 0;
    let link = log?.link ?? null;
    const positions = sealed.map(({ envelope, canonical }) => {
      position += 1;
      link = logLink(link, position, envelope.hash);
      s.insertEvent.run(position, envelope.eventId, streamId, envelope.streamRevision, envelope.type, canonical, envelope.hash, link);
      return position;
    });
    const tail = sealed[sealed.length - 1]?.envelope;
    if (!tail) return { nextRevision: head ? head.revision : -1, position: 0, events: [] };
    s.setStreamHead.run(streamId, tail.streamRevision, tail.hash);
    const result = { nextRevision: tail.streamRevision, position: positions[positions.length - 1]!, events: sealed.map((e) => e.envelope) };
    firstPositions.set(result, positions[0]!);
    return result;
  }

  private eventById(eventId: string): Envelope | undefined {
    const row = this.statements.eventById.get(eventId) as EventRow | undefined;
    return row ? decodeRow(row) : undefined;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<Envelope[]> {
    this.assertReadable();
    const { direction = 'forwards', fromRevision, maxCount } = options;
    const limit = maxCount ?? -1; // LIMIT -1: no limit
    const rows =
      direction === 'forwards'
        ? this.statements.streamForwards.all(streamId, fromRevision ?? 0, limit)
        : this.statements.streamBackwards.all(streamId, fromRevision ?? Number.MAX_SAFE_INTEGER, limit);
    return (rows as unknown as EventRow[]).map(decodeRow);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<Envelope> {
    let after = options.fromPosition ?? 0;
    const batchSize = Math.max(1, options.batchSize ?? 500);
    for (;;) {
      this.assertReadable();
      const rows = this.statements.allAfter.all(after, batchSize) as unknown as EventRow[];
      const below = this.syncedBelow();
      for (const row of rows) {
        const event = decodeRow(row);
        if (event.globalPosition >= below) return; // committed, not yet synced: delivered once it is
        after = event.globalPosition;
        yield event;
      }
      if (rows.length < batchSize) return;
    }
  }

  async headPosition(): Promise<number> {
    this.assertReadable();
    const head = (this.statements.headPosition.get() as { head: number }).head;
    return Math.min(head, this.syncedBelow() - 1);
  }

  async subscribeToAll(handler: EventHandler, options?: SubscribeOptions): Promise<Subscription> {
    this.assertReadable();
    const s = this.statements;
    const checkpoints: CheckpointStore = {
      load: async (name) => (s.loadCheckpoint.get(name) as { position: number } | undefined)?.position,
      save: async (name, position) => void s.saveCheckpoint.run(name, position, new Date().toISOString()),
    };
    const source = { readAll: (o?: ReadAllOptions) => this.readAll(o), headPosition: () => this.headPosition() };
    return startLocalSubscription({ source, appended: this.appended, checkpoints, pollMs: this.pollMs, open: this.subscriptions }, handler, options);
  }

  /**
   * Calls `listener` each time appends become visible to the log's readers (after their WAL sync, off the
   * loop): what a follower in another thread needs to hear, with headPosition() for how far. Returns the unsubscribe.
   */
  onDurable(listener: () => void): () => void {
    this.appended.on('appended', listener);
    return () => this.appended.off('appended', listener);
  }

  /** Group-commit counters, so tests and benchmarks can see how many appends shared a transaction. */
  stats(): GroupCommitStats {
    return this.commits.stats();
  }

  pragmas(): SqlitePragmas {
    const one = <T>(sql: string) => this.db.prepare(sql).get() as T;
    return {
      journalMode: one<{ journal_mode: string }>('PRAGMA journal_mode').journal_mode,
      synchronous: String(SYNCHRONOUS_NAMES[one<{ synchronous: number }>('PRAGMA synchronous').synchronous]),
      busyTimeoutMs: one<{ timeout: number }>('PRAGMA busy_timeout').timeout,
      durability: this.durability,
    };
  }

  /** Commits what is queued, stops subscriptions (saving their checkpoints), then closes the file. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.state = 'closing';
      this.unfollow?.();
      await this.commits.drain();
      await Promise.all([...this.subscriptions].map((sub) => sub.close()));
      this.state = 'closed';
      await this.walSync?.close();
      await this.releaseCheckpoints();
      this.db.close();
    })();
    return this.closing;
  }

  private assertReadable(): void {
    if (this.state === 'closed') throw new Error('event store is closed');
  }
}

/** The first position each append wrote (answers carry only the last); set in appendNow, read by the group's sync. */
const firstPositions = new WeakMap<AppendResult, number>();

/** The first position a group wrote (a replayed append reports older events, which only holds readers back a little longer). */
function firstPosition(results: AppendResult[]): number {
  let first = Number.POSITIVE_INFINITY;
  for (const r of results) first = Math.min(first, firstPositions.get(r) ?? Number.POSITIVE_INFINITY);
  return first;
}
