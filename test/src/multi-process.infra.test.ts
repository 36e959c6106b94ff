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
// Child processes: ./multi-process/processes.ts; HTTP and test data: ./multi-process/http-client.ts; the consumer's
// read model in MongoDB: ./multi-process/mongo-feed.ts.
import { KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSigningKeys } from '@grid/platform/http';
import { createRegionTree, day, history, household, http, must, token, useBaseUrl, useSigningKeys } from './multi-process/http-client';
import { appliedIds, closeAndDropFeed, expectFeedEqualsHistory, feedOf, openFeed, poll } from './multi-process/mongo-feed';
import {
  CONSUMER_MAIN,
  GRID_RECORDS_MAIN,
  children,
  ensureBuilt,
  serviceEnv,
  sleep,
  startChild,
  stopChild,
  waitForLine,
  type Child,
} from './multi-process/processes';

const brokers = process.env.KAFKA_BROKERS;
const mongoUrl = process.env.MONGODB_URL;

const BURST = 200;
const BURST_HOUSEHOLDS = 4;
/** The consumer is killed once this many burst commands were answered (the rest are still to come). */
const KILL_AFTER = 60;
/** Burst commands from this one on wait until the restarted consumer has joined its group. */
const HOLD_FROM = 120;
/** The first consumer pauses this long between applying a message and committing it (see the consumer). */
const HOLD_BEFORE_COMMIT_MS = 250;

const runId = randomUUID().replaceAll('-', '').slice(0, 10);
const database = `e2e_multi_process_${runId}`;
const feedName = `e2e-household-feed-${runId}`;
let dataDir = '';
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
    const keys = await loadOrCreateSigningKeys(dataDir);
    useSigningKeys(keys);
    await openFeed(mongoUrl!, database);
    gridRecords = startChild(
      'grid-records',
      GRID_RECORDS_MAIN,
      // Production-like: a shared document store needs the master key from the environment, not from DATA_DIR;
      // production adapters verify with an identity provider's key: here the test's own key plays that part.
      serviceEnv({
        name: 'grid-records',
        dataDir,
        brokers: brokers!,
        mongoUrl: mongoUrl!,
        database,
        partitions: PARTITIONS,
        masterKey: randomBytes(32).toString('base64'),
        publicKeyPem: KeyObject.from(keys.publicKey).export({ format: 'pem', type: 'spki' }).toString(),
      }),
    );
    useBaseUrl((await waitForLine(gridRecords, /grid-records listening on (http:\/\/\S+)/, 40_000))[1]!);
    mark('grid-records up');
    // One after the other, not side by side: on a fresh broker, the process that loses the race to create the
    // household topic gets `false` from kafkajs's createTopics (already exists) without waiting for leaders, and
    // its consumer.subscribe then fails with "This server does not host this topic-partition" (seen here in 3 of
    // 5 simultaneous starts). A platform KafkaBus issue, reported; start both at once again once it is fixed.
    consumer = startConsumer();
    await waitForLine(consumer, /^household-feed ready /, 40_000);
    mark('consumer up');

    official = await token('district-official', ['*'], 'e2e-official');
    const tree = await createRegionTree(official);
    grids.g1 = tree.g1;
    grids.g2 = tree.g2;
    street = await token('street-official', [tree.streetId], 'e2e-street');
    worker = await token('grid-worker', [tree.community], 'e2e-worker');
    // Grid workers write only in grids whose roster they are on; transfers move households between the two.
    for (const g of [tree.g1, tree.g2]) await must('POST', `/v1/grids/${g}/workers`, official, { workerId: 'e2e-worker', from: '2020-01-01' }, 200);
    mark('region tree');
  }, 70_000);

  afterAll(async () => {
    await Promise.allSettled(children.map((c) => stopChild(c)));
    await closeAndDropFeed(mongoUrl!, database);
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
