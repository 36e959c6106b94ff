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
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit (DESIGN.md Durability): work submitted in the same turn of the event loop runs in ONE write
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

  submit<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
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

  /** Resolves once everything submitted so far has been committed or refused. */
  async drain(): Promise<void> {
    while (this.pending) await this.pending;
  }

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
    outcomes.forEach((outcome, i) => (outcome.ok ? jobs[i]!.resolve(outcome.value) : jobs[i]!.reject(outcome.error)));
    if (outcomes.some((o) => o.ok)) this.afterCommit();
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
