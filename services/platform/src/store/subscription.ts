import type { EventEmitter } from 'node:events';
import { categoryOf, type Envelope } from '@grid/contracts';
import type { EventHandler, ReadAllOptions, SubscribeOptions, Subscription } from './event-store';

/** Durable named positions (subscriptions, relay, projections). */
export interface CheckpointStore {
  load(name: string): Promise<number | undefined>;
  save(name: string, position: number): Promise<void>;
}

export interface SubscriptionSource {
  readAll(options?: ReadAllOptions): AsyncIterable<Envelope>;
  headPosition(): Promise<number>;
  /** Wakes the subscription when something was appended in this process; polling covers the rest. */
  onAppended?(listener: () => void): () => void;
}

export interface SubscriptionTuning {
  pollMs?: number;
  /** Handler failures are retried with doubling backoff from here, up to maxBackoffMs; never skipped. */
  backoffMs?: number;
  maxBackoffMs?: number;
  checkpointEvery?: number;
  /**
   * After a page of the log the checkpoint is saved only if this long has passed since the last save (default
   * 1000 ms), or someone waits in caughtUp(), or checkpointEvery events were handled: under load a page is a
   * few events, and a synced write per page cost more than the handlers. A crash re-delivers at most that much.
   */
  saveIntervalMs?: number;
  onError?: (error: unknown, event: Envelope, attempt: number) => void;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Catch-up then live subscription over a global log, one event at a time, at least once: the checkpoint
 * is saved after handling, so a crash re-delivers at most the events since the last save.
 */
export async function startSubscription(source: SubscriptionSource, checkpoints: CheckpointStore, handler: EventHandler, options: SubscribeOptions = {}, tuning: SubscriptionTuning = {}): Promise<Subscription> {
  const { pollMs = 100, backoffMs = 50, maxBackoffMs = 5000, checkpointEvery = 100, saveIntervalMs = 1000 } = tuning;
  const name = options.checkpoint;
  const categories = options.categories ? new Set(options.categories) : null;
  let position = (name ? await checkpoints.load(name) : undefined) ?? options.fromPosition ?? 0;
  let closed = false;
  let wake: (() => void) | null = null;
  // Set by an append that lands while the loop is not waiting (reading or saving), so it is not missed.
  let appendedMeanwhile = false;
  const waiters: { target: number; resolve: () => void }[] = [];
  const unlisten = source.onAppended?.(() => {
    appendedMeanwhile = true;
    wake?.();
  });

  // reached(): settled as soon as the event is handled; caughtUp(): after the page, once the checkpoint is saved.
  const reachWaiters: { target: number; resolve: () => void }[] = [];
  const settleReached = () => {
    for (let i = reachWaiters.length - 1; i >= 0; i -= 1) {
      if (reachWaiters[i]!.target <= position) reachWaiters.splice(i, 1)[0]!.resolve();
    }
  };
  const settleWaiters = () => {
    for (let i = waiters.length - 1; i >= 0; i -= 1) {
      if (waiters[i]!.target <= position) waiters.splice(i, 1)[0]!.resolve();
    }
  };
  const checkpoint = checkpointSaver(name, checkpoints, () => position);
  const save = checkpoint.save;
  const saveDue = () => waiters.length > 0 || Date.now() - checkpoint.savedAt() >= saveIntervalMs;

  const deliver = retryingHandler(handler, name, tuning, () => closed);

  let readFailures = 0;
  const loop = (async () => {
    while (!closed) {
      appendedMeanwhile = false;
      let handled = 0;
      try {
        for await (const event of source.readAll({ fromPosition: position, batchSize: 500 })) {
          if (closed) break;
          if (!categories || categories.has(categoryOf(event.streamId))) await deliver(event);
          if (closed) break;
          position = event.globalPosition;
          if (reachWaiters.length > 0) settleReached();
          handled += 1;
          if (handled % checkpointEvery === 0) await save();
        }
        if (saveDue()) await save();
        readFailures = 0;
      } catch (error) {
        // The log itself failed (store closed underneath, a corrupt row): say so and try again, never die silently.
        readFailures += 1;
        if (readFailures === 1 || readFailures % 20 === 0) process.stderr.write(`[subscription ${name ?? '(unnamed)'}] reading the log after ${position} failed (${readFailures}x): ${String(error)}\n`);
        await sleep(Math.min(maxBackoffMs, backoffMs * 2 ** Math.min(readFailures, 16)));
        continue;
      }
      settleWaiters();
      if (closed) break;
      if (appendedMeanwhile) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();

  return {
    position: () => position,
    reached(target: number) {
      if (closed || target <= position) return Promise.resolve();
      return new Promise<void>((resolve) => reachWaiters.push({ target, resolve }));
    },
    async caughtUp() {
      if (closed) return;
      const target = await source.headPosition();
      if (target <= position) return save(); // delivered, and (as always) checkpointed before this resolves
      await new Promise<void>((resolve) => {
        waiters.push({ target, resolve });
        wake?.();
      });
    },
    async close() {
      closed = true;
      unlisten?.();
      wake?.();
      await loop;
      await save();
      for (const w of [...waiters.splice(0), ...reachWaiters.splice(0)]) w.resolve();
    },
  };
}

/**
 * The handler as a subscription calls it: until it succeeds or the subscription closes, with doubling backoff
 * (backoffMs up to maxBackoffMs), never skipping an event.
 */
export function retryingHandler(handler: EventHandler, name: string | undefined, tuning: SubscriptionTuning, closed: () => boolean): (event: Envelope) => Promise<void> {
  const { backoffMs = 50, maxBackoffMs = 5000 } = tuning;
  // A stuck handler must make a sound: retries go on forever, so say so on stderr unless told otherwise.
  const onError = tuning.onError ?? ((error: unknown, event: Envelope, attempt: number) => {
    if (attempt === 1 || attempt % 20 === 0) process.stderr.write(`[subscription ${name ?? '(unnamed)'}] handler failed on ${event.type} at ${event.globalPosition} (attempt ${attempt}): ${String(error)}\n`);
  });
  return async (event) => {
    for (let attempt = 1; !closed(); attempt += 1) {
      try {
        await handler(event);
        return;
      } catch (error) {
        onError(error, event, attempt);
        await sleep(Math.min(maxBackoffMs, backoffMs * 2 ** Math.min(attempt - 1, 16)));
      }
    }
  };
}

export interface LocalSubscriptionOptions {
  /** The adapter's own log reads. */
  source: Pick<SubscriptionSource, 'readAll' | 'headPosition'>;
  /** Emits 'appended' after each local commit: subscriptions wake at once instead of waiting for the poll. */
  appended: EventEmitter;
  checkpoints: CheckpointStore;
  pollMs: number;
  /** The adapter's open subscriptions, closed with it: the subscription removes itself when closed. */
  open: Set<Subscription>;
}

/** subscribeToAll of an adapter that appends in this process (SQLite, KurrentDB): woken by its own appends, polled for the rest. */
export async function startLocalSubscription(local: LocalSubscriptionOptions, handler: EventHandler, options?: SubscribeOptions): Promise<Subscription> {
  const source: SubscriptionSource = {
    readAll: (o) => local.source.readAll(o),
    headPosition: () => local.source.headPosition(),
    onAppended: (listener) => {
      local.appended.on('appended', listener);
      return () => void local.appended.off('appended', listener);
    },
  };
  return keptOpenIn(local.open, await startSubscription(source, local.checkpoints, handler, options, { pollMs: local.pollMs }));
}

/** A subscription in its adapter's set of open ones (closed with the adapter), leaving it when closed. */
export function keptOpenIn(open: Set<Subscription>, inner: Subscription): Subscription {
  const subscription: Subscription = {
    caughtUp: () => inner.caughtUp(),
    position: () => inner.position(),
    reached: (position) => inner.reached(position),
    close: async () => {
      open.delete(subscription);
      await inner.close();
    },
  };
  open.add(subscription);
  return subscription;
}

/**
 * A named checkpoint's saves, one after another (a subscription's loop and its caughtUp both save), so an older
 * position never lands after a newer one. Saves what `position()` says when its turn comes; nothing when unnamed.
 */
export function checkpointSaver(name: string | undefined, checkpoints: CheckpointStore, position: () => number) {
  let saved = position();
  let savedAt = Date.now();
  let saving = Promise.resolve();
  return {
    save(): Promise<void> {
      const next = saving.then(async () => {
        const at = position();
        if (name && saved !== at) {
          await checkpoints.save(name, at);
          saved = at;
          savedAt = Date.now();
        }
      });
      saving = next.catch(() => undefined);
      return next;
    },
    savedAt: () => savedAt,
  };
}
