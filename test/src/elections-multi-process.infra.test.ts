// Issue 9 across processes: grid-records and elections each their own OS process with its own SQLite event store,
// the only link between them real Kafka (and the vault's keys in the shared MongoDB-protocol database):
//
//   test ──HTTP──▶ grid-records ──relay──▶ Kafka grid-records.region.v1, grid-records.household.v1
//                                              │ elections' consumer groups (read models, life-events reaction)
//   test ──HTTP──▶ elections ◀──────────────────┘
//
// Residents registered in grid-records → elections builds its roll from their events → an election → its result
// (the roll's proof checked by the standalone script); a death recorded in grid-records after freezing flags the entry.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRegionTree, household, must, token } from './multi-process/http-client';
import { ROOT, until } from './multi-process/processes';
import { ServiceRun } from './multi-process/service-run';

const brokers = process.env.KAFKA_BROKERS;
const mongoUrl = process.env.MONGODB_URL;
const VERIFY = join(ROOT, 'tools', 'verify-roll-proof.mjs');
const AT = '2026-06-20T09:00:00+08:00';
// One vault for both: the same master key, the keys beside both services' read models (names on the public page).
const run = new ServiceRun('elections', brokers!, mongoUrl!);
const elections = (method: 'GET' | 'POST', path: string, bearer: string, body?: unknown) => run.call('elections', method, path, bearer, body);
const ok = (method: 'GET' | 'POST', path: string, bearer: string, body?: unknown) => run.ok('elections', method, path, bearer, body);

(brokers && mongoUrl ? describe : describe.skip)('grid-records and elections, each its own process on Kafka', () => {
  let worker: string;
  let committee: string;
  let community: string;
  let spouseOfFirst: string;
  let id: string;

  beforeAll(async () => {
    await run.start(['grid-records', 'elections']);
    const official = await token('district-official', ['*'], 'e2e-official');
    const tree = await createRegionTree(official);
    community = tree.community;
    worker = await token('grid-worker', [community], 'e2e-worker');
    // Grid workers write only in grids whose roster they are on.
    for (const g of [tree.g1, tree.g2]) await must('POST', `/v1/grids/${g}/workers`, official, { workerId: 'e2e-worker', from: '2020-01-01' }, 200);
    committee = await token('election-committee', [community], 'e2e-committee');
    // Five households of a couple born 1950/1952 and a child of 2012: 10 voters, 5 too young.
    for (const gridId of [tree.g1, tree.g1, tree.g1, tree.g2, tree.g2]) {
      const registered = await must('POST', '/v1/households', worker, household(gridId), 201);
      const read = await must('GET', `/v1/households/${registered.id}`, worker, undefined, 200);
      spouseOfFirst ||= read.members.find((m: { relation: string }) => m.relation === 'spouse').personId;
    }
  }, 120_000);

  afterAll(() => run.stop(), 30_000);

  test('the roll elections builds from grid-records’ events holds the 10 adults; a death after freezing is flagged; the election is decided', async () => {
    const call = {
      kind: 'residents-committee',
      regionId: community,
      term: 10,
      seats: [
        { post: 'director', seats: 1 },
        { post: 'deputy-director', seats: 1 },
        { post: 'member', seats: 3 },
      ],
      votingDay: '2026-06-20',
      stations: [{ stationId: 'st1', name: '社区活动中心投票站', kind: 'polling-station' }],
      on: '2026-04-01',
    };
    // 404 until the community reached elections' region directory through Kafka.
    id = (await until(() => elections('POST', '/v1/elections', committee, call), (a) => a.status === 201, 'the community known to elections')).body.id;
    await ok('POST', `/v1/elections/${id}/audit`, committee, { on: '2026-04-10', auditor: '街道经管站', reportRef: 'SJ-1' });
    await until(() => ok('GET', `/v1/elections/${id}/roll/eligible?on=2026-05-20`, committee), (p) => p.eligible === 10, 'the 10 adults in elections’ projection');
    await ok('POST', `/v1/elections/${id}/roll/publish`, committee, { on: '2026-05-20' });
    await ok('POST', `/v1/elections/${id}/roll/freeze`, committee, { on: '2026-05-26' });
    const roll = await ok('GET', `/v1/elections/${id}/roll`, committee);
    expect(roll.entries).toHaveLength(10);

    const proof = await ok('GET', `/v1/elections/${id}/roll/proof?entry=${roll.entries[3].entryHash}`, committee);
    const file = join(run.dirs[0]!, 'proof.json');
    writeFileSync(file, JSON.stringify(proof));
    expect(execFileSync(process.execPath, [VERIFY, file, '--root', roll.root], { encoding: 'utf8' })).toMatch(/^valid: /);

    // The life-events reaction in the elections process: flagged on the frozen roll, never removed.
    await must('POST', `/v1/residents/${spouseOfFirst}/death`, worker, { diedOn: '2026-05-27', evidence: 'death-certificate' }, 200);
    const flagged = await until(
      () => ok('GET', `/v1/elections/${id}/roll`, committee),
      (r) => r.entries.some((e: { voterId: string; flag: string | null }) => e.voterId === spouseOfFirst && e.flag === 'died'),
      'the death flagged on the frozen roll',
    );
    expect(flagged.entries).toHaveLength(10);

    const voters: string[] = roll.entries.map((e: { voterId: string }) => e.voterId).filter((v: string) => v !== spouseOfFirst).sort();
    const posts = { director: voters.slice(0, 2), 'deputy-director': voters.slice(2, 4), member: voters.slice(4, 8) };
    for (const [post, ids] of Object.entries(posts)) {
      for (const candidateId of ids) await ok('POST', `/v1/elections/${id}/nominations`, committee, { candidateId, post, nomination: 'self', supporters: 1, on: '2026-05-28' });
    }
    await ok('POST', `/v1/elections/${id}/candidates/publish`, committee, { on: '2026-06-05', posts: Object.entries(posts).map(([post, candidateIds]) => ({ post, candidateIds })) });
    for (const voterId of voters.slice(0, 6)) await ok('POST', `/v1/elections/${id}/stations/st1/ballots`, committee, { voterId, via: 'in-person', at: AT });
    const votes = [
      ['director', voters[0], 5],
      ['director', voters[1], 1],
      ['deputy-director', voters[2], 4],
      ['deputy-director', voters[3], 2],
      ['member', voters[4], 6],
      ['member', voters[5], 5],
      ['member', voters[6], 4],
      ['member', voters[7], 1],
    ].map(([post, candidateId, n]) => ({ post, candidateId, votes: n }));
    await ok('POST', `/v1/elections/${id}/stations/st1/tally`, committee, { on: '2026-06-20', returned: 6, unreturned: 0, valid: 6, blank: 0, invalid: 0, votes });
    await ok('POST', `/v1/elections/${id}/result`, committee, { on: '2026-06-20' });
    const election = await ok('GET', `/v1/elections/${id}`, committee);
    expect(election.outcome).toMatchObject({ outcome: 'elected' });
    expect(election.outcome.elected.map((e: { candidateId: string }) => e.candidateId).sort()).toEqual([voters[0], voters[2], voters[4], voters[5], voters[6]].sort());
    const page = (await fetch(`${run.url('elections')}/v1/public/elections/${id}`).then((r) => r.json())) as { outcome: { elected: { name: string | null }[] } };
    // The names grid-records sealed, opened by the other process through the shared vault.
    expect(page.outcome.elected.map((e) => e.name)).toEqual(expect.arrayContaining(['王秀英']));
  }, 120_000);
});
