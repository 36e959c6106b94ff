import type { NewEvent } from '@grid/contracts';
import { SqliteEventStore, verifyAll, verifyAllParallel } from '@grid/platform';
import { timed, type Sample } from '../lib/timing';
import type { Appender, Expected } from './workload';

/** Our embedded store (services/platform/src/store/sqlite) at the bench's durability. */
export class OursSubject implements Appender {
  private constructor(
    private readonly store: SqliteEventStore,
    private readonly file: string,
  ) {}

  static async open(file: string): Promise<OursSubject> {
    return new OursSubject(await SqliteEventStore.open({ path: file, synchronous: 'FULL' }), file);
  }

  async append(streamId: string, events: NewEvent[], expected: Expected): Promise<void> {
    await this.store.append(streamId, events, { expectedRevision: expected });
  }

  /** The store's live journal mode and durability: FULL is reached with SQLite at NORMAL and the WAL synced off the loop. */
  durability(): string {
    const { journalMode, synchronous, durability } = this.store.pragmas();
    return `journal_mode=${journalMode}, durability=${durability} (sqlite synchronous=${synchronous}${synchronous !== durability ? ', WAL fdatasync off the event loop' : ''})`;
  }

  /** Appends per write transaction (= per fsync): how well group commit amortised the commits. */
  groupCommit(): { transactions: number; appends: number; largestGroup: number } {
    return this.store.stats();
  }

  async journalMode(): Promise<string> {
    return this.store.pragmas().journalMode;
  }

  headPosition(): Promise<number> {
    return this.store.headPosition();
  }

  /** readAll + hash verification of every stream (`verifyAll`), the replay a restore or an audit does. */
  async replay(expected: number): Promise<Sample> {
    const { ms, value } = await timed(() => verifyAll(this.store));
    if (!value.ok || value.eventsChecked !== expected)
      throw new Error(`verifyAll: ok=${value.ok}, ${value.eventsChecked} of ${expected} events, fault ${JSON.stringify(value.firstFault)}`);
    return { events: value.eventsChecked, ms };
  }

  /**
   * `verifyAllParallel(file)`: the same verification by 2 worker threads, each over half the positions on
   * its own read-only connection (worker start-up included): what an audit or an export check runs.
   */
  async replayParallel(expected: number): Promise<Sample> {
    const { ms, value } = await timed(() => verifyAllParallel(this.file, { workers: 2 }));
    if (!value.ok || value.eventsChecked !== expected)
      throw new Error(
        `verifyAllParallel: ok=${value.ok}, ${value.eventsChecked} of ${expected} events, fault ${JSON.stringify(value.firstFault)}`,
      );
    return { events: value.eventsChecked, ms };
  }

  /** readAll alone (batches of 1000, as verifyAll reads), to split the replay cost into reading and hashing. */
  async readAllOnly(expected: number): Promise<Sample> {
    const { ms, value: count } = await timed(async () => {
      let count = 0;
      for await (const event of this.store.readAll({ batchSize: 1000 })) if (event.streamRevision >= 0) count += 1;
      return count;
    });
    if (count !== expected) throw new Error(`readAll read ${count} events, expected ${expected}`);
    return { events: count, ms };
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
