import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A scratch directory for one bench process: every database gets a fresh file in it, and the whole
 * directory goes when the process exits (also on Ctrl-C).
 */
export class ScratchDir {
  readonly path: string;
  private counter = 0;

  constructor(parent = tmpdir(), prefix = 'grid-bench-') {
    this.path = mkdtempSync(join(parent, prefix));
    const cleanup = () => this.remove();
    process.once('exit', cleanup);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        cleanup();
        process.exit(130);
      });
    }
  }

  /** A path no database uses yet (the file itself does not exist). */
  file(label: string): string {
    this.counter += 1;
    return join(this.path, `${String(this.counter).padStart(3, '0')}-${label}.db`);
  }

  /** Deletes one database with its WAL and shared-memory files (to keep the disk footprint small). */
  drop(dbFile: string): void {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(dbFile + suffix, { force: true });
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
