import { join } from 'node:path';
import { formatMarkdownTable, formatTable } from '../lib/table';
import { fmtRate, type Measurement } from '../lib/timing';
import { BENCH_DIR, environment, replaceMarkedBlock, round, writeResults } from '../lib/results';

/** Every measurement of one `bench:store` run (emmett's are absent with --no-emmett). */
export interface StoreMeasurements {
  rawInsert: Measurement;
  rawScan: Measurement;
  oursBatch: Measurement;
  oursSingle: Measurement;
  oursReplay: Measurement;
  oursReplayParallel: Measurement;
  oursReadAll: Measurement;
  emmettBatch?: Measurement;
  emmettSingle?: Measurement;
  emmettReadAll?: Measurement;
}

export interface StoreRunInfo {
  durability: string;
  config: Record<string, string | number | boolean>;
  groupCommit: { transactions: number; appends: number; largestGroup: number };
}

/** Ratios are ours ÷ baseline: above 1 we are faster. The headline append ratio uses 100-event batches. */
const TARGETS = [
  { key: 'appendVsRaw', min: 0.5, what: 'our 100-batch append ÷ raw insert (tx of 100)' },
  { key: 'appendVsEmmett', min: 2, what: 'our 100-batch append ÷ emmett 100-batch append' },
  { key: 'replayEventsPerSec', min: 200_000, what: 'our readAll + verifyAll, events/s' },
  { key: 'replayVsRaw', min: 0.5, what: 'our readAll + verifyAll ÷ raw scan + JSON.parse' },
  { key: 'replayParallelEventsPerSec', min: 200_000, what: 'verifyAllParallel, 2 worker threads (audit), events/s' },
] as const;
const RATES: ReadonlySet<string> = new Set(['replayEventsPerSec', 'replayParallelEventsPerSec']);

function headline(m: StoreMeasurements) {
  const vs = (ours: Measurement, base: Measurement | undefined) => (base ? round(ours.eventsPerSec / base.eventsPerSec) : null);
  return {
    appendVsRaw: vs(m.oursBatch, m.rawInsert),
    appendVsEmmett: vs(m.oursBatch, m.emmettBatch),
    singleAppendVsEmmett: vs(m.oursSingle, m.emmettSingle),
    replayEventsPerSec: Math.round(m.oursReplay.eventsPerSec),
    replayParallelEventsPerSec: Math.round(m.oursReplayParallel.eventsPerSec),
    replayVsRaw: vs(m.oursReplay, m.rawScan),
    replayVsEmmettReadAll: vs(m.oursReplay, m.emmettReadAll),
  };
}

function measurementRows(m: StoreMeasurements): string[][] {
  const row = (label: string, x: Measurement | undefined, vsRaw?: Measurement, vsEmmett?: Measurement) => [
    label,
    x ? fmtRate(x.eventsPerSec) : 'skipped',
    x && vsRaw ? (x.eventsPerSec / vsRaw.eventsPerSec).toFixed(2) : '',
    x && vsEmmett ? (x.eventsPerSec / vsEmmett.eventsPerSec).toFixed(2) : '',
    x ? `${Math.round(x.spread * 100)}%` : '',
  ];
  return [
    row('raw node:sqlite insert, tx of 100 rows', m.rawInsert),
    row('raw node:sqlite scan + JSON.parse', m.rawScan),
    row('ours append, 100-event batches', m.oursBatch, m.rawInsert, m.emmettBatch),
    row('ours append, single events, concurrent', m.oursSingle, m.rawInsert, m.emmettSingle),
    row('ours readAll + verifyAll (replay)', m.oursReplay, m.rawScan, m.emmettReadAll),
    row('ours verifyAllParallel, 2 workers (audit)', m.oursReplayParallel, m.rawScan, m.emmettReadAll),
    row('ours readAll only (no hashing)', m.oursReadAll, m.rawScan, m.emmettReadAll),
    row('emmett-sqlite append, 100-event batches', m.emmettBatch),
    row('emmett-sqlite append, single events', m.emmettSingle),
    row('emmett-sqlite read all (readMessagesBatch)', m.emmettReadAll),
  ];
}

const HEADERS = ['measurement (median)', 'events/s', '÷ raw', '÷ emmett', 'spread'];

function targetRows(h: ReturnType<typeof headline>): string[][] {
  return TARGETS.map(({ key, min, what }) => {
    const value = h[key];
    const shown = value === null ? 'n/a' : RATES.has(key) ? fmtRate(value) : value.toFixed(2);
    const verdict = value === null ? 'not measured' : value >= min ? 'met' : 'MISSED';
    return [key, shown, `≥ ${min.toLocaleString('en-US')}`, verdict, what];
  });
}

/** Prints the tables, writes results/store.json and refreshes the README's figures. Returns the JSON path. */
export function report(m: StoreMeasurements, info: StoreRunInfo): string {
  const h = headline(m);
  const env = environment();
  const targets = targetRows(h);
  const gc = info.groupCommit;
  const perTx = gc.transactions ? (gc.appends / gc.transactions).toFixed(1) : 'n/a';
  console.log(`\nbench:store — ${info.config.events} events, durability ${info.durability}, Node ${env.node}, ${env.cores} cores\n`);
  console.log(formatTable(HEADERS, measurementRows(m)));
  console.log(
    `\ngroup commit (single events, last run): ${gc.appends} appends in ${gc.transactions} transactions (${perTx} per fsync, largest ${gc.largestGroup})\n`,
  );
  console.log(formatTable(['figure', 'value', 'target', 'verdict', 'meaning'], targets));

  const results = {
    bench: 'store',
    date: env.date,
    node: env.node,
    rows: info.config.events,
    durability: info.durability,
    ...h,
    targets: Object.fromEntries(TARGETS.map(({ key, min }) => [key, { min, met: h[key] !== null && h[key] >= min }])),
    eventsPerSec: Object.fromEntries(Object.entries(m).map(([k, x]) => [k, Math.round((x as Measurement).eventsPerSec)])),
    groupCommit: gc,
    config: info.config,
    environment: env,
    runs: Object.fromEntries(
      Object.entries(m).map(([k, x]) => [k, (x as Measurement).runs.map((r) => ({ events: r.events, ms: round(r.ms, 1) }))]),
    ),
  };
  const file = writeResults(String(info.config.out), results);
  const markdown = [
    `${env.date.slice(0, 10)}, ${info.config.events} events of ~${info.config.dataBytes} B data, ${info.durability}, Node ${env.node}, ${env.cores} × ${env.cpu}, commit ${env.commit}:`,
    '',
    formatMarkdownTable(HEADERS, measurementRows(m)),
    '',
    `Group commit, single events: ${perTx} appends per transaction (largest group ${gc.largestGroup}).`,
    '',
    formatMarkdownTable(['figure', 'value', 'target', 'verdict', 'meaning'], targets),
  ].join('\n');
  if (info.config.updateReadme) replaceMarkedBlock(join(BENCH_DIR, 'README.md'), 'store-figures', markdown);
  return file;
}
