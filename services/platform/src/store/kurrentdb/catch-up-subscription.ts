// subscribeToAll on KurrentDB's own catch-up subscription to $all: the server reads the history, then pushes
// live events, filtered on its side (the subscription's categories as stream-name prefixes, else every stream
// named like ours). Nothing polls. Handler retries and checkpoints behave as in the other adapters.
import type { Filter, RecordedEvent } from '@kurrent/kurrentdb-client';
import type { EventHandler, SubscribeOptions, Subscription } from '../event-store';
import { checkpointSaver, retryingHandler, type CheckpointStore, type SubscriptionTuning } from '../subscription';
import { fromRecorded, globalPositionOf, subscriptionFilter } from './mapping';

/** A running server subscription: the events it pushes, in $all order; unsubscribe ends it. */
export interface ServerSubscription extends AsyncIterable<{ event?: RecordedEvent }> {
  unsubscribe(): Promise<void>;
  destroy(error?: Error): void;
}

/** What the subscription needs from the store: the server subscription and two small reads of $all. */
export interface CatchUpSource {
  /** The server's catch-up subscription after `position` (0: from the start), filtered server-side. */
  subscribe(position: number, filter: Filter): ServerSubscription;
  /** Position of the first event after `position` that passes `filter`; null when there is none yet. */
  nextAfter(position: number, filter: Filter): Promise<number | null>;
  /** Position of the last event of ours in the log. */
  headPosition(): Promise<number>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startCatchUpSubscription(
  source: CatchUpSource,
  checkpoints: CheckpointStore,
  handler: EventHandler,
  options: SubscribeOptions = {},
  tuning: SubscriptionTuning = {},
): Promise<Subscription> {
  const { backoffMs = 50, maxBackoffMs = 5000, checkpointEvery = 100, saveIntervalMs = 1000 } = tuning;
  const name = options.checkpoint;
  const filter = subscriptionFilter(options.categories);
  let position = (name ? await checkpoints.load(name) : undefined) ?? options.fromPosition ?? 0;
  let closed = false;
  let running: ServerSubscription | null = null;
  let saveTimer: NodeJS.Timeout | null = null;
  const deliver = retryingHandler(handler, name, tuning, () => closed);

  // Whoever waits for the position to move (reached, caughtUp) is woken on every move.
  const moved = new Set<() => void>();
  const advance = (to: number) => {
    if (to <= position) return;
    position = to;
    for (const wake of [...moved]) wake();
  };
  const nextMove = () =>
    new Promise<void>((resolve) => {
      const wake = () => {
        moved.delete(wake);
        resolve();
      };
      moved.add(wake);
    });

  const checkpoint = checkpointSaver(name, checkpoints, () => position);
  const save = checkpoint.save;
  // Under load a save every checkpointEvery events; otherwise one saveIntervalMs after the last, so a quiet
  // subscription's checkpoint is not left behind what it handled.
  const saveLater = () => {
    if (!name || saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = null;
      save().catch((error: unknown) => process.stderr.write(`[subscription ${name}] saving the checkpoint failed: ${String(error)}\n`));
    }, Math.max(0, checkpoint.savedAt() + saveIntervalMs - Date.now()));
    saveTimer.unref();
  };

  /**
   * Resolves once everything up to `target` is handled. With a category filter the server never shows this
   * subscription the other categories' events, so one read tells whether any of its own lies before `target`;
   * none: the position moves on to `target` (nothing of its own was skipped). Without categories every event
   * of ours reaches it, so it only waits.
   */
  const reach = async (target: number): Promise<void> => {
    while (!closed && position < target) {
      if (options.categories) {
        const next = await source.nextAfter(position, filter);
        if (next === null || next > target) {
          advance(target);
          return;
        }
      }
      await nextMove();
    }
  };

  let handled = 0;
  const loop = (async () => {
    for (let failures = 0; !closed; ) {
      let subscription: ServerSubscription | null = null;
      try {
        subscription = running = source.subscribe(position, filter);
        for await (const { event } of subscription) {
          if (closed) break;
          if (!event) continue;
          const at = globalPositionOf(event);
          // The server may resend the start position (reads of $all include it): handled already.
          if (at <= position) continue;
          // A stream named like ours holding a foreign event: passed over, like readAll does.
          const envelope = fromRecorded(event);
          if (envelope) await deliver(envelope);
          if (closed) break;
          advance(at);
          failures = 0;
          if ((handled += 1) % checkpointEvery === 0) await save();
          else saveLater();
        }
        if (!closed) throw new Error('the server ended the subscription');
      } catch (error) {
        if (closed) break;
        // Dropped (server restart, network, leader change): say so, then subscribe again after the position.
        failures += 1;
        if (failures === 1 || failures % 20 === 0) process.stderr.write(`[subscription ${name ?? '(unnamed)'}] dropped after ${position} (${failures}x): ${String(error)}\n`);
        await sleep(Math.min(maxBackoffMs, backoffMs * 2 ** Math.min(failures, 16)));
      } finally {
        running = null;
        await subscription?.unsubscribe().catch(() => undefined);
      }
    }
  })();

  return {
    position: () => position,
    reached: (target) => reach(target),
    async caughtUp() {
      if (closed) return;
      await reach(await source.headPosition());
      if (!closed) await save();
    },
    async close() {
      if (closed) return;
      closed = true;
      if (saveTimer) clearTimeout(saveTimer);
      // Ends the iteration at once, whether or not the server has anything to push.
      running?.destroy();
      await loop;
      await save();
      for (const wake of [...moved]) wake();
    },
  };
}
