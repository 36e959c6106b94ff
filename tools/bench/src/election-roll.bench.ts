/**
 * bench:election-roll — the elections domain at the issue's roll size (20,000 voters): the roll folded from its
 * events, the freeze decided (Merkle root over the keyed entry hashes), an inclusion proof and its check, and
 * a round of 20,000 ballots issued one command at a time; then the service over HTTP (election-roll/http.ts):
 * POST …/roll/freeze on a 20,000-voter roll (issue 9: < 2 s) and the served proof checked (< 5 ms), against two
 * baselines of the same run: the domain's freeze decision and a bare Merkle root over the same hashes.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '@grid/contracts';
import { inclusionProof, merkleRoot, verifyInclusion } from '@grid/contracts';
import { electionDecider, hunan, type ElectionCommand, type ElectionEvent, type VoterFacts } from '@grid/elections';
import { fold, historyOf } from '@grid/platform/decider';
import { Options } from './lib/args';
import { measureHttp } from './election-roll/http';
import { environment, round, writeResults } from './lib/results';
import { ScratchDir } from './lib/tmp';
import { median, timed } from './lib/timing';

const opts = new Options();
const voters = opts.int('voters', 20_000);
const runs = opts.int('runs', 3);
/** --no-http: the domain figures only. */
const http = opts.bool('http', true);
const by: Actor = { id: 'bench-committee', role: 'election-committee' };
const log = (line: string) => process.stderr.write(`${line}\n`);

const ids = Array.from({ length: voters }, (_, i) => `p-${i + 1}`);
const entryHash = (id: string) => createHash('sha256').update(`bench-roll-key:${id}`).digest('hex');
const facts = (voterId: string): VoterFacts => ({
  voterId,
  entryHash: entryHash(voterId),
  birthYear: 1970,
  registeredHere: true,
  livingHere: true,
  deprivedOfPoliticalRights: false,
  onOtherRoll: null,
});

const setup: ElectionCommand[] = [
  {
    type: 'create',
    electionId: 'e-bench',
    kind: 'villagers-committee',
    regionId: 'v-bench',
    term: 11,
    seats: [{ post: 'director', seats: 1 }, { post: 'member', seats: 4 }],
    votingDay: '2021-04-20',
    stations: [{ stationId: 'assembly', name: '选举大会会场', kind: 'assembly' }],
    ruleSet: hunan('villagers-committee'),
    on: '2021-02-20',
    by,
  },
  { type: 'record-audit', on: '2021-03-01', auditor: 'bench', reportRef: 'bench', by },
];
const register: ElectionCommand = { type: 'register-voters', on: '2021-03-20', voters: ids.map(facts), by };
const publish: ElectionCommand = { type: 'publish-roll', on: '2021-03-31', by };
const freeze: ElectionCommand = { type: 'freeze-roll', on: '2021-04-06', by };
const candidates: ElectionCommand[] = [
  ...['p-1', 'p-2'].map((candidateId): ElectionCommand => ({ type: 'nominate', candidateId, post: 'director', nomination: 'self', supporters: 1, on: '2021-04-07', by })),
  ...['p-3', 'p-4', 'p-5', 'p-6', 'p-7'].map((candidateId): ElectionCommand => ({ type: 'nominate', candidateId, post: 'member', nomination: 'self', supporters: 1, on: '2021-04-07', by })),
  { type: 'publish-candidates', on: '2021-04-12', posts: [{ post: 'director', candidateIds: ['p-1', 'p-2'] }, { post: 'member', candidateIds: ['p-3', 'p-4', 'p-5', 'p-6', 'p-7'] }], by },
];

async function medianMs(fn: () => unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push((await timed(fn)).ms);
  return median(samples);
}

