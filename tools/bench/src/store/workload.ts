import type { NewEvent } from '@grid/contracts';
import type { StreamPlan } from './rows';

/** Our revision semantics: the 0-based revision of the stream's last event, or `no-stream`. */
export type Expected = number | 'no-stream';

/** What the append workloads need from a store under test. Resolves once the append is durable. */
export interface Appender {
  append(streamId: string, events: NewEvent[], expected: Expected): Promise<void>;
}

/**
 * Single-event commands from `writers` concurrent writers. Each writer takes the next unclaimed stream and
 * appends its events one at a time with the numeric expected revision, awaiting each before the next, as
 * a command handler does. With many writers in flight this is what group commit is for.
 */
export async function appendSingles(target: Appender, plans: StreamPlan[], writers: number): Promise<number> {
  let next = 0;
  let appended = 0;
  const writer = async () => {
    while (next < plans.length) {
      const plan = plans[next++]!;
      for (let revision = 0; revision < plan.events.length; revision += 1) {
        await target.append(plan.streamId, [plan.events[revision]!], revision === 0 ? 'no-stream' : revision - 1);
        appended += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(writers, plans.length) }, writer));
  return appended;
}

/**
 * Batches: each stream's events in appends of `batch` events (the first with `no-stream`, then the
 * revision), `concurrency` streams in flight (1 = one append at a time, like the raw baseline's
 * transactions of 100 rows).
 */
export async function appendBatches(target: Appender, plans: StreamPlan[], batch: number, concurrency: number): Promise<number> {
  let next = 0;
  let appended = 0;
  const worker = async () => {
    while (next < plans.length) {
      const plan = plans[next++]!;
      for (let from = 0; from < plan.events.length; from += batch) {
        const events = plan.events.slice(from, from + batch);
        await target.append(plan.streamId, events, from === 0 ? 'no-stream' : from - 1);
        appended += events.length;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plans.length) }, worker));
  return appended;
}

/** Runs tasks one at a time in arrival order: for stores whose connection must not be shared by concurrent appends. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
