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
import { findReplay, sealChecked } from '../append-checks';
import { startSubscription, type CheckpointStore, type SubscriptionSource } from '../subscription';
import { checkExpected } from '../stream-rules';
import { decodeRow, type EventRow } from './event-rows';
import { GroupCommit, type GroupCommitStats } from './group-commit';
import { openDatabase, prepareStatements, type Statements, type SynchronousMode } from './schema';
import { checkpointOffLoop, FALLBACK_AUTOCHECKPOINT_PAGES } from '../../util/wal-checkpointer';

export { verifyAllParallel, type ParallelVerifyOptions } from './parallel-verify';

export interface SqliteEventStoreOptions {
  /** The database file (parent folders are created); `:memory:` for a throwaway store. */
  path: string;
  /** SQLite `synchronous`: FULL (default) fsyncs every commit, so an acknowledged append survives power loss. */
  synchronous?: SynchronousMode;
  /** How subscriptions learn of new events: local appends wake them at once; other processes are polled. */
  notify?: { pollMs?: number };
  /** How long to wait for another process's write lock before failing (ms, default 5000). */
  busyTimeoutMs?: number;
}

/** Live settings of the store's connection, read back from SQLite rather than from the options. */
export interface SqlitePragmas {
  journalMode: string;
  /** OFF, NORMAL, FULL or EXTRA. */
  synchronous: string;
  busyTimeoutMs: number;
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

  private constructor(
    private readonly db: DatabaseSync,
    private readonly pollMs: number,
    private readonly releaseCheckpoints: () => Promise<void>,
  ) {
    this.statements = prepareStatements(db);
    this.commits = new GroupCommit(db, () => this.appended.emit('appended'));
  }

  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    const synchronous = options.synchronous ?? 'FULL';
    const db = openDatabase(options.path, synchronous, options.busyTimeoutMs ?? 5000);
    // Checkpoints (copying the WAL into the file, with its fsyncs) run on a worker thread, not inside an append's COMMIT.
    db.exec(`PRAGMA wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    const release = checkpointOffLoop(options.path, synchronous === 'FULL' ? 'FULL' : 'NORMAL');
    return new SqliteEventStore(db, options.notify?.pollMs ?? 250, release);
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.state !== 'open') return Promise.reject(new Error('event store is closed'));
    // Runs inside the group's transaction, after the earlier appends of the same group: heads and ids
    // are read from the database, so those appends (and other processes') are taken into account.
    return this.commits.submit(() => this.appendNow(streamId, events, options));
  }

  private appendNow(streamId: string, events: NewEvent[], options: AppendOptions): AppendResult {
    const s = this.statements;
    const head = s.streamHead.get(streamId) as { revision: number; hash: string } | undefined;
    const replay = findReplay(streamId, events, (id) => this.eventById(id));
    if (replay) return { nextRevision: head?.revision ?? -1, position: replay[replay.length - 1]!.globalPosition, events: replay };
    checkExpected(streamId, options.expectedRevision, head ? head.revision : 'no-stream');
    const sealed = sealChecked(streamId, head ?? null, events);
    const stored = sealed.map(({ envelope, canonical }): Envelope => {
      const { lastInsertRowid } = s.insertEvent.run(
        envelope.eventId,
        streamId,
        envelope.streamRevision,
        envelope.type,
        canonical,
        envelope.hash,
      );
      // The sealed envelope is this append's own: its position goes onto it, not onto a copy.
      const event = envelope as Envelope;
      event.globalPosition = Number(lastInsertRowid);
      return event;
    });
    const tail = stored[stored.length - 1];
    if (!tail) return { nextRevision: head ? head.revision : -1, position: 0, events: [] };
    s.setStreamHead.run(streamId, tail.streamRevision, tail.hash);
    return { nextRevision: tail.streamRevision, position: tail.globalPosition, events: stored };
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
      for (const row of rows) {
        const event = decodeRow(row);
        after = event.globalPosition;
        yield event;
      }
      if (rows.length < batchSize) return;
    }
  }

  async headPosition(): Promise<number> {
    this.assertReadable();
    return (this.statements.headPosition.get() as { head: number }).head;
  }

  async subscribeToAll(handler: EventHandler, options?: SubscribeOptions): Promise<Subscription> {
    this.assertReadable();
    const s = this.statements;
    const checkpoints: CheckpointStore = {
      load: async (name) => (s.loadCheckpoint.get(name) as { position: number } | undefined)?.position,
      save: async (name, position) => void s.saveCheckpoint.run(name, position, new Date().toISOString()),
    };
    const source: SubscriptionSource = {
      readAll: (o) => this.readAll(o),
      headPosition: () => this.headPosition(),
      onAppended: (listener) => {
        this.appended.on('appended', listener);
        return () => void this.appended.off('appended', listener);
      },
    };
    const inner = await startSubscription(source, checkpoints, handler, options, { pollMs: this.pollMs });
    const subscription: Subscription = {
      caughtUp: () => inner.caughtUp(),
      position: () => inner.position(),
      reached: (position) => inner.reached(position),
      close: async () => {
        this.subscriptions.delete(subscription);
        await inner.close();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
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
    };
  }

  /** Commits what is queued, stops subscriptions (saving their checkpoints), then closes the file. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.state = 'closing';
      await this.commits.drain();
      await Promise.all([...this.subscriptions].map((sub) => sub.close()));
      this.state = 'closed';
      await this.releaseCheckpoints();
      this.db.close();
    })();
    return this.closing;
  }

  private assertReadable(): void {
    if (this.state === 'closed') throw new Error('event store is closed');
  }
}
