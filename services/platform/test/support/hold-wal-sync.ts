import { WalSync } from '../../src/util/wal-sync';

/**
 * Holds the next WAL sync (of whichever file asks first) until `release()`: what was committed meanwhile is
 * not yet known to be on disk. `sync` is the spy, to count calls; restore it when done.
 */
export function holdNextWalSync(): { sync: jest.SpyInstance<Promise<void>, []>; release: () => void } {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const sync = jest.spyOn(WalSync.prototype, 'sync').mockImplementationOnce(() => held);
  return { sync, release };
}
