import { close, fdatasync, open } from 'node:fs';
import { promisify } from 'node:util';

const openAsync = promisify(open);
const fdatasyncAsync = promisify(fdatasync);
const closeAsync = promisify(close);
const MAX_IN_FLIGHT = 2;

/**
 * Makes commits made at `synchronous = NORMAL` durable off the event loop: an fdatasync of the WAL file on
 * libuv's thread pool. In WAL mode NORMAL writes each commit's frames to the WAL without syncing it; an
 * fdatasync of that file (from any descriptor) then makes every commit written before it began durable, as
 * FULL would have, but without blocking the loop. Up to two run at once, each begun right after the commit it
 * is for (a commit never waits for a sync that began before it to finish first); beyond that, the callers
 * share the next one. Completions may come out of order; each still covers everything committed before it began.
 * Checkpoints stay SQLite's (on the checkpointer's worker): at NORMAL it syncs the WAL before and the file after.
 */
export class WalSync {
  private fd: Promise<number> | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private queued: Promise<void> | null = null;

  private lostWith: { error: unknown } | undefined;

  /** `onLost`: told once when a `durable()` sync fails (the owner should stop the process). */
  constructor(
    private readonly walPath: string,
    private readonly onLost?: (error: unknown) => void,
  ) {}

  /**
   * A fail-stop sync (docs/architecture.md Durability): after one failed fdatasync the kernel may have dropped the
   * pages, so a later sync that "succeeds" proves nothing, and the WAL frames after a lost one are lost with it on
   * recovery. From then on every call fails with the first error, and `onLost` is told once.
   */
  async durable(): Promise<void> {
    this.assertDurable();
    try {
      await this.sync();
    } catch (error) {
      if (this.lostWith === undefined) {
        this.lostWith = { error };
        this.onLost?.(error);
      }
      throw error;
    }
  }

  /** Throws once a `durable()` sync has failed: no write may start on this file any more. */
  assertDurable(): void {
    if (this.lostWith) throw new Error('stopped after a failed WAL sync (fail-stop): restart the process', { cause: this.lostWith.error });
  }

  /** Resolves after an fdatasync that began after this call (so it covers every commit made before it). */
  sync(): Promise<void> {
    if (this.inFlight.size < MAX_IN_FLIGHT) {
      const run = this.run();
      const tracked: Promise<void> = run.finally(() => this.inFlight.delete(tracked));
      this.inFlight.add(tracked);
      tracked.catch(() => undefined);
      return run;
    }
    // Two are running, begun before this commit perhaps: wait for the next, shared by all who ask meanwhile.
    this.queued ??= Promise.race([...this.inFlight].map((p) => p.catch(() => undefined))).then(() => {
      this.queued = null;
      return this.sync();
    });
    return this.queued;
  }

  /** Waits for the syncs under way, then closes the descriptor. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight, this.queued]);
    const fd = this.fd;
    this.fd = undefined;
    if (fd) await closeAsync(await fd).catch(() => undefined);
  }

  private async run(): Promise<void> {
    // Opened lazily: the WAL file exists from the first commit in WAL mode and stays (SQLite rewinds it, same
    // inode) while a connection is open.
    this.fd ??= openAsync(this.walPath, 'r');
    try {
      await fdatasyncAsync(await this.fd);
    } catch (error) {
      this.fd = undefined; // opened again next time (a failed open must not stick)
      throw error;
    }
  }
}
