// Issue 5 §5 "Proof": the production shape, each service its own OS process, over real Kafka and a real
// MongoDB-protocol server (`npm run test:infra` starts both and exports KAFKA_BROKERS, MONGODB_URL).
//
//   test ──HTTP──▶ grid-records (node services/grid-records/dist/main.js: SQLite store, Kafka bus, MongoDB reads)
//                      │ relay
//                      ▼
//                    Kafka  grid-records.household.v1, grid-records.assistance.v1
//                      │ its own consumer group
//                      ▼
//                  household-feed (node test/dist/processes/household-feed-consumer.js) ──▶ MongoDB household_feed
//
// A household is registered and granted a status (低保: application, home check, review, notice, approval); every
// event of both streams must reach the other process's read model. Then the consumer is killed with SIGKILL in the
// middle of a burst of 200 household commands and started again; its read model must hold every event of every
// stream exactly once (the group re-reads what was not committed, `_seen` passes over what was applied already).
// Black box: HTTP, the bus and the database only.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Role } from '@grid/contracts';
import { MongoDocumentStore, type Doc } from '@grid/platform';
import { loadOrCreateSigningKeys, signToken, type SigningKeys } from '@grid/platform/http';
import { HOUSEHOLD_FEED, type HouseholdFeed } from './processes/household-feed';

const brokers = process.env.KAFKA_BROKERS;
const mongoUrl = process.env.MONGODB_URL;

const ROOT = join(__dirname, '..', '..');
const GRID_RECORDS_MAIN = join(ROOT, 'services', 'grid-records', 'dist', 'main.js');
const CONSUMER_SRC = join(ROOT, 'test', 'src', 'processes');
const CONSUMER_MAIN = join(ROOT, 'test', 'dist', 'processes', 'household-feed-consumer.js');

const BURST = 200;
const BURST_HOUSEHOLDS = 4;
/** The consumer is killed once this many burst commands were answered (the rest are still to come). */
const KILL_AFTER = 60;
/** Burst commands from this one on wait until the restarted consumer has joined its group. */
const HOLD_FROM = 120;
/** The first consumer pauses this long between applying a message and committing it (see the consumer). */
const HOLD_BEFORE_COMMIT_MS = 250;

// ---------------------------------------------------------------------------------------------------------
// Child processes: output kept line by line, waited on by pattern, killed by PID in afterAll whatever happened.

interface Child {
  name: string;
  proc: ChildProcess;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  onLine: Set<(line: string) => void>;
}

const children: Child[] = [];

function startChild(name: string, script: string, env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--trace-warnings', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child: Child = {
    name,
    proc,
    lines: [],
    onLine: new Set(),
    exited: new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal }))),
  };
  for (const stream of [proc.stdout!, proc.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      child.lines.push(line);
      for (const listener of child.onLine) listener(line);
    });
  }
  children.push(child);
  return child;
}

const alive = (c: Child) => c.proc.exitCode === null && c.proc.signalCode === null;
const tail = (c: Child, n = 60) => `--- last lines of ${c.name} (pid ${c.proc.pid}) ---\n${c.lines.slice(-n).join('\n')}`;