async function main(): Promise<void> {
  const registered = await timed(() => historyOf(electionDecider, [...setup, register, publish]));
  const published = registered.value;
  log(`registered ${voters} voters (decide + evolve): ${registered.ms.toFixed(0)} ms`);

  const foldMs = await medianMs(() => fold(electionDecider, published));
  const state = fold(electionDecider, published);
  const freezeMs = await medianMs(() => electionDecider.decide(freeze, state));
  log(`fold of ${published.length} events: ${foldMs.toFixed(0)} ms; freeze decided: ${freezeMs.toFixed(0)} ms`);

  const hashes = ids.map(entryHash);
  const proofMs = (await timed(() => inclusionProof(hashes, entryHash(ids[Math.floor(voters / 2)]!))!)).ms;
  const proof = inclusionProof(hashes, entryHash(ids[Math.floor(voters / 2)]!))!;
  const checks = 1_000;
  const checked = await timed(() => Array.from({ length: checks }, () => verifyInclusion(proof)).every(Boolean));
  if (!checked.value) throw new Error('a true proof did not verify');
  const proofCheckMs = checked.ms / checks;
  log(`proof built: ${proofMs.toFixed(0)} ms (${proof.path.length} steps); proof checked: ${proofCheckMs.toFixed(3)} ms`);

  const ready = historyOf(electionDecider, [freeze, ...candidates], published);
  let s = fold(electionDecider, ready);
  const ballots: ElectionEvent[] = [];
  const issued = await timed(() => {
    for (const voterId of ids) {
      const produced = electionDecider.decide({ type: 'issue-ballot', voterId, stationId: 'assembly', via: 'in-person', at: '2021-04-20T09:00:00+08:00', by }, s);
      s = fold(electionDecider, produced, s);
      ballots.push(...produced);
    }
  });
  const ballotFoldMs = (await timed(() => fold(electionDecider, [...ready, ...ballots]))).ms;
  log(`${voters} ballots issued one by one: ${issued.ms.toFixed(0)} ms; whole stream (${ready.length + ballots.length} events) folded: ${ballotFoldMs.toFixed(0)} ms`);

  const rootMs = await medianMs(() => merkleRoot(hashes));
  log(`baseline: a bare Merkle root over the ${voters} hashes: ${rootMs.toFixed(0)} ms`);
  const served = http ? await measureHttp(new ScratchDir().path, voters, runs, log) : null;
  const freezeHttpMs = served ? median(served.freezeMs) : null;
  const freezeCpuMs = served ? median(served.freezeCpuMs) : null;

  const file = writeResults('election-roll', {
    bench: 'election-roll',
    ...environment(),
    voters,
    runs,
    registerMs: round(registered.ms, 0),
    rollFoldMs: round(foldMs, 0),
    freezeDecideMs: round(freezeMs, 0),
    proofBuildMs: round(proofMs, 1),
    proofSteps: proof.path.length,
    proofCheckMs: round(proofCheckMs, 3),
    ballotsIssueMs: round(issued.ms, 0),
    streamFoldMs: round(ballotFoldMs, 0),
    baselineMerkleRootMs: round(rootMs, 0),
    http: served && {
      note: 'elections service on the embedded default (SQLite, read side in its worker), one election per committee kind on the same 20,000 residents',
      elections: served.kinds,
      publishMs: served.publishMs.map((ms) => round(ms, 0)),
      freezeMs: served.freezeMs.map((ms) => round(ms, 0)),
      freezeMedianMs: round(freezeHttpMs!, 0),
      freezeCpuMsPerOp: round(freezeCpuMs!, 0),
      freezeOverDomainDecide: round(freezeHttpMs! / freezeMs),
      freezeOverBareMerkleRoot: round(freezeHttpMs! / rootMs),
      proofHttpMs: round(served.proofHttpMs, 1),
      proofSteps: served.proofSteps,
      proofCheckMs: round(served.proofCheckMs, 3),
    },
    targets: {
      freezeDecideMs: { max: 2000, met: freezeMs < 2000, note: 'domain share of POST …/roll/freeze' },
      ...(served ? { freezeHttpMs: { max: 2000, met: freezeHttpMs! < 2000, note: 'POST …/roll/freeze answered, median over the committee kinds' } } : {}),
      proofCheckMs: { max: 5, met: (served?.proofCheckMs ?? proofCheckMs) < 5 },
    },
  });
  log(`wrote ${file}`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
