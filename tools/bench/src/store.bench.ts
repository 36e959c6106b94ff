/**
 * bench:store — our SQLite event store against the local limit (raw node:sqlite) and emmett-sqlite, on
 * the same generated events, every database a fresh file at the same durability (WAL, synchronous=FULL).
 * Usage and the meaning of every figure: tools/bench/README.md.
 */
import { Options } from './lib/args';
import { measure, type Measurement, type Sample } from './lib/timing';
import { ScratchDir } from './lib/tmp';
import { EmmettSubject, type EmmettApi } from './store/emmett';
import { OursSubject } from './store/ours';
import { DURABILITY, journalModeOf, rawInsert, rawScan, sealRows } from './store/raw-sqlite';
import { report, type StoreMeasurements } from './store/report';
import { chunkInto, makeEvents, sizeOf, spreadOver, type StreamPlan } from './store/rows';
import { appendBatches, appendSingles, type Appender } from './store/workload';

const opts = new Options();
const defaultSizes = () => ['events', 'streams', 'writers', 'batch', 'batch-concurrency', 'data-bytes'].every((name) => !opts.has(name));
const config = {
  events: opts.int('events', 20_000),
  streams: opts.int('streams', 2_000),
  writers: opts.int('writers', 64),
  batch: opts.int('batch', 100),
  batchConcurrency: opts.int('batch-concurrency', 1),
  runs: opts.int('runs', 3),
  dataBytes: opts.int('data-bytes', 1024, 64),
  warmup: opts.bool('warmup', true),
  emmett: opts.bool('emmett', true),
  emmettApi: opts.string('emmett-api', 'connection') as EmmettApi,
  /** Non-default sizes neither overwrite results/store.json nor the README figures unless asked to. */
  out: opts.string('out', defaultSizes() ? 'store' : 'store.custom'),
  updateReadme: opts.bool('update-readme', defaultSizes()),
};
if (!['connection', 'store'].includes(config.emmettApi)) throw new Error('--emmett-api must be connection or store');

const scratch = new ScratchDir(opts.string('dir', process.env.TMPDIR ?? '/tmp'));
const log = (line: string) => process.stderr.write(`${line}\n`);

const events = makeEvents(config.events, config.dataBytes);
const singlePlans = spreadOver(events, config.streams);
const batchPlans = chunkInto(events, config.batch);
const warmupEvents = events.slice(0, Math.max(config.batch, Math.floor(config.events / 10)));

/** Refuses to report a figure measured at another durability than the one printed. */
function assertWal(label: string, mode: string): void {
  if (mode.toLowerCase() !== DURABILITY.journalMode) throw new Error(`${label}: journal_mode=${mode}, not ${DURABILITY.journalMode}`);
}

/**
 * A store under test. Its journal mode is asked through its own connection: opening an emmett file with
 * node:sqlite while sqlite3 (another copy of SQLite in this process) has it open breaks SQLite's POSIX
 * locks and corrupts the WAL (seen here as SQLITE_CORRUPT).
 */
interface Subject extends Appender {
  headPosition(): Promise<number>;
  journalMode(): Promise<string>;
  close(): Promise<void> | void;
}

/**
 * One timed append run on a fresh database: open (untimed), append everything, check that all of it
 * landed, close. Keeps the file when `keep` (for the read measurements), else deletes it.
 */
async function appendRun<S extends Subject>(label: string, open: (file: string) => Promise<S>, work: (s: S) => Promise<number>, keep?: (file: string, s: S) => void): Promise<Sample> {
  const file = scratch.file(label);
  const subject = await open(file);
  const start = performance.now();
  const appended = await work(subject);
  const ms = performance.now() - start;
  const head = await subject.headPosition();
  if (head !== appended) throw new Error(`${label}: head position ${head} after ${appended} appended events`);
  assertWal(label, await subject.journalMode());
  keep?.(file, subject);
  await subject.close();
  if (!keep) scratch.drop(file);
  return { events: appended, ms };
}