/** The first line (from now on when `fresh`, else since the start) that matches. */
function waitForLine(child: Child, pattern: RegExp, timeoutMs: number, fresh = false): Promise<RegExpMatchArray> {
  const seen = fresh ? undefined : child.lines.map((l) => l.match(pattern)).find(Boolean);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const done = (fn: () => void) => {
      clearTimeout(timer);
      child.onLine.delete(listener);
      fn();
    };
    const listener = (line: string) => {
      const m = line.match(pattern);
      if (m) done(() => resolve(m));
    };
    const timer = setTimeout(
      () => done(() => reject(new Error(`${child.name}: no line matching ${pattern} within ${timeoutMs} ms\n${tail(child)}`))),
      timeoutMs,
    );
    child.onLine.add(listener);
    void child.exited.then(({ code, signal }) =>
      done(() => reject(new Error(`${child.name} exited (code ${code}, signal ${signal}) before printing ${pattern}\n${tail(child)}`))),
    );
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
async function stopChild(child: Child, graceMs = 8000): Promise<void> {
  if (alive(child)) {
    child.proc.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    if ((await Promise.race([child.exited, late])) === 'late') child.proc.kill('SIGKILL');
    clearTimeout(timer);
  }
  await child.exited;
}

// ---------------------------------------------------------------------------------------------------------
// The built entry points: grid-records comes from the bootstrap's build (test:infra builds first); the
// consumer is this workspace's own build output, rebuilt here when its sources are newer.

function newestMtime(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((e) =>
      e.isDirectory() ? newestMtime(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
    ),
  );
}

function ensureBuilt(): void {
  if (!existsSync(GRID_RECORDS_MAIN))
    throw new Error(`${GRID_RECORDS_MAIN} is missing: run \`node scripts/bootstrap.cjs build\` (npm run test:infra does)`);
  if (!existsSync(CONSUMER_MAIN) || statSync(CONSUMER_MAIN).mtimeMs < newestMtime(CONSUMER_SRC)) {
    const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-package.cjs')], { cwd: join(ROOT, 'test'), encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`building @grid/e2e failed:\n${built.stderr}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// HTTP, tokens and test data.

let baseUrl = '';
let keys: SigningKeys;
const token = (role: Role, scope: string[], sub: string) => signToken({ sub, role, scope, ttl: '30m' }, keys);

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

async function http(method: 'GET' | 'POST', path: string, bearer: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function must(method: 'GET' | 'POST', path: string, bearer: string, body: unknown, status: number) {
  const answer = await http(method, path, bearer, body);
  if (answer.status !== status)
    throw new Error(`${method} ${path}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A valid 身份证 number (GB 11643: weights 7 9 10 5 8 4 2 1 6 3 …, check character by sum mod 11). */
function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return `${first17}${'10X98765432'[sum % 11]}`;
}

let person = 0;
/** A new person each call (sequence numbers 100…): one person, one household. */
const resident = (relation: string, name: string, born: string) => {
  person += 1;
  return { relation, name, idNumber: idNumber(`431103${born.replaceAll('-', '')}${String(100 + person).padStart(3, '0')}`) };
};

const household = (gridId: string) => ({
  gridId,
  address: '梅湾路12号3栋201',
  registration: 'urban',
  members: [
    resident('head', '王秀英', '1952-03-14'),
    resident('spouse', '李建国', '1950-08-02'),
    resident('child', '李小红', '2012-06-01'),
  ],
  on: '2020-01-10',
});

const day = (n: number) => new Date(Date.UTC(2021, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------

const runId = randomUUID().replaceAll('-', '').slice(0, 10);
const database = `e2e_multi_process_${runId}`;
const feedName = `e2e-household-feed-${runId}`;
let dataDir = '';
let docs: MongoDocumentStore | undefined;
let gridRecords: Child;
let consumer: Child;
const incarnations: Child[] = [];
const timings: Record<string, number> = {};
const summary: string[] = [];
const t0 = Date.now();
const mark = (what: string) => (timings[what] = Date.now() - t0);

/**
 * Partitions of the topics these processes create: the broker's default (tools/infra num.partitions=3), which is
 * also what services/platform/test/telemetry/kafka-trace.infra.test.ts expects of `grid-records.household.v1`
 * (it counts one lag data point per partition) when this file created that topic first in the same broker.
 */
const PARTITIONS = '3';

function startConsumer(): Child {
  const c = startChild(`household-feed #${incarnations.length + 1}`, CONSUMER_MAIN, {
    KAFKA_PARTITIONS: PARTITIONS,
    // Only the first one, which is killed: its successor catches up at full speed.
    FEED_HOLD_BEFORE_COMMIT_MS: incarnations.length === 0 ? String(HOLD_BEFORE_COMMIT_MS) : '0',
    KAFKA_BROKERS: brokers!,
    MONGODB_URL: mongoUrl!,
    MONGODB_DATABASE: database,
    FEED_NAME: feedName,
    FEED_CATEGORIES: 'household,assistance',
    // A fresh group per run: on a broker left running from earlier runs, it starts at the topics' ends (pinned by
    // its first start, so the restart resumes from the committed offsets) rather than working through old runs.
    FEED_FROM_BEGINNING: 'false',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
  });
  incarnations.push(c);
  return c;
}

const feedOf = (streamId: string) => docs!.collection<HouseholdFeed & Doc>(HOUSEHOLD_FEED).get(streamId);

async function history(householdId: string, bearer: string): Promise<{ eventId: string; type: string; streamRevision: number }[]> {
  const body = await must('GET', `/v1/households/${householdId}/history`, bearer, undefined, 200);
  expect(body.chain.ok).toBe(true);
  return body.events.map((e: { envelope: { eventId: string; type: string; streamRevision: number } }) => e.envelope);
}

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(100);
    value = await read();
  }
  return value;
}

/** Polls until the feed document of the household holds as many events as its history, then compares them. */
async function expectFeedEqualsHistory(householdId: string, bearer: string, timeoutMs: number): Promise<number> {
  const events = await history(householdId, bearer);
  const feed = await poll(
    () => feedOf(`household-${householdId}`),
    (f) => (f?.count ?? 0) >= events.length,
    timeoutMs,
  );
  expect(feed).not.toBeNull();
  const ids = feed!.events.map((e) => e.eventId);
  // Exactly once: no event lost, none doubled, in stream order; the count is the stream's last revision + 1.
  expect(new Set(ids).size).toBe(ids.length);
  expect(feed!.events).toEqual(events.map((e) => ({ eventId: e.eventId, type: e.type, revision: e.streamRevision })));
  expect(feed!.count).toBe(events.length);
  expect(feed!.lastRevision + 1).toBe(events.length);
  expect(feed!.count).toBe(events.at(-1)!.streamRevision + 1);
  return events.length;
}

const appliedIds = (c: Child) => c.lines.map((l) => /^applied (\S+) /.exec(l)?.[1]).filter((x): x is string => x !== undefined);

(brokers && mongoUrl ? describe : describe.skip)('grid-records and a Kafka consumer, each its own process', () => {
  let official: string;
  let street: string;
  let worker: string;
  const grids: { g1: string; g2: string } = { g1: '', g2: '' };
  let first: string;

  beforeAll(async () => {
    ensureBuilt();
    mark('built');
    dataDir = mkdtempSync(join(tmpdir(), 'e2e-multi-process-'));
    // The embedded signing key: the test signs, the service verifies with the same file in DATA_DIR/keys.
    keys = await loadOrCreateSigningKeys(dataDir);
    docs = await MongoDocumentStore.connect({ url: mongoUrl!, database, clientOptions: { serverSelectionTimeoutMS: 10_000 } });
    gridRecords = startChild('grid-records', GRID_RECORDS_MAIN, {
      SERVICE_NAME: 'grid-records',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EVENT_STORE: 'sqlite',
      BUS: 'kafka',
      KAFKA_BROKERS: brokers!,
      KAFKA_PARTITIONS: PARTITIONS,
      DOCUMENT_STORE: 'mongodb',
      MONGODB_URL: mongoUrl!,
      MONGODB_DATABASE: database,
      // Production-like: a shared document store needs the master key from the environment, not from DATA_DIR.
      PERSONAL_DATA_MASTER_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
      OTEL_ENABLED: 'false',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    });
    baseUrl = (await waitForLine(gridRecords, /grid-records listening on (http:\/\/\S+)/, 40_000))[1]!;
    mark('grid-records up');
    // One after the other, not side by side: on a fresh broker, the process that loses the race to create the
    // household topic gets `false` from kafkajs's createTopics (already exists) without waiting for leaders, and
    // its consumer.subscribe then fails with "This server does not host this topic-partition" (seen here in 3 of
    // 5 simultaneous starts). A platform KafkaBus issue, reported; start both at once again once it is fixed.
    consumer = startConsumer();
    await waitForLine(consumer, /^household-feed ready /, 40_000);
    mark('consumer up');

    official = await token('district-official', ['*'], 'e2e-official');
    const region = async (parentId: string | null, level: string, name: string) =>
      (await must('POST', '/v1/regions', official, { parentId, level, name, on: '2020-01-01' }, 201)).id as string;
    const district = await region(null, 'district', '冷水滩区');
    const streetId = await region(district, 'street', '梅湾街道');
    const community = await region(streetId, 'community', '梅湾社区');
    grids.g1 = await region(community, 'grid', '第一网格');
    grids.g2 = await region(community, 'grid', '第二网格');
    street = await token('street-official', [streetId], 'e2e-street');
    worker = await token('grid-worker', [community], 'e2e-worker');
    mark('region tree');
  }, 70_000);

  afterAll(async () => {
    await Promise.allSettled(children.map((c) => stopChild(c)));
    if (docs) {
      await docs.close().catch(() => undefined);
      // The platform's own MongoDB driver (the test workspace does not depend on it directly) drops the database.
      const { MongoClient } = createRequire(join(ROOT, 'services', 'platform', 'package.json'))('mongodb') as {
        MongoClient: {
          connect(url: string, o: object): Promise<{ db(n: string): { dropDatabase(): Promise<unknown> }; close(): Promise<void> }>;
        };
      };
      const client = await MongoClient.connect(mongoUrl!, { serverSelectionTimeoutMS: 10_000 });
      await client
        .db(database)
        .dropDatabase()
        .catch(() => undefined);
      await client.close();
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    mark('cleaned up');
    // kafkajs 2.2.4 on Node 24 warns TimeoutNegativeWarning in every process (its request queue): known, left out.
    const notable = (l: string) => /Warning|ERROR|"level":(40|50|60)/.test(l) && !l.includes('TimeoutNegativeWarning');
    const warnings = children.flatMap((c) => c.lines.filter(notable).map((l) => `${c.name}: ${l}`));
    process.stdout.write(
      `\n[multi-process] ${summary.join('\n[multi-process] ')}\n[multi-process] ms since start: ${JSON.stringify(timings)}\n` +
        (warnings.length ? `[multi-process] process warnings:\n  ${warnings.slice(0, 20).join('\n  ')}\n` : ''),
    );
  }, 30_000);

  test('a household registered and granted a status over HTTP reaches the other process through Kafka and its MongoDB read model', async () => {
    first = (await must('POST', '/v1/households', worker, household(grids.g1), 201)).id;
    // 低保 (minimum-living): 申请 by the grid worker, 入户核查, 审核 and 公示 by the township, 审批 by the district.
    const caseId = (
      await must('POST', `/v1/households/${first}/assistance`, worker, { program: 'minimum-living', appliedOn: '2020-03-02' }, 201)
    ).id;
    const steps: [string, Record<string, unknown>][] = [
      [worker, { step: 'home-check', effectiveDate: '2020-03-05', findings: ['income-verified'] }],
      [street, { step: 'review', effectiveDate: '2020-03-10', recommended: true, class: 'B' }],
      [street, { step: 'notice', effectiveDate: '2020-03-11', days: 7 }],
      [official, { step: 'approve', effectiveDate: '2020-04-01', decidedOn: '2020-03-20' }],
    ];
    for (const [bearer, body] of steps) await must('POST', `/v1/assistance/${caseId}/steps`, bearer, body, 200);
    const granted = await must('GET', `/v1/assistance/${caseId}`, worker, undefined, 200);
    expect(granted).toMatchObject({ householdId: first, stage: 'active', class: 'B', grant: { effectiveFrom: '2020-04-01' } });

    // The household stream: its feed document equals its history (one event each, in order).
    expect(await expectFeedEqualsHistory(first, worker, 20_000)).toBeGreaterThanOrEqual(1);
    expect((await feedOf(`household-${first}`))!.events[0]!.type).toBe('grid-records.household.registered');
    // The case stream, from the assistance topic: every step's event, once, in order.
    const caseEvents = granted.history as { eventId: string; revision: number }[];
    expect(caseEvents).toHaveLength(5);
    const caseFeed = await poll(
      () => feedOf(`assistance-${caseId}`),
      (f) => (f?.count ?? 0) >= caseEvents.length,
      20_000,
    );
    expect(caseFeed!.householdId).toBe(first);
    expect(caseFeed!.events.map((e) => [e.eventId, e.revision])).toEqual(caseEvents.map((e) => [e.eventId, e.revision]));
    expect(caseFeed!.events.at(-1)!.type).toBe('grid-records.assistance.approved');
    expect(caseFeed!.count).toBe(caseFeed!.lastRevision + 1);
    mark('first household and its status in the feed');
  }, 30_000);

  test('SIGKILL of the consumer in the middle of 200 commands: after a restart every event is there exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < BURST_HOUSEHOLDS; i += 1) ids.push((await must('POST', '/v1/households', worker, household(grids.g1), 201)).id);
    mark('burst households registered');

    // 200 transfers, g1 → g2 → g1 …, one after another per household, the households side by side. Commands
    // from HOLD_FROM on wait for the restarted consumer, so the burst spans all three phases: before the kill,
    // with no consumer in the group, and while the new one catches up.
    let issued = 0;
    let answered = 0;
    const failures: string[] = [];
    let release = () => undefined as void;
    const restarted = new Promise<void>((resolve) => (release = resolve));
    const perHousehold = BURST / BURST_HOUSEHOLDS;
    const burstDone = Promise.all(
      ids.map(async (id) => {
        for (let n = 0; n < perHousehold; n += 1) {
          if (issued++ >= HOLD_FROM) await restarted;
          const toGridId = n % 2 === 0 ? grids.g2 : grids.g1;
          const res = await http('POST', `/v1/households/${id}/transfer`, worker, { toGridId, on: day(n) });
          if (res.status !== 200) failures.push(`${id} #${n}: ${res.status} ${JSON.stringify(res.body)}`);
          answered += 1;
        }
      }),
    );

    const killed = consumer;
    let answeredAtKill = 0;
    let answeredAtRestart = 0;
    try {
      // Kill it as a crash would, right after it printed `applied` for a burst event: that message is in its
      // hold (FEED_HOLD_BEFORE_COMMIT_MS), applied to MongoDB and not yet committed to Kafka.
      while (answered < KILL_AFTER) await sleep(5);
      await waitForLine(killed, /^applied /, 10_000, true);
      killed.proc.kill('SIGKILL');
      answeredAtKill = answered;
      expect((await killed.exited).signal).toBe('SIGKILL');
      mark(`consumer killed (${answeredAtKill}/${BURST} answered)`);

      consumer = startConsumer();
      await waitForLine(consumer, /^household-feed ready /, 30_000);
      answeredAtRestart = answered;
      mark(`consumer restarted (${answeredAtRestart}/${BURST} answered)`);
    } finally {
      release();
    }
    await burstDone;
    mark('burst answered');
    expect(failures).toEqual([]);
    expect(answeredAtKill).toBeLessThan(BURST);
    expect(answeredAtRestart).toBeLessThanOrEqual(HOLD_FROM);

    const firstEvents = (await history(first, worker)).length;
    let total = 0;
    for (const id of [first, ...ids]) total += await expectFeedEqualsHistory(id, worker, 40_000);
    mark('feed verified');
    expect(total).toBe(firstEvents + BURST_HOUSEHOLDS + BURST);

    // Redeliveries: applied by the killed process (offset not committed) and delivered again after the restart,
    // where `_seen` passed over them (the comparison above shows each event once).
    const before = new Set(appliedIds(killed));
    const again = appliedIds(consumer).filter((id) => before.has(id));
    expect(again.length).toBeGreaterThanOrEqual(1);
    summary.push(
      `${total} events; SIGKILL after ${answeredAtKill}/${BURST} commands, restarted consumer ready after ${answeredAtRestart}; ` +
        `consumer #1 applied ${before.size}, consumer #2 ${appliedIds(consumer).length}, of which ${again.length} redelivered (passed over by _seen)`,
    );
  }, 75_000);
});
