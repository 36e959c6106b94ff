import type { Relay, RelayOptions } from '@grid/platform';
import { environment, round, writeResults } from '../lib/results';
import { formatTable } from '../lib/table';
import { fmtRate, median, type Measurement } from '../lib/timing';
import type { LagResult } from './lag';
import type { Distribution } from './stats';

export const TARGETS = {
  relayVsRawProducer: { min: 0.8, meaning: 'relay msgs/s ÷ raw kafkajs producer msgs/s, in the mode the relay publishes in' },
  lagP99Ms: { max: 200, meaning: 'end-to-end lag p99 (ms): recordedAt → consumer receipt, at the lag rate' },
} as const;

/** One relay implementation under test, and what was measured of it. */
export interface RelaySubject {
  /** `relay` = services/platform's startRelay (the headline figures); `proposed` = the same relay with maxBatch 1. */
  key: 'relay' | 'proposed';
  label: string;
  start: (options: RelayOptions) => Promise<Relay>;
  throughput?: Measurement;
  /** Messages per bus.publish over the measured runs (1 = one event per publish). */
  messagesPerPublish?: number;
  largestPublish?: number;
  lagRuns: LagResult[];
}

export interface RelayFigures {
  rawSingle?: Measurement;
  rawBatched?: Measurement;
  subjects: RelaySubject[];
}

export interface ReportContext {
  config: Record<string, unknown> & { rawBatch: number };
  topic: string;
  brokers: string[];
  kafka: string;
  producer: string;
  /** Average record size (key + value + headers), NaN when the throughput part did not run. */
  messageBytes: number;
  out: string;
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '–');
const ratioText = (v: number | null) => (v === null || !Number.isFinite(v) ? '' : v.toFixed(2));
const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
const roundOrNull = (v: number | null, digits = 2) => (v === null || !Number.isFinite(v) ? null : round(v, digits));
const roundDist = (d: Distribution) => ({
  count: d.count,
  p50: round(d.p50, 1),
  p90: round(d.p90, 1),
  p99: round(d.p99, 1),
  max: round(d.max, 1),
  mean: round(d.mean, 1),
});

/** Everything derived for one subject: ratios against the raw producer and the lag summary. */
function derive(s: RelaySubject, f: RelayFigures) {
  const mode =
    s.messagesPerPublish === undefined ? null : s.messagesPerPublish <= 1.0001 ? ('one-per-publish' as const) : ('batched' as const);
  const relay = s.throughput?.eventsPerSec;
  const vs = (raw: Measurement | undefined) => (relay !== undefined && raw ? relay / raw.eventsPerSec : null);
  const sameMode = mode === 'one-per-publish' ? f.rawSingle : f.rawBatched;
  const lagRun = [...s.lagRuns].sort((a, b) => a.endToEnd.p99 - b.endToEnd.p99)[(s.lagRuns.length - 1) >> 1];
  const lagMedian = (pick: (r: LagResult) => number) => (s.lagRuns.length > 0 ? median(s.lagRuns.map(pick)) : null);
  return {
    mode,
    vsSameMode: vs(sameMode),
    vsRawSingle: vs(f.rawSingle),
    vsRawBatched: vs(f.rawBatched),
    /** The run with the median p99, reported in detail. */
    lagRun,
    lagP50: lagMedian((r) => r.endToEnd.p50),
    lagP99: lagMedian((r) => r.endToEnd.p99),
    lagMax: lagMedian((r) => r.endToEnd.max),
  };
}

function lagTable(s: RelaySubject, lag: LagResult, config: ReportContext['config']): string[] {
  const d = (name: string, x: Distribution): string[] => [name, ms(x.p50), ms(x.p90), ms(x.p99), ms(x.max), x.mean.toFixed(1)];
  const perCommit = lag.groupCommit.appends / Math.max(1, lag.groupCommit.transactions);
  return [
    `${s.label}: lag at ${config.lagRate} events/s for ${config.lagSeconds} s — achieved ${lag.achievedRate.toFixed(0)}/s, ${lag.received} of ${lag.appended} received (${lag.missing} missing, ${lag.duplicates} duplicates), ${lag.relayMessagesPerPublish.toFixed(1)} msgs/publish, ${perCommit.toFixed(1)} appends/commit; p99 of each run: ${s.lagRuns.map((r) => ms(r.endToEnd.p99)).join(', ')} ms`,
    formatTable(
      ['lag, ms (median run)', 'p50', 'p90', 'p99', 'max', 'mean'],
      [
        d('end to end: recordedAt → consumer', lag.endToEnd),
        d('  store commit: → append acknowledged', lag.legs.commit),
        d('  relay pickup: → bus.publish called', lag.legs.toPublish),
        d('  publish: → acknowledged by Kafka', lag.legs.publish),
        d('  delivery: → consumer has it', lag.legs.toConsumer),
      ],
    ),
    `p99 by second of the run (ms): ${lag.bySecond.map((b) => ms(b.p99)).join(' ')}`,
    '',
  ];
}

