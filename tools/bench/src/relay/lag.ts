import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { NewEvent } from '@grid/contracts';
import { SqliteEventStore, type Relay, type RelayOptions } from '@grid/platform';
import { eventSource, streamName } from './events';
import type { LagConsumerConfig, LagConsumerMessage } from './lag-consumer';
import type { MeteredBus } from './metered-bus';
import { distribution, type Distribution } from './stats';

export interface LagSettings {
  brokers: string[];
  topic: string;
  partitions: number;
  /** Events appended per second, each a single-event append. */
  rate: number;
  seconds: number;
  streams: number;
  dataBytes: number;
  /** The pacing timer's period: every tick appends the events due by then. */
  tickMs: number;
  /** Events appended (at the same rate) before measuring, until the consumer has received them all. */
  warmupEvents: number;
  /** How long to wait, after the last append, for the consumer to receive everything. */
  drainTimeoutMs: number;
}

export interface LagResult {
  appended: number;
  received: number;
  missing: number;
  duplicates: number;
  appendErrors: number;
  /** Appends per second actually achieved by the pacer (first to last append call). */
  achievedRate: number;
  /** Consumer receipt − recordedAt (`ce_time`), ms: the end-to-end lag. */
  endToEnd: Distribution;
  /** The same lag cut into legs (ms), from the relay's bus calls and the append acknowledgements. */
  legs: {
    /** recordedAt → append acknowledged (the store's group commit: transaction + fsync). */
    commit: Distribution;
    /** append acknowledged → the relay calls bus.publish (wake-up, readAll, waiting behind earlier publishes). */
    toPublish: Distribution;
    /** bus.publish → acknowledged by Kafka (acks=all). */
    publish: Distribution;
    /** Kafka ack → the consumer has the record. */
    toConsumer: Distribution;
  };
  /** p99 and max of the end-to-end lag per second of the run (by recordedAt): a growing lag = a saturated relay. */
  bySecond: { p50: number; p99: number; max: number }[];
  relayPublishes: number;
  relayMessagesPerPublish: number;
  groupCommit: { transactions: number; appends: number; largestGroup: number };
}

interface Appended {
  eventId: string;
  committedAt: number;
}

/** Appends `count` events at `rate`/s, timer-driven; resolves with every append's outcome once all have settled. */
async function paced(
  store: SqliteEventStore,
  count: number,
  s: LagSettings,
  next: () => NewEvent,
  firstIndex: number,
): Promise<{ appended: Appended[]; errors: number; ms: number; startedAt: number }> {
  const appended: Appended[] = [];
  const pending: Promise<void>[] = [];
  let errors = 0;
  let sent = 0;
  const startedAt = Date.now();
  const start = performance.now();
  let lastCall = start;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(count, Math.floor(((now - start) * s.rate) / 1000) + 1);
      while (sent < due) {
        const n = firstIndex + sent;
        sent += 1;
        pending.push(
          store.append(streamName(n % s.streams), [next()], { expectedRevision: 'any' }).then(
            (result) => void appended.push({ eventId: result.events[0]!.eventId, committedAt: Date.now() }),
            (error: unknown) => {
              errors += 1;
              if (errors === 1) process.stderr.write(`  lag: an append failed: ${String(error)}\n`);
            },
          ),
        );
        lastCall = now;
      }
      if (sent >= count) done();
      else setTimeout(tick, s.tickMs);
    };
    tick();
  });
  await Promise.all(pending);
  return { appended, errors, ms: lastCall - start, startedAt };
}

/**
 * One lag run on a fresh store: a consumer (worker thread) pinned at the topic's end, a relay from position 0,
 * a warm-up until the consumer receives, then `rate` × `seconds` single-event appends paced by a timer.
 */
