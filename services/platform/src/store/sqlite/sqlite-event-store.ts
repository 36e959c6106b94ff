import { EventEmitter } from 'node:events';
import type { DatabaseSync } from 'node:sqlite';
import type { KeyObject } from 'node:crypto';
import type { Actor, Envelope, NewEvent } from '@grid/contracts';
import type {
  AppendOptions,
  AppendResult,
  EventHandler,
  EventStore,
  ReadAllOptions,
  ReadCausedByOptions,
  ReadEventsOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
} from '../event-store';
import { findReplay, replayResult, sealChecked } from '../append-checks';
import { startLocalSubscription, type CheckpointStore } from '../subscription';
import { checkExpected } from '../stream-rules';
import { logLink, streamsRoot, type StreamHead } from '../log-chain';
import { ANCHOR_EVENT, ANCHOR_STREAM, signAnchor, type SignedAnchor } from '../anchors';
import { decodeRow, type EventRow } from './event-rows';
import { GroupCommit, type GroupCommitStats } from './group-commit';
import { openDatabase, prepareStatements, type Statements, type SynchronousMode } from './schema';
import { checkpointOffLoop, FALLBACK_AUTOCHECKPOINT_PAGES } from '../../util/wal-checkpointer';
import { WalSync } from '../../util/wal-sync';
import type { DurableHead } from './durable-head';

export { verifyAllParallel, type ParallelVerifyOptions } from './parallel-verify';
export { DurableHead } from './durable-head';

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
   * Told once when a WAL sync fails. The store is fail-stop from then on (docs/architecture.md Durability): it refuses
   * appends and its readers never pass the group that failed; the process owner should exit.
   */
  onDurabilityLost?: (error: unknown) => void;
  /** Anchors the log every `everyMs` (docs/audit.md): at most one per interval however many processes share the file, none when nothing was appended since. */
  anchors?: { key: KeyObject; everyMs: number };
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
const ANCHOR_ACTOR = { id: 'platform-anchor', role: 'system' } as const;

/** The embedded EventStore: one SQLite file in WAL mode, appends group-committed (docs/architecture.md Durability). */
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
    const store = new SqliteEventStore(db, options.notify?.pollMs ?? 250, release, walSync, synchronous, options.durableHead, options.onDurabilityLost);
    if (options.anchors) store.scheduleAnchors(options.anchors.key, options.anchors.everyMs);
    return store;
  }

  private anchorTimer: NodeJS.Timeout | undefined;

  /** Looks hourly (or every interval, when shorter), from an hour after opening, whether the last anchor is older than the interval. */
  private scheduleAnchors(key: KeyObject, everyMs: number): void {
    const due = async () => {
      const [last] = await this.readStream(ANCHOR_STREAM, { direction: 'backwards', maxCount: 1 });
      if (last && Date.parse(last.recordedAt) + everyMs > Date.now()) return;
      if (last && (await this.headPosition()) <= last.globalPosition) return;
      if ((await this.headPosition()) === 0) return;
      await this.anchor(key, ANCHOR_ACTOR);
    };
    const tick = () =>
      void due().catch((error: unknown) => {
        if (this.state === 'open') process.emitWarning(`anchoring the event log failed: ${(error as Error).message}`);
      });
    this.anchorTimer = setInterval(tick, Math.min(everyMs, 3_600_000)).unref();
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

  /** Why no write may start now (closed, or fail-stop after a failed WAL sync), or null. */
  private refusedWrite(): Error | null {
    if (this.state !== 'open') return new Error('event store is closed');
    if (this.lostDurability === undefined) return null;
    return new Error('event store stopped after a failed WAL sync (fail-stop): restart the process', { cause: this.lostDurability });
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const refused = this.refusedWrite();
    if (refused) return Promise.reject(refused);
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

  /**
   * Signs the log's head (its position, log link and the root over every stream's head, read in the same
   * transaction) and appends that anchor to `anchors-log` (docs/audit.md). Checks nothing: `gridctl anchor
   * create` verifies the log first; a wrong head signed here shows as an anchor mismatch in the next verify.
   */
  async anchor(key: KeyObject, actor: Actor): Promise<SignedAnchor> {
    const refused = this.refusedWrite();
    if (refused) throw refused;
    let anchor: SignedAnchor | undefined;
    // The work answers the append (what the group's sync bookkeeping reads); the anchor comes out beside it.
    await this.commits.submit(() => {
      const s = this.statements;
      const log = s.logHead.get() as { position: number; link: string | null } | undefined;
      if (!log?.link) throw new Error('the log is empty or not chained; nothing to anchor');
      const heads = s.streamHeads.all() as unknown as StreamHead[];
      const claims = { position: log.position, logHash: log.link, streams: heads.length, streamsRoot: streamsRoot(heads) };
      anchor = signAnchor({ ...claims, anchoredAt: new Date().toISOString() }, key);
      return this.appendNow(ANCHOR_STREAM, [{ type: ANCHOR_EVENT, data: { ...anchor }, actor }], { expectedRevision: 'any' });
    });
    return anchor!;
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

  async readEvents(eventIds: readonly string[], options: ReadEventsOptions = {}): Promise<Envelope[]> {
    this.assertReadable();
    const before = Math.min(options.before ?? Number.MAX_SAFE_INTEGER, this.syncedBelow());
    return (this.statements.eventsByIds.all(JSON.stringify(eventIds), before) as unknown as EventRow[]).map(decodeRow);
  }

  async readCausedBy(eventIds: readonly string[], options: ReadCausedByOptions = {}): Promise<Envelope[]> {
    this.assertReadable();
    const below = this.syncedBelow();
    const rows = this.statements.eventsCausedBy.all(JSON.stringify(eventIds), options.after ?? 0) as unknown as EventRow[];
    return rows.filter((row) => row[0] < below).map(decodeRow);
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
      clearInterval(this.anchorTimer);
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