/** Prints the figures to stdout and writes results/<out>.json; returns the file. */
export function report(f: RelayFigures, ctx: ReportContext): string {
  const rawBatch = ctx.config.rawBatch;
  const main = f.subjects.find((s) => s.key === 'relay')!;
  const derived = new Map(f.subjects.map((s) => [s.key, derive(s, f)]));
  const headline = derived.get('relay')!;
  const mbps = (m: Measurement) => (Number.isFinite(ctx.messageBytes) ? ((m.eventsPerSec * ctx.messageBytes) / 1e6).toFixed(1) : '');

  const out: string[] = [];
  out.push(
    `bench:relay — ${ctx.config.events} events (~${Math.round(ctx.messageBytes)} B a record: key + JSON envelope + ce_* headers), topic ${ctx.topic} with ${ctx.config.partitions} partitions`,
  );
  out.push(
    `Kafka: ${ctx.kafka} at ${ctx.brokers.join(',')}; every producer: ${ctx.producer}; store: SQLite WAL, synchronous=FULL; Node ${process.version}`,
  );
  out.push('');
  if (f.rawSingle && f.rawBatched) {
    const rows: string[][] = [
      ['raw kafkajs producer, 1 message per send', fmtRate(f.rawSingle.eventsPerSec), mbps(f.rawSingle), '', '', pct(f.rawSingle.spread)],
      [
        `raw kafkajs producer, ${rawBatch} messages per send`,
        fmtRate(f.rawBatched.eventsPerSec),
        mbps(f.rawBatched),
        '',
        '',
        pct(f.rawBatched.spread),
      ],
    ];
    for (const s of f.subjects) {
      const d = derived.get(s.key)!;
      if (!s.throughput) continue;
      rows.push([
        `${s.label}, ${(s.messagesPerPublish ?? 0).toFixed(1)} msgs/publish`,
        fmtRate(s.throughput.eventsPerSec),
        mbps(s.throughput),
        ratioText(d.vsRawSingle),
        ratioText(d.vsRawBatched),
        pct(s.throughput.spread),
      ]);
    }
    out.push(
      formatTable(
        [`throughput, median of ${ctx.config.runs} runs`, 'msgs/s', 'MB/s', '÷ raw 1/send', `÷ raw ${rawBatch}/send`, 'spread'],
        rows,
      ),
    );
    out.push('');
  }
  for (const s of f.subjects) {
    const lag = derived.get(s.key)!.lagRun;
    if (lag) out.push(...lagTable(s, lag, ctx.config));
  }

  const verdicts: string[][] = [];
  for (const s of f.subjects) {
    const d = derived.get(s.key)!;
    const prefix = s.key === 'relay' ? '' : `${s.key}: `;
    if (d.vsSameMode !== null)
      verdicts.push([
        `${prefix}relayVsRawProducer`,
        ratioText(d.vsSameMode),
        `≥ ${TARGETS.relayVsRawProducer.min}`,
        d.vsSameMode >= TARGETS.relayVsRawProducer.min ? 'met' : 'MISSED',
        `${s.label} ÷ raw ${d.mode === 'one-per-publish' ? '1' : rawBatch}/send (its mode)`,
      ]);
    if (d.vsRawBatched !== null)
      verdicts.push([`${prefix}relayVsRawBatched`, ratioText(d.vsRawBatched), '', '', `${s.label} ÷ raw ${rawBatch}/send`]);
    if (d.lagP99 !== null)
      verdicts.push([
        `${prefix}lagP99Ms`,
        ms(d.lagP99),
        `< ${TARGETS.lagP99Ms.max}`,
        d.lagP99 < TARGETS.lagP99Ms.max ? 'met' : 'MISSED',
        `end-to-end lag p99 at ${ctx.config.lagRate}/s`,
      ]);
  }
  if (verdicts.length > 0) out.push(formatTable(['figure', 'value', 'target', 'verdict', 'meaning'], verdicts));
  out.push('Ratios are relay ÷ raw producer: above 1 = the relay is faster.');
  process.stdout.write(`${out.join('\n')}\n`);

  const measurement = (m: Measurement | undefined) =>
    m && {
      msgsPerSec: Math.round(m.eventsPerSec),
      spread: round(m.spread),
      runs: m.runs.map((r) => ({ msgs: r.events, ms: round(r.ms, 1) })),
    };
  const lagJson = (r: LagResult) => ({
    appended: r.appended,
    received: r.received,
    missing: r.missing,
    duplicates: r.duplicates,
    appendErrors: r.appendErrors,
    achievedRate: round(r.achievedRate, 1),
    relayPublishes: r.relayPublishes,
    relayMessagesPerPublish: round(r.relayMessagesPerPublish, 2),
    groupCommit: r.groupCommit,
    endToEndMs: roundDist(r.endToEnd),
    legsMs: {
      commit: roundDist(r.legs.commit),
      toPublish: roundDist(r.legs.toPublish),
      publish: roundDist(r.legs.publish),
      toConsumer: roundDist(r.legs.toConsumer),
    },
    p99BySecondMs: r.bySecond.map((b) => round(b.p99, 1)),
  });
  const subjectJson = (s: RelaySubject) => {
    const d = derived.get(s.key)!;
    return {
      relayVsRawProducer: roundOrNull(d.vsSameMode),
      relayVsRawBatched: roundOrNull(d.vsRawBatched),
      relayVsRawSingle: roundOrNull(d.vsRawSingle),
      lagP50Ms: roundOrNull(d.lagP50, 1),
      lagP99Ms: roundOrNull(d.lagP99, 1),
      lagMaxMs: roundOrNull(d.lagMax, 1),
      relayMode: d.mode,
      relayMessagesPerPublish: s.messagesPerPublish === undefined ? null : round(s.messagesPerPublish, 1),
      relayLargestPublish: s.largestPublish ?? null,
      relayMsgsPerSec: s.throughput ? Math.round(s.throughput.eventsPerSec) : null,
      throughput: measurement(s.throughput) ?? null,
      lag: s.lagRuns.map(lagJson),
    };
  };
  const env = environment();
  const { throughput, lag, relayMsgsPerSec, ...headlineJson } = subjectJson(main);
  const proposed = f.subjects.find((s) => s.key === 'proposed');
  const results = {
    bench: 'relay',
    date: env.date,
    node: env.node,
    ...headlineJson,
    msgsPerSec: {
      rawSingle: f.rawSingle ? Math.round(f.rawSingle.eventsPerSec) : null,
      rawBatched: f.rawBatched ? Math.round(f.rawBatched.eventsPerSec) : null,
      relay: relayMsgsPerSec,
    },
    targets: {
      relayVsRawProducer: {
        min: TARGETS.relayVsRawProducer.min,
        met: headline.vsSameMode === null ? null : headline.vsSameMode >= TARGETS.relayVsRawProducer.min,
        meaning: TARGETS.relayVsRawProducer.meaning,
      },
      lagP99Ms: {
        max: TARGETS.lagP99Ms.max,
        met: headline.lagP99 === null ? null : headline.lagP99 < TARGETS.lagP99Ms.max,
        meaning: TARGETS.lagP99Ms.meaning,
      },
    },
    throughput: { rawSingle: measurement(f.rawSingle) ?? null, rawBatched: measurement(f.rawBatched) ?? null, relay: throughput },
    lag,
    ...(proposed
      ? { proposal: { what: 'the same relay unbatched: maxBatch 1, one event per publish', ...subjectJson(proposed) } }
      : {}),
    settings: {
      ...ctx.config,
      topic: ctx.topic,
      kafka: ctx.kafka,
      producer: ctx.producer,
      avgRecordBytes: Number.isFinite(ctx.messageBytes) ? Math.round(ctx.messageBytes) : null,
      store: 'SqliteEventStore, journal_mode=WAL, synchronous=FULL',
    },
    environment: env,
  };
  return writeResults(ctx.out, results);
}
