import { close, fdatasync, open } from 'node:fs';
import { promisify } from 'node:util';

const openAsync = promisify(open);
const fdatasyncAsync = promisify(fdatasync);
const closeAsync = promisify(close);

/**
 * Makes commits made at `synchronous = NORMAL` durable off the event loop: an fdatasync of the WAL file on
 * libuv's thread pool. In WAL mode NORMAL writes each commit's frames to the WAL without syncing it; one
 * fdatasync of that file (from any descriptor) then makes every commit written before the call durable, as
 * FULL would have, but without blocking the loop, and one sync covers all commits issued while the previous
 * one ran. Checkpoints stay SQLite's: at NORMAL it syncs the WAL before and the database after each one.
 */
export class WalSync {
  private fd: Promise<number> | undefined;
  private inFlight: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(private readonly walPath: string) {}

  /** Resolves after an fdatasync that began after this call (so it covers every commit made before it). */
  sync(): Promise<void> {
    if (!this.inFlight) {
      const run = this.run();
      this.inFlight = run.finally(() => (this.inFlight = null));
      return run;
    }
    // One is running and may have begun before our commit: wait for the next one, shared by all who ask meanwhile.
    this.queued ??= this.inFlight
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.sync();
      });
    return this.queued;
  }

  /** Waits for the syncs under way, then closes the descriptor. */
  async close(): Promise<void> {
    await Promise.allSettled([this.inFlight, this.queued]);
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
