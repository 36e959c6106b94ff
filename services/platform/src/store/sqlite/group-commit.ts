import type { DatabaseSync, StatementSync } from 'node:sqlite';

export interface GroupCommitStats {
  /** Write transactions committed (each one fsync at synchronous=FULL). */
  transactions: number;
  /** Units of work (appends) that went through, succeeded or failed on their own. */
  appends: number;
  largestGroup: number;
}

interface Job {
  work: () => unknown;
  /** Answered at COMMIT, before the WAL sync (AppendOptions.answerAt = 'commit'). */
  atCommit: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** How long a group answered entirely at COMMIT waits for a later group's sync to cover it before syncing itself. */
const COVERED_WITHIN_MS = 50;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit (docs/architecture.md Durability): work submitted in the same turn of the event loop runs in ONE write
 * transaction, so many appends share one fsync. Each unit runs inside its own SAVEPOINT: a unit that throws
 * rolls back only its own rows and gets its own rejection; the others still commit. Nobody is answered
 * before COMMIT returns, so an acknowledged append is durable. The work must be synchronous (node:sqlite
 * is), which also keeps other callers of the connection out of the open transaction.
 */
export class GroupCommit {
  private queue: Job[] = [];
  private pending: Promise<void> | null = null;
  private readonly counters: GroupCommitStats = { transactions: 0, appends: 0, largestGroup: 0 };
  private readonly sql: Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', StatementSync>;

  constructor(
    db: DatabaseSync,
    private readonly afterCommit: () => void,
    /** Bounds how long one flush holds the event loop and the write lock. */
    private readonly maxGroup = 1000,
    /**
     * When set, a committed group is answered only once this resolves (the WAL synced off the event loop,
     * with SQLite itself at NORMAL): `committed` is told at COMMIT, `durable` once answered (both with the
     * group's successful values), so the store can keep readers behind what is not yet on disk.
     */
    private readonly sync?: {
      durable: () => Promise<void>;
      committed: (values: unknown[]) => void;
      synced: (values: unknown[], ok: boolean) => void;
      /** Whether a later group's sync has covered these already (its fdatasync began after their COMMIT). */
      covered: (values: unknown[]) => boolean;
    },
  ) {
    this.sql = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT unit'),
      release: db.prepare('RELEASE unit'),
      rollbackTo: db.prepare('ROLLBACK TO unit'),
    };
  }

  submit<T>(work: () => T, atCommit = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, atCommit, resolve: resolve as (value: unknown) => void, reject });
      // setImmediate, not a microtask: callers that await something first still join this group.
      this.pending ??= new Promise<void>((done) =>
        setImmediate(() => {
          this.pending = null;
          this.flush();
          done();
        }),
      );
    });
  }

  /** Resolves once everything submitted so far has been committed (and, off the loop, synced) or refused. */
  async drain(): Promise<void> {
    while (this.pending) await this.pending;
    for (const syncNow of [...this.deferred.values()]) syncNow();
    await Promise.allSettled([...this.syncing]);
  }

  private readonly syncing = new Set<Promise<void>>();
  /** Groups answered entirely at COMMIT, waiting for a later group's sync to cover them (each: sync it now). */
  private readonly deferred = new Map<NodeJS.Timeout, () => void>();

  stats(): GroupCommitStats {
    return { ...this.counters };
  }

  private flush(): void {
    while (this.queue.length > 0) this.runGroup(this.queue.splice(0, this.maxGroup));
  }

  private runGroup(jobs: Job[]): void {
    const outcomes: Outcome[] = [];
    try {
      this.sql.begin.run();
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    try {
      for (const job of jobs) outcomes.push(this.runUnit(job));
      this.sql.commit.run();
    } catch (error) {
      // The transaction itself failed (commit, I/O): nothing of the group is durable, so nobody succeeded.
      try {
        this.sql.rollback.run();
      } catch {
        // SQLite may have rolled back already; the original error is the one to report.
      }
      for (const job of jobs) job.reject(error);
      return;
    }
    this.counters.transactions += 1;
    this.counters.appends += jobs.length;
    this.counters.largestGroup = Math.max(this.counters.largestGroup, jobs.length);
    const values = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
    const answer = (syncError?: unknown, early = false) => {
      outcomes.forEach((outcome, i) => {
        if (early !== jobs[i]!.atCommit) return; // answered at commit, or waiting for the sync
        if (!outcome.ok) jobs[i]!.reject(outcome.error);
        else if (syncError !== undefined) jobs[i]!.reject(syncError); // committed, but not known to be on disk
        else jobs[i]!.resolve(outcome.value);
      });
      if (!early && values.length > 0 && syncError === undefined) this.afterCommit();
    };
    if (!this.sync || values.length === 0) {
      for (const job of jobs) job.atCommit = false;
      return answer();
    }
    const sync = this.sync;
    sync.committed(values);
    if (jobs.some((job) => job.atCommit)) answer(undefined, true);
    const startSync = () => {
      const done = sync.durable().then(
        () => {
          sync.synced(values, true);
          answer();
        },
        (error: unknown) => {
          sync.synced(values, false);
          answer(error);
        },
      );
      this.syncing.add(done);
      void done.finally(() => this.syncing.delete(done));
    };
    if (!jobs.every((job, i) => job.atCommit || !outcomes[i]!.ok)) return startSync();
    // Everyone here was answered at COMMIT and will append durably next (AppendOptions.answerAt): that append's
    // sync covers this group too, one fdatasync instead of two. Should none come soon, this group syncs itself.
    const syncUnlessCovered = () => {
      clearTimeout(timer);
      this.deferred.delete(timer);
      if (!sync.covered(values)) startSync();
    };
    const timer = setTimeout(syncUnlessCovered, COVERED_WITHIN_MS);
    timer.unref();
    this.deferred.set(timer, syncUnlessCovered);
  }

  private runUnit(job: Job): Outcome {
    this.sql.savepoint.run();
    try {
      const value = job.work();
      this.sql.release.run();
      return { ok: true, value };
    } catch (error) {
      // A failing savepoint statement escapes to runGroup and fails the whole group, as it must.
      this.sql.rollbackTo.run();
      this.sql.release.run();
      return { ok: false, error };
    }
  }
}
