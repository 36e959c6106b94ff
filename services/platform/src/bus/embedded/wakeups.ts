import { EventEmitter } from 'node:events';

/**
 * What one bus instance tells its own consumers so they react at once instead of at the next poll:
 * a publish (topic known) or a poll that saw new rows (topic unknown: `null`), a commit (progress for
 * caughtUp), a member joining or leaving a group (rebalance). Other processes are only seen by polling.
 */
export class BusSignals {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  published(topic: string | null): void {
    this.emitter.emit('published', topic);
  }
  onPublished(listener: (topic: string | null) => void): () => void {
    return this.listen('published', listener);
  }

  progressed(): void {
    this.emitter.emit('progressed');
  }
  onProgress(listener: () => void): () => void {
    return this.listen('progressed', listener);
  }

  groupChanged(groupId: string): void {
    this.emitter.emit('group-changed', groupId);
  }
  onGroupChanged(listener: (groupId: string) => void): () => void {
    return this.listen('group-changed', listener);
  }

  private listen<A extends unknown[]>(event: string, listener: (...args: A) => void): () => void {
    const wrapped = (...args: unknown[]) => listener(...(args as A));
    this.emitter.on(event, wrapped);
    return () => void this.emitter.off(event, wrapped);
  }
}

/** A wake-up for one waiter that is never lost: a ring while nobody waits is kept for the next wait. */
export class Doorbell {
  private rung = false;
  private waiter: (() => void) | null = null;

  ring(): void {
    const waiter = this.waiter;
    if (waiter) waiter();
    else this.rung = true;
  }

  /** Resolves on the next ring, or at once for one that came while nobody waited. */
  wait(): Promise<void> {
    if (this.rung) {
      this.rung = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.waiter = () => {
        this.waiter = null;
        resolve();
      };
    });
  }
}

/** Sleeps `ms`; resolves false at once when `signal` aborts (a closing consumer does not sit out a backoff). */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
