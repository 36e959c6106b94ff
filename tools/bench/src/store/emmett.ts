import type { NewEvent } from '@grid/contracts';
import type { SQLiteConnection, SQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import { timed, type Sample } from '../lib/timing';
import { SerialQueue, type Appender, type Expected } from './workload';

type EmmettSqlite = typeof import('@event-driven-io/emmett-sqlite');

/**
 * How emmett-sqlite is driven:
 * - `connection`: one long-lived `sqliteConnection` with the exported `appendToStream` / `readMessagesBatch`
 *   (its fastest path, the default baseline);
 * - `store`: the public `getSQLiteEventStore`, which opens and closes a connection around every call (on
 *   a file the close also checkpoints the WAL), so it is much slower.
 * Either way appends go one at a time: one emmett connection must not carry two appends at once (its
 * transaction nesting counter would merge them; `store` even closes the handle under the other call).
 */
export type EmmettApi = 'connection' | 'store';

let loaded: Promise<EmmettSqlite> | undefined;
/** emmett is ESM-first; it also ships CommonJS, and a dynamic import works from either. */
export const loadEmmett = (): Promise<EmmettSqlite> => (loaded ??= import('@event-driven-io/emmett-sqlite'));

/** emmett counts events (0 = no stream, n = n events); we name the last revision (0-based). */
const toEmmettVersion = (expected: Expected): bigint => (expected === 'no-stream' ? 0n : BigInt(expected + 1));

/** The same information as our envelope carries from the writer: type, data, actor and reason. */
const toEmmettEvent = (e: NewEvent) => ({ type: e.type, data: e.data, metadata: { actor: e.actor, reason: e.reason ?? null } });

export class EmmettSubject implements Appender {
  private readonly queue = new SerialQueue();

  private constructor(
    private readonly mod: EmmettSqlite,
    private readonly connection: SQLiteConnection,
    private readonly store: SQLiteEventStore | null,
    readonly synchronous: number,
  ) {}

  static async open(file: string, api: EmmettApi): Promise<EmmettSubject> {
    const mod = await loadEmmett();
    // The connection also serves reads; `store` mode appends through getSQLiteEventStore.
    const connection = mod.sqliteConnection({ fileName: file });
    await connection.command('PRAGMA synchronous = FULL');
    const row = await connection.querySingle<{ synchronous: number }>('PRAGMA synchronous');
    await mod.createEventStoreSchema(connection);
    const store = api === 'store' ? mod.getSQLiteEventStore({ fileName: file }) : null;
    return new EmmettSubject(mod, connection, store, row?.synchronous ?? -1);
  }

  append(streamId: string, events: NewEvent[], expected: Expected): Promise<void> {
    const expectedStreamVersion = toEmmettVersion(expected);
    const messages = events.map(toEmmettEvent);
    return this.queue.run(async () => {
      if (this.store) {
        await this.store.appendToStream(streamId, messages, { expectedStreamVersion });
        return;
      }
      const result = await this.mod.appendToStream(this.connection, streamId, 'bench', messages, { expectedStreamVersion });
      if (!result.success) throw new Error(`emmett append to ${streamId} failed (expected version ${expectedStreamVersion})`);
    });
  }

  /** Every event in global order, 1000 at a time, as emmett's consumers read them. */
  async readAll(expected: number): Promise<Sample> {
    const { ms, value: count } = await timed(async () => {
      let after = 0n;
      let count = 0;
      for (;;) {
        const batch = await this.mod.readMessagesBatch(this.connection, { after, batchSize: 1000 });
        count += batch.messages.length;
        if (!batch.areEventsLeft) return count;
        after = batch.currentGlobalPosition;
      }
    });
    if (count !== expected) throw new Error(`emmett read ${count} events, expected ${expected}`);
    return { events: count, ms };
  }

  /** Asked in SQL: emmett 0.38.5's readLastMessageGlobalPosition returns the FIRST position (ORDER BY … LIMIT 1). */
  async headPosition(): Promise<number> {
    const row = await this.connection.querySingle<{ head: number | null }>(
      `SELECT MAX(global_position) AS head FROM ${this.mod.messagesTable.name}`,
    );
    return row?.head ?? 0;
  }

  async journalMode(): Promise<string> {
    return (await this.connection.querySingle<{ journal_mode: string }>('PRAGMA journal_mode'))?.journal_mode ?? 'unknown';
  }

  close(): void {
    this.connection.close();
  }
}
