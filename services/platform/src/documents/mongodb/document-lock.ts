import { randomUUID } from 'node:crypto';
import { MongoServerError, type Collection, type Db } from 'mongodb';

/** A holder that stalls longer than this loses its lock to the next writer (a crashed one must not block a document for ever). */
export const LOCK_LEASE_MS = 30_000;
/** How long a writer waits for a document held by others before it gives up with an error. */
const WAIT_LIMIT_MS = 2 * LOCK_LEASE_MS;
const DUPLICATE_KEY = 11000;

interface LockDoc {
  /** Unique per acquisition, so breaking a stale lock deletes that lock and never its successor. */
  _id: string;
  /** `<collection>/<document id>`; a unique index makes inserting it the atomic step. */
  key: string;
  /** The holder's clock (ms): hosts sharing a database must keep their clocks within the lease. */
  at: number;
}

/**
 * Per-document locks for servers that cannot compare-and-set in one filtered update (FerretDB v1): the
 * only atomic step such a server offers is an insert against a unique index, so a writer inserts a lock
 * document, writes the document while holding it, and deletes it. Held for one round trip.
 */
export class DocumentLocks {
  private ready: Promise<unknown> | undefined;

  constructor(private readonly col: Collection<LockDoc>) {}

  static in(db: Db): DocumentLocks {
    return new DocumentLocks(db.collection<LockDoc>('_document_locks'));
  }

  async withLock<T>(collection: string, id: string, work: () => Promise<T>): Promise<T> {
    this.ready ??= this.col.createIndex({ key: 1 }, { unique: true, name: 'ix_key' }).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    await this.ready;
    const lock = await this.acquire(`${collection}/${id}`);
    try {
      return await work();
    } finally {
      await this.col.deleteOne({ _id: lock }).catch(() => undefined); // left behind, it expires with its lease
    }
  }

  private async acquire(key: string): Promise<string> {
    const started = Date.now();
    for (let wait = 1; ; wait = Math.min(wait * 2, 25)) {
      const lock: LockDoc = { _id: randomUUID(), key, at: Date.now() };
      try {
        await this.col.insertOne(lock);
        return lock._id;
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
      }
      const held = await this.col.findOne({ key });
      if (held && Date.now() - held.at > LOCK_LEASE_MS) {
        await this.col.deleteOne({ _id: held._id });
        continue;
      }
      if (Date.now() - started > WAIT_LIMIT_MS) throw new Error(`document ${key} stayed locked for ${WAIT_LIMIT_MS} ms`);
      if (held) await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random())));
    }
  }
}
