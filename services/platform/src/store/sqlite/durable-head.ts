/**
 * How far the log is known to be on disk, as told by the connection that writes it. A store opened as a
 * follower (another thread reading the same file, e.g. the read-side worker) reads no further than this, so
 * its readers never act on a commit that a power cut could still undo: the writer syncs its WAL off the loop
 * and only then says so (SqliteEventStore.onDurable).
 */
export class DurableHead {
  private readonly listeners = new Set<() => void>();

  constructor(private position: number) {}

  get(): number {
    return this.position;
  }

  /** Moves forward only; listeners hear of each advance. */
  advance(position: number): void {
    if (!(position > this.position)) return;
    this.position = position;
    for (const listener of this.listeners) listener();
  }

  onAdvance(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
