import type { KeyObject } from 'node:crypto';

export interface CachedKey {
  keyId: string;
  /** Imported once when the key is created or unwrapped: every seal and open reuses it, no raw bytes kept. */
  key: KeyObject;
}

/**
 * How long an unwrapped key is trusted without re-reading the store. Another replica may shred a subject;
 * this bounds how long this process can still open that subject's data (or seal with the dead key).
 */
export const CACHE_MAX_AGE_MS = 60_000;

/**
 * LRU of unwrapped data keys by subject: sealing a batch of thousands of people (an import, a rebuild of a
 * masked view) would otherwise read and unwrap each person's key once per field. A Map keeps insertion
 * order, so re-inserting on every hit makes its first key the least recently used.
 */
export class KeyCache {
  private readonly entries = new Map<string, CachedKey & { loadedAt: number }>();

  constructor(
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(subjectId: string): CachedKey | undefined {
    const entry = this.entries.get(subjectId);
    if (!entry) return undefined;
    this.entries.delete(subjectId);
    if (this.now() - entry.loadedAt > CACHE_MAX_AGE_MS) return undefined;
    this.entries.set(subjectId, entry);
    return { keyId: entry.keyId, key: entry.key };
  }

  set(subjectId: string, value: CachedKey): void {
    if (this.capacity === 0) return;
    this.entries.delete(subjectId);
    this.entries.set(subjectId, { ...value, loadedAt: this.now() });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(subjectId: string): void {
    this.entries.delete(subjectId);
  }

  get size(): number {
    return this.entries.size;
  }
}
