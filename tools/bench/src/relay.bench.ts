/**
 * bench:relay — the store → Kafka relay (services/platform/src/relay) against a raw kafkajs producer sending
 * the same records in the same process and run, and the end-to-end lag at a steady append rate.
 * Needs a Kafka: `npm run bench:relay` (tools/bench/relay.sh) starts tools/infra's when none is up; or pass
 * `--brokers host:port` / KAFKA_BROKERS. Results: tools/bench/results/relay.json.
 *
 * 1. N events (`--events`, ~`--data-bytes` of data) over `--streams` streams `bench-<n>` into a fresh
 *    SQLite store (WAL, synchronous=FULL); every record the relay would send is built from them.
 * 2. Raw: one kafkajs producer with the bus's settings sends those records, 1 per send and `--raw-batch`
 *    per send, each send awaited. 3. The relay (a fresh checkpoint each run) from position 0 until caught up.
 *    Rounds interleave raw-1, raw-batched and relay (`--runs`); figures are medians.
 *    `--proposal` adds the relay with batching off (maxBatch 1, one event per publish) as a fourth subject.
 * 4. Lag: a fresh store with a relay and a consumer (worker thread), `--lag-rate` single-event appends per
 *    second for `--lag-seconds`, consumer receipt − recordedAt per event; `--lag-runs` runs, median p99.
 * Options (or BENCH_<NAME>): --events 20000 --streams 1000 --data-bytes 1024 --partitions 6 --runs 5
 * --raw-batch 500 --lag-rate 1000 --lag-seconds 15 --lag-runs 3 --tick-ms 1 --no-warmup --no-throughput
 * --no-lag --proposal --brokers --dir --out. Non-default sizes (or --proposal) write results/relay.custom.json.
 */
import { topicForStream, type Envelope } from '@grid/contracts';
import { SqliteEventStore, startRelay, toBusMessage } from '@grid/platform';
import { KafkaBus } from '@grid/platform/kafka';
import { Options } from './lib/args';
import { Recorder, type Sample } from './lib/timing';
import { ScratchDir } from './lib/tmp';
import { prefill, streamName } from './relay/events';
import {
  BUS_PRODUCER_SETTINGS,
  busProducerConfig,
  silenceKafkajsTimerWarning,
  ensureTopic,
  kafkaClient,
  parseBrokers,
  recordBytes,
  sendAll,
  topicEnd,
  type RawRecord,
} from './relay/kafka';
import { runLag } from './relay/lag';
import { MeteredBus } from './relay/metered-bus';
import { report, type RelaySubject } from './relay/report';

const opts = new Options();
const SIZE_OPTIONS = ['events', 'streams', 'data-bytes', 'partitions', 'raw-batch', 'lag-rate', 'lag-seconds', 'tick-ms'];
const defaultRun = () => SIZE_OPTIONS.every((name) => !opts.has(name)) && opts.bool('throughput', true) && opts.bool('lag', true);
const config = {
  events: opts.int('events', 20_000),
  streams: opts.int('streams', 1_000),
  dataBytes: opts.int('data-bytes', 1024, 64),
  /** The KafkaBus default (6). */
  partitions: opts.int('partitions', 6),
  /** This 2-vCPU VM's speed drifts by tens of % within a minute: 5 interleaved rounds, median. */
  runs: opts.int('runs', 5),
  /** Records per send for the batched raw baseline: the relay's subscription reads the log 500 at a time. */
  rawBatch: opts.int('raw-batch', 500),
  warmup: opts.bool('warmup', true),
  throughput: opts.bool('throughput', true),
  lag: opts.bool('lag', true),
  lagRate: opts.int('lag-rate', 1_000),
  lagSeconds: opts.int('lag-seconds', 15),
  /** A p99 is decided by the worst second of a run: the median of 3 runs. */
  lagRuns: opts.int('lag-runs', 3),
  tickMs: opts.int('tick-ms', 1),
  /** Also measure the relay with batching off, next to the batched one. */
  proposal: opts.bool('proposal', false),
  out: opts.string('out', defaultRun() && !opts.bool('proposal', false) ? 'relay' : 'relay.custom'),
};
const brokers = parseBrokers(opts.string('brokers', process.env.KAFKA_BROKERS ?? ''));
const kafkaLabel = process.env.BENCH_KAFKA_LABEL ?? 'Kafka (given by --brokers / KAFKA_BROKERS)';
const scratch = new ScratchDir(opts.string('dir', process.env.TMPDIR ?? '/tmp'), 'grid-bench-relay-');
const log = (line: string) => process.stderr.write(`${line}\n`);
const topic = topicForStream(streamName(0));

