/**
 * bench:store — our SQLite event store against the local limit (raw node:sqlite) and emmett-sqlite, on
 * the same generated events, every database a fresh file at the same durability (WAL, synchronous=FULL).
 * Usage and the meaning of every figure: tools/bench/README.md.
 */
import { Options } from './lib/args';
import { Recorder, type Sample } from './lib/timing';
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
 * landed and the file is in WAL mode, close. `keep` receives the file and subject of a run whose database
 * the read measurements use; other files are deleted at once.
 */
async function appendRun<S extends Subject>(
  label: string,
  open: (file: string) => Promise<S>,
  work: (s: S) => Promise<number>,
  keep?: (file: string, s: S) => void,
): Promise<Sample> {
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

/** Reads a kept file through a freshly opened subject (no warm in-process cache). */
async function readRun<S extends Subject>(
  file: string,
  open: (file: string) => Promise<S>,
  read: (s: S) => Promise<Sample>,
): Promise<Sample> {
  const subject = await open(file);
  try {
    return await read(subject);
  } finally {
    await subject.close();
  }
}

const openEmmett = async (file: string): Promise<EmmettSubject> => {
  const subject = await EmmettSubject.open(file, config.emmettApi);
  if (subject.synchronous !== 2) throw new Error(`emmett connection runs at synchronous=${subject.synchronous}, not FULL (2)`);
  return subject;
};

const singles = (plans: StreamPlan[]) => (s: Appender) => appendSingles(s, plans, config.writers);
const batches = (plans: StreamPlan[]) => (s: Appender) => appendBatches(s, plans, config.batch, config.batchConcurrency);

/** The last kept database of each store, for the read rounds. */
const kept = { raw: '', ours: '', emmett: '' };
function keepFile(which: keyof typeof kept, file: string): void {
  if (kept[which]) scratch.drop(kept[which]);
  kept[which] = file;
}

async function main(): Promise<void> {
  log(
    `bench:store: ${config.events} events (~${Math.round(sizeOf(events))} B data each), ${singlePlans.length} streams for single appends, ${batchPlans.length} streams of ${config.batch} for batches`,
  );
  log(`durability for every store: journal_mode=${DURABILITY.journalMode}, synchronous=${DURABILITY.synchronous}; scratch ${scratch.path}`);
  const rows = sealRows(batchPlans);
  const rec = new Recorder();
  let durability = '';
  let groupCommit = { transactions: 0, appends: 0, largestGroup: 0 };

  if (config.warmup) {
    log('warm-up (not counted)');
    const small = new Recorder();
    const warmRows = rows.slice(0, warmupEvents.length);
    const warmFile = scratch.file('warm-raw');
    await small.run('warm-up raw', () => rawInsert(warmFile, warmRows, config.batch));
    scratch.drop(warmFile);
    const warm = async (name: string, open: (file: string) => Promise<Subject>) => {
      await small.run(`warm-up ${name} batches`, () => appendRun(`warm-${name}`, open, batches(chunkInto(warmupEvents, config.batch))));
      await small.run(`warm-up ${name} singles`, () =>
        appendRun(`warm-${name}`, open, singles(spreadOver(warmupEvents, Math.max(1, Math.floor(config.streams / 10))))),
      );
    };
    await warm('ours', OursSubject.open);
    if (config.emmett) await warm('emmett', openEmmett);
  }

  // Appends, interleaved round by round so the machine's noise is shared out evenly.
  for (let round = 0; round < config.runs; round += 1) {
    log(`append round ${round + 1}/${config.runs}`);
    await rec.run('rawInsert', () => {
      const file = scratch.file('raw');
      keepFile('raw', file);
      const sample = rawInsert(file, rows, config.batch);
      assertWal('raw', journalModeOf(file));
      return sample;
    });
    await rec.run('oursBatch', () => appendRun('ours-batch', OursSubject.open, batches(batchPlans)));
    if (config.emmett) await rec.run('emmettBatch', () => appendRun('emmett-batch', openEmmett, batches(batchPlans)));
    await rec.run('oursSingle', () =>
      appendRun('ours-single', OursSubject.open, singles(singlePlans), (file, s) => {
        keepFile('ours', file);
        durability = s.durability();
        groupCommit = s.groupCommit();
      }),
    );
    if (config.emmett)
      await rec.run('emmettSingle', () => appendRun('emmett-single', openEmmett, singles(singlePlans), (file) => keepFile('emmett', file)));
  }
  // Ours reaches FULL with SQLite at NORMAL and the WAL fdatasync'ed off the loop before an append is answered.
  const expected = `journal_mode=${DURABILITY.journalMode}, durability=${DURABILITY.synchronous}`;
  if (!durability.toLowerCase().startsWith(expected.toLowerCase())) throw new Error(`our store ran at ${durability}, not ${expected}`);

  // Reads of the last round's databases, interleaved likewise.
  for (let round = 0; round < config.runs; round += 1) {
    log(`read round ${round + 1}/${config.runs}`);
    await rec.run('rawScan', () => rawScan(kept.raw, rows.length));
    await rec.run('oursReplay', () => readRun(kept.ours, OursSubject.open, (s) => s.replay(config.events)));
    await rec.run('oursReplayParallel', () => readRun(kept.ours, OursSubject.open, (s) => s.replayParallel(config.events)));
    await rec.run('oursReadAll', () => readRun(kept.ours, OursSubject.open, (s) => s.readAllOnly(config.events)));
    if (config.emmett) await rec.run('emmettReadAll', () => readRun(kept.emmett, openEmmett, (s) => s.readAll(config.events)));
  }

  const names = [
    'rawInsert',
    'rawScan',
    'oursBatch',
    'oursSingle',
    'oursReplay',
    'oursReplayParallel',
    'oursReadAll',
    'emmettBatch',
    'emmettSingle',
    'emmettReadAll',
  ] as const;
  const measured = Object.fromEntries(names.filter((n) => rec.has(n)).map((n) => [n, rec.measurement(n)])) as unknown as StoreMeasurements;
  const file = report(measured, { durability, config, groupCommit });
  log(`\nwrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