export async function runLag(
  startRelay: (options: RelayOptions) => Promise<Relay>,
  bus: MeteredBus,
  file: string,
  s: LagSettings,
  label: string,
): Promise<LagResult> {
  const log = (line: string) => process.stderr.write(`  ${label}: ${line}\n`);
  const store = await SqliteEventStore.open({ path: file, synchronous: 'FULL' });
  const received = new Map<string, { recordedAt: number; consumedAt: number }>();
  let duplicates = 0;
  let progress: (() => void) | null = null;
  let failure: Error | null = null;

  const config: LagConsumerConfig = {
    brokers: s.brokers,
    topic: s.topic,
    groupId: `bench-relay-lag-${process.pid}-${Date.now()}`,
    partitions: s.partitions,
  };
  const worker = new Worker(join(__dirname, 'lag-consumer.js'), { workerData: config });
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  let stopped: () => void = () => undefined;
  const isStopped = new Promise<void>((resolve) => (stopped = resolve));
  worker.on('message', (m: LagConsumerMessage) => {
    if (m.type === 'ready') ready();
    else if (m.type === 'stopped') stopped();
    else if (m.type === 'error') {
      failure = new Error(`lag consumer: ${m.error}`);
      progress?.();
      ready();
    } else {
      for (let i = 0; i < m.ids.length; i += 1) {
        if (received.has(m.ids[i]!)) duplicates += 1;
        else received.set(m.ids[i]!, { recordedAt: m.recordedAt[i]!, consumedAt: m.consumedAt[i]! });
      }
      progress?.();
    }
  });
  worker.on('error', (error) => {
    failure = error;
    progress?.();
    ready();
  });

  /** Waits until the consumer has every one of the ids (or the timeout passes); returns how many are missing. */
  const receiveAll = async (ids: string[], timeoutMs: number): Promise<number> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (failure) throw failure;
      const missing = ids.reduce((n, id) => (received.has(id) ? n : n + 1), 0);
      if (missing === 0 || Date.now() > deadline) return missing;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        progress = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      progress = null;
    }
  };

  const relay = await startRelay({ store, bus, checkpoint: 'relay' });
  try {
    await isReady;
    if (failure) throw failure;
    const next = eventSource(s.dataBytes, 7);
    const warm = await paced(store, s.warmupEvents, s, next, 0);
    const warmMissing = await receiveAll(
      warm.appended.map((a) => a.eventId),
      30_000,
    );
    if (warmMissing > 0)
      throw new Error(`${label}: the consumer did not receive ${warmMissing} of ${s.warmupEvents} warm-up events within 30 s`);

    bus.reset(true);
    const count = Math.round(s.rate * s.seconds);
    log(`appending ${count} events at ${s.rate}/s (single-event appends, ${s.tickMs} ms timer)…`);
    const statsBefore = store.stats();
    const run = await paced(store, count, s, next, s.warmupEvents);
    const ids = run.appended.map((a) => a.eventId);
    const missing = await receiveAll(ids, s.drainTimeoutMs);
    const statsAfter = store.stats();
    if (missing > 0) log(`${missing} of ${ids.length} events not received within ${s.drainTimeoutMs} ms of the last append`);

    const endToEnd: number[] = [];
    const commit: number[] = [];
    const toPublish: number[] = [];
    const publish: number[] = [];
    const toConsumer: number[] = [];
    const seconds: number[][] = [];
    for (const { eventId, committedAt } of run.appended) {
      const got = received.get(eventId);
      if (!got) continue;
      endToEnd.push(got.consumedAt - got.recordedAt);
      const second = Math.max(0, Math.floor((got.recordedAt - run.startedAt) / 1000));
      (seconds[second] ??= []).push(got.consumedAt - got.recordedAt);
      commit.push(committedAt - got.recordedAt);
      const timing = bus.timings?.get(eventId);
      if (timing) {
        toPublish.push(timing.start - committedAt);
        publish.push(timing.acked - timing.start);
        toConsumer.push(got.consumedAt - timing.acked);
      }
    }
    return {
      appended: run.appended.length,
      received: endToEnd.length,
      missing,
      duplicates,
      appendErrors: run.errors,
      achievedRate: run.ms > 0 ? ((count - 1) * 1000) / run.ms : Number.NaN,
      endToEnd: distribution(endToEnd),
      legs: {
        commit: distribution(commit),
        toPublish: distribution(toPublish),
        publish: distribution(publish),
        toConsumer: distribution(toConsumer),
      },
      bySecond: Array.from(seconds, (values) => {
        const d = distribution(values ?? []);
        return { p50: d.p50, p99: d.p99, max: d.max };
      }),
      relayPublishes: bus.publishes,
      relayMessagesPerPublish: bus.messagesPerPublish,
      groupCommit: {
        transactions: statsAfter.transactions - statsBefore.transactions,
        appends: statsAfter.appends - statsBefore.appends,
        largestGroup: statsAfter.largestGroup,
      },
    };
  } finally {
    bus.reset(false);
    worker.postMessage({ type: 'stop' });
    await Promise.race([isStopped, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await worker.terminate();
    await relay.close();
    await store.close();
  }
}