silenceKafkajsTimerWarning();

/** What the bus's toRecord makes of toBusMessage(event): key = streamId, the envelope as JSON, ce_* headers. */
const toRawRecord = (event: Envelope): RawRecord => {
  const message = toBusMessage(event);
  return { key: message.key, value: JSON.stringify(message.value), headers: { ...message.headers } };
};

async function readRecords(store: SqliteEventStore): Promise<RawRecord[]> {
  const records: RawRecord[] = [];
  for await (const event of store.readAll({ batchSize: 1000 })) records.push(toRawRecord(event));
  return records;
}

/** The relays measured: the platform's (batched), and with `--proposal` the same relay unbatched. */
const subjects: RelaySubject[] = [
  { key: 'relay', label: 'relay (store → KafkaBus)', start: startRelay, lagRuns: [] },
  ...(config.proposal
    ? [{ key: 'proposed', label: 'relay unbatched (maxBatch 1)', start: (o: Parameters<typeof startRelay>[0]) => startRelay({ ...o, maxBatch: 1 }), lagRuns: [] } satisfies RelaySubject]
    : []),
];

async function main(): Promise<void> {
  if (brokers.length === 0)
    throw new Error('no Kafka: run `npm run bench:relay` (starts tools/infra Kafka), or pass --brokers / KAFKA_BROKERS');
  log(`bench:relay: Kafka ${brokers.join(',')}, topic ${topic} (${config.partitions} partitions); scratch ${scratch.path}`);
  const kafka = kafkaClient(brokers, 'bench-relay-raw');
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer(busProducerConfig());
  let bus: MeteredBus | null = null;
  try {
    await ensureTopic(admin, topic, config.partitions);
    await producer.connect();
    bus = new MeteredBus(await KafkaBus.connect({ brokers, clientId: 'bench-relay', partitions: config.partitions, logLevel: 'warn' }));
    const figures: Parameters<typeof report>[0] = { subjects };
    let messageBytes = Number.NaN;

    if (config.throughput) {
      log(`writing ${config.events} events over ${config.streams} streams…`);
      const file = scratch.file('relay-source');
      const store = await SqliteEventStore.open({ path: file, synchronous: 'FULL' });
      await prefill(store, config.events, config.streams, config.dataBytes);
      const records = await readRecords(store);
      if (records.length !== config.events) throw new Error(`store holds ${records.length} events, expected ${config.events}`);
      messageBytes = records.reduce((sum, r) => sum + recordBytes(r), 0) / records.length;

      /** Every run must put exactly its records on the topic (the idempotent producer never duplicates). */
      const landed = async (label: string, before: number, expected: number) => {
        const added = (await topicEnd(admin, topic)) - before;
        if (added !== expected) throw new Error(`${label}: ${added} records landed on ${topic}, expected ${expected}`);
      };
      const raw = (perSend: number, subset: RawRecord[]) => async (): Promise<Sample> => {
        const before = await topicEnd(admin, topic);
        const start = performance.now();
        await sendAll(producer, topic, subset, perSend);
        const ms = performance.now() - start;
        await landed(`raw ${perSend}/send`, before, subset.length);
        return { events: subset.length, ms };
      };
      let relayRun = 0;
      /** The relay from position 0 (a fresh checkpoint) until caught up with the store's head. */
      const relay = (subject: RelaySubject, source: SqliteEventStore, expected: number) => async (): Promise<Sample> => {
        const before = await topicEnd(admin, topic);
        bus!.reset(false);
        relayRun += 1;
        const start = performance.now();
        const r = await subject.start({ store: source, bus: bus!, checkpoint: `bench-relay-${relayRun}` });
        await r.caughtUp();
        const ms = performance.now() - start;
        const position = r.position();
        await r.close();
        if (position !== expected) throw new Error(`${subject.label} stopped at position ${position}, expected ${expected}`);
        await landed(subject.label, before, expected);
        return { events: expected, ms };
      };

      if (config.warmup) {
        log('warm-up (not counted)');
        const warm = new Recorder();
        const warmCount = Math.min(1000, config.events);
        const warmFile = scratch.file('relay-warm');
        const warmStore = await SqliteEventStore.open({ path: warmFile, synchronous: 'FULL' });
        await prefill(warmStore, warmCount, Math.min(config.streams, warmCount), config.dataBytes);
        await warm.run('warm-up raw 1/send', raw(1, records.slice(0, warmCount)));
        await warm.run(`warm-up raw ${config.rawBatch}/send`, raw(config.rawBatch, records.slice(0, warmCount)));
        for (const subject of subjects) await warm.run(`warm-up ${subject.key}`, relay(subject, warmStore, warmCount));
        await warmStore.close();
        scratch.drop(warmFile);
      }

      const rec = new Recorder();
      const counts = new Map(subjects.map((s) => [s.key, { publishes: 0, messages: 0, largest: 0 }]));
      for (let round = 0; round < config.runs; round += 1) {
        log(`throughput round ${round + 1}/${config.runs}`);
        await rec.run('rawSingle', raw(1, records));
        await rec.run('rawBatched', raw(config.rawBatch, records));
        for (const subject of subjects) {
          await rec.run(subject.key, relay(subject, store, config.events));
          const c = counts.get(subject.key)!;
          c.publishes += bus.publishes;
          c.messages += bus.messages;
          c.largest = Math.max(c.largest, bus.largestPublish);
        }
      }
      figures.rawSingle = rec.measurement('rawSingle');
      figures.rawBatched = rec.measurement('rawBatched');
      for (const subject of subjects) {
        const c = counts.get(subject.key)!;
        subject.throughput = rec.measurement(subject.key);
        subject.messagesPerPublish = c.messages / c.publishes;
        subject.largestPublish = c.largest;
      }
      await store.close();
      scratch.drop(file);
    }

    if (config.lag) {
      for (let run = 0; run < config.lagRuns; run += 1) {
        for (const subject of subjects) {
          const label = `lag ${subject.key} run ${run + 1}/${config.lagRuns}`;
          log(label);
          const file = scratch.file('relay-lag');
          const result = await runLag(
            subject.start,
            bus,
            file,
            {
              brokers,
              topic,
              partitions: config.partitions,
              rate: config.lagRate,
              seconds: config.lagSeconds,
              streams: config.streams,
              dataBytes: config.dataBytes,
              tickMs: config.tickMs,
              warmupEvents: Math.min(500, config.lagRate),
              drainTimeoutMs: 30_000,
            },
            label,
          );
          const e = result.endToEnd;
          log(`  ${label}: ${result.received}/${result.appended} received, lag p50 ${e.p50} ms, p99 ${e.p99} ms, max ${e.max} ms`);
          subject.lagRuns.push(result);
          scratch.drop(file);
        }
      }
    }

    const file = report(figures, {
      config,
      topic,
      brokers,
      kafka: kafkaLabel,
      producer: BUS_PRODUCER_SETTINGS,
      messageBytes,
      out: config.out,
    });
    log(`\nwrote ${file}`);
  } finally {
    await Promise.allSettled([bus?.close(), producer.disconnect()]);
    await admin.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