/** Appends single events and 100-event batches; returns the two measurements and the last single-event file. */
async function appendMeasurements<S extends Subject>(name: string, open: (file: string) => Promise<S>, onSingle?: (s: S) => void) {
  const singles = (plans: StreamPlan[]) => (s: S) => appendSingles(s, plans, config.writers);
  const batches = (plans: StreamPlan[]) => (s: S) => appendBatches(s, plans, config.batch, config.batchConcurrency);
  if (config.warmup) {
    await appendRun(`${name}-warmup`, open, batches(chunkInto(warmupEvents, config.batch)));
    await appendRun(`${name}-warmup`, open, singles(spreadOver(warmupEvents, Math.max(1, Math.floor(config.streams / 10)))));
  }
  const batch = await measure(`${name} append batches`, config.runs, () => appendRun(`${name}-batch`, open, batches(batchPlans)));
  let kept = '';
  const single = await measure(`${name} append singles`, config.runs, (run) =>
    appendRun(`${name}-single`, open, singles(singlePlans), (file, s) => {
      if (kept) scratch.drop(kept);
      kept = file;
      if (run === config.runs - 1) onSingle?.(s);
    }),
  );
  return { batch, single, file: kept };
}

/** Reads a kept file `runs` times through a freshly opened subject each time (no warm in-process cache). */
function readMeasurement<S extends Subject>(name: string, file: string, open: (file: string) => Promise<S>, read: (s: S) => Promise<Sample>): Promise<Measurement> {
  return measure(name, config.runs, async () => {
    const subject = await open(file);
    try {
      return await read(subject);
    } finally {
      await subject.close();
    }
  });
}

async function main(): Promise<void> {
  log(`bench:store: ${config.events} events (~${Math.round(sizeOf(events))} B data each), ${singlePlans.length} streams for single appends, ${batchPlans.length} streams of ${config.batch} for batches`);
  log(`durability for every store: journal_mode=${DURABILITY.journalMode}, synchronous=${DURABILITY.synchronous}; scratch ${scratch.path}`);

  const rows = sealRows(batchPlans);
  let rawFile = '';
  const rawInsertM = await measure('raw insert', config.runs, async () => {
    if (rawFile) scratch.drop(rawFile);
    rawFile = scratch.file('raw');
    return rawInsert(rawFile, rows, config.batch);
  });
  assertWal('raw', journalModeOf(rawFile));
  const rawScanM = await measure('raw scan', config.runs, async () => rawScan(rawFile, rows.length));
  scratch.drop(rawFile);

  let durability = '';
  let groupCommit = { transactions: 0, appends: 0, largestGroup: 0 };
  const ours = await appendMeasurements('ours', OursSubject.open, (s) => {
    durability = s.durability();
    groupCommit = s.groupCommit();
  });
  if (durability.toLowerCase() !== `journal_mode=${DURABILITY.journalMode}, synchronous=${DURABILITY.synchronous}`.toLowerCase()) {
    throw new Error(`our store ran at ${durability}, not the bench's durability`);
  }
  const oursReplay = await readMeasurement('ours replay', ours.file, OursSubject.open, (s) => s.replay(config.events));
  const oursReadAll = await readMeasurement('ours readAll', ours.file, OursSubject.open, (s) => s.readAllOnly(config.events));
  scratch.drop(ours.file);

  const measured: StoreMeasurements = { rawInsert: rawInsertM, rawScan: rawScanM, oursBatch: ours.batch, oursSingle: ours.single, oursReplay, oursReadAll };
  if (config.emmett) {
    const open = async (file: string) => {
      const subject = await EmmettSubject.open(file, config.emmettApi);
      if (subject.synchronous !== 2) throw new Error(`emmett connection runs at synchronous=${subject.synchronous}, not FULL (2)`);
      return subject;
    };
    const emmett = await appendMeasurements('emmett', open);
    measured.emmettBatch = emmett.batch;
    measured.emmettSingle = emmett.single;
    measured.emmettReadAll = await readMeasurement('emmett read all', emmett.file, open, (s) => s.readAll(config.events));
    scratch.drop(emmett.file);
  }

  const file = report(measured, { durability, config, groupCommit });
  log(`\nwrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
