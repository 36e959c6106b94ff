/**
 * bench:help-projects — issue 11's targets on the service's own read path (SQLite document store, as `npm start`):
 * the three rates of the whole demo district over a year (< 50 ms), and eligibility for a new project over 100,000
 * households (< 5 s). Households are synthetic grid-records facts (folded by the domain from generated events) with
 * the demo's shape: 3 streets, 12 communities, 48 grids; 低保, 特困 and 护理补贴 statuses, visits, deaths.
 * Baseline, measured in the same run on the same documents: reading them (`find`) without computing anything.
 * As the service does, both read only the households with a status (`hasStatus`): no rate and no rule naming programs
 * counts the others.
 * Each figure: median wall time of the runs, and CPU time (user + system) per operation.
 */
import { SqliteDocumentStore, regionDirectoryCollection, type DocumentStore } from '@grid/platform';
import type { EligibilityRule } from '@grid/contracts';
import { BENEFIT_LISTS, HOUSEHOLDS, JOINT_CASES, Lookups, RegionTree, eligibleHouseholds, foldFacts, householdDoc, ratesOf, type GridRecordsFact } from '@grid/help-projects';
import { Options } from './lib/args';
import { environment, round, writeResults } from './lib/results';
import { collectGarbage, median } from './lib/timing';
import { ScratchDir } from './lib/tmp';

const opts = new Options();
const demoHouseholds = opts.int('demo-households', 2_000);
const manyHouseholds = opts.int('households', 100_000);
const runs = opts.int('runs', 7);
const log = (line: string) => process.stderr.write(`${line}\n`);
const by = { id: 'bench', role: 'grid-worker' };

/** A deterministic pseudo-random stream (mulberry32): the same district every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS = (() => {
  const nodes = [{ regionId: 'd', parentId: null as string | null, level: 'district' }];
  for (let s = 0; s < 3; s++) {
    nodes.push({ regionId: `s${s}`, parentId: 'd', level: 'street' });
    for (let c = 0; c < 4; c++) {
      nodes.push({ regionId: `s${s}c${c}`, parentId: `s${s}`, level: 'community' });
      for (let g = 0; g < 4; g++) nodes.push({ regionId: `s${s}c${c}g${g}`, parentId: `s${s}c${c}`, level: 'grid' });
    }
  }
  return nodes;
})();
const GRIDS = REGIONS.filter((r) => r.level === 'grid').map((r) => r.regionId);

/** The grid-records events of `n` households over 2025–2026, as help-projects reads them off the bus. */
function events(n: number): GridRecordsFact[] {
  const rnd = prng(11);
  const out: GridRecordsFact[] = [];
  let id = 0;
  const fact = (type: string, data: Record<string, unknown>) => out.push({ type, data, eventId: `ev-${++id}`, recordedAt: '2026-01-01T00:00:00Z' } as unknown as GridRecordsFact);
  const day = (year: number) => `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
  for (let i = 0; i < n; i++) {
    const householdId = `h${i}`;
    const size = 1 + Math.floor(rnd() * 3);
    const members = Array.from({ length: size }, (_, k) => ({ personId: `${householdId}p${k}`, birthDate: `${1930 + Math.floor(rnd() * 80)}-06-01` }));
    fact('grid-records.household.registered', { householdId, gridId: GRIDS[i % GRIDS.length], registration: rnd() < 0.6 ? 'rural' : 'urban', members, on: '2015-01-01', by });
    const grant = (program: string, personId: string | null, extra: Record<string, unknown>) => {
      const caseId = `${householdId}-${program}`;
      fact('grid-records.assistance.approved', { caseId, program, householdId, personId, coveredPersonIds: personId ? [personId] : members.map((m) => m.personId), effectiveFrom: day(2025), class: null, careLevel: null, mode: null, ...extra });
      if (rnd() < 0.1) fact('grid-records.assistance.exited', { caseId, program, householdId, personId, endedOn: day(2026) });
    };
    if (rnd() < 0.15) grant('minimum-living', null, { class: (['A', 'B', 'C'] as const)[Math.floor(rnd() * 3)] });
    else if (rnd() < 0.04) grant('extreme-poverty', members[0]!.personId, { careLevel: (['self-care', 'semi-disabled', 'disabled'] as const)[Math.floor(rnd() * 3)], mode: 'dispersed' });
    if (rnd() < 0.05) grant('disability-care', members[0]!.personId, {});
    if (rnd() < 0.2) for (let v = 0; v < 1 + Math.floor(rnd() * 4); v++) fact('grid-records.visit.recorded', { visitId: `${householdId}v${v}`, householdId, visitedOn: day(2026) });
    if (rnd() < 0.01) fact('grid-records.resident.died', { householdId, personId: members[0]!.personId, diedOn: day(2026) });
  }
  return out;
}

async function district(documents: DocumentStore, n: number): Promise<void> {
  const facts = foldFacts(events(n));
  const households = documents.collection(HOUSEHOLDS);
  for (const f of facts.values()) await households.put({ _id: f.householdId, ...householdDoc(f), _seen: {} });
  const directory = documents.collection(regionDirectoryCollection('help-projects'));
  for (const r of REGIONS) await directory.put({ _id: r.regionId, ...r, name: r.regionId, status: 'open', _seen: {} });
  const rnd = prng(7);
  const lists = documents.collection(BENEFIT_LISTS);
  for (const f of facts.values()) if (Object.keys(f.statuses).length > 0 && rnd() < 0.8) await lists.put({ _id: `l-${f.householdId}`, deliveryId: `l-${f.householdId}`, memberId: 'm', householdId: f.householdId, deliveredOn: '2026-04-10', _seen: {} });
  const cases = documents.collection(JOINT_CASES);
  for (let i = 0; i < Math.ceil(n / 40); i++) {
    const grid = GRIDS[i % GRIDS.length]!;
    await cases.put({ _id: `jc${i}`, caseId: `jc${i}`, householdId: `h${i}`, regionId: grid.slice(0, 4), need: 'medical', openedOn: '2026-03-02', steps: [], handledJointlyOn: rnd() < 0.75 ? '2026-03-25' : null, _seen: {} });
  }
}

/** Median wall time and CPU time per op of `runs` runs, a full GC before each. */
async function measure<T>(name: string, times: number, op: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const walls: number[] = [];
  const cpus: number[] = [];
  let value!: T;
  for (let i = 0; i < times; i++) {
    collectGarbage();
    const cpu = process.cpuUsage();
    const start = performance.now();
    value = await op();
    walls.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  const ms = median(walls);
  log(`  ${name}: ${ms.toFixed(1)} ms (median of ${times}), CPU ${median(cpus).toFixed(1)} ms per op`);
  return { ms, cpuMs: median(cpus), value };
}

const NEW_PROJECT: EligibilityRule = { subject: 'person', programs: ['extreme-poverty', 'minimum-living', 'disability-care'], careLevels: ['semi-disabled', 'disabled'], minAge: 60, regionIds: ['d'] };
const HOUSEHOLD_PROJECT: EligibilityRule = { subject: 'household', programs: ['minimum-living', 'extreme-poverty'], registration: 'rural', regionIds: ['d'] };

async function main(): Promise<void> {
  const scratch = new ScratchDir();
  const period = { regionId: 'd', from: '2026-01-01', to: '2026-12-31' };

  log(`demo district: ${demoHouseholds} households`);
  const demoDocs = new SqliteDocumentStore({ path: scratch.file('demo') });
  await district(demoDocs, demoHouseholds);
  const demo = new Lookups(demoDocs);
  const readAll = async () => [await demo.factsWithStatus(), await demo.jointCases(), await demo.benefitLists(period.from, period.to), await RegionTree.load(demoDocs)];
  const ratesBaseline = await measure('rates baseline: read the documents only', runs, readAll);
  const rates = await measure('rates of the district over a year (read + compute)', runs, async () => ratesOf(demo, await RegionTree.load(demoDocs), period));
  const [facts, cases, lists, tree] = [await demo.factsWithStatus(), await demo.jointCases(), await demo.benefitLists(period.from, period.to), await RegionTree.load(demoDocs)];
  const inMemory = { factsWithStatus: async () => facts, jointCases: async () => cases, benefitLists: async () => lists } as unknown as Lookups;
  const ratesCompute = await measure('rates computed on documents already read', runs, () => ratesOf(inMemory, tree, period));
  await demoDocs.close();

  log(`many households: ${manyHouseholds}`);
  const manyDocs = new SqliteDocumentStore({ path: scratch.file('many') });
  await district(manyDocs, manyHouseholds);
  const many = new Lookups(manyDocs);
  const manyRuns = Math.max(3, Math.floor(runs / 2));
  // Both rules name programs: as the API does, only households with a status are read.
  const eligibilityBaseline = await measure('eligibility baseline: read the documents only', manyRuns, () => many.factsWithStatus());
  const allDocuments = await measure('every household document read (no status filter)', manyRuns, () => many.allFacts());
  const eligibility = await measure('eligibility of a new person project (read + evaluate)', manyRuns, async () => eligibleHouseholds(NEW_PROJECT, await many.factsWithStatus(), '2026-07-01', await RegionTree.load(manyDocs)));
  const householdEligibility = await measure('eligibility of a new household project (read + evaluate)', manyRuns, async () => eligibleHouseholds(HOUSEHOLD_PROJECT, await many.factsWithStatus(), '2026-07-01', await RegionTree.load(manyDocs)));
  await manyDocs.close();

  const results = {
    bench: 'help-projects',
    ...environment(),
    runs,
    demoHouseholds,
    households: manyHouseholds,
    rates: { ms: round(rates.ms, 1), cpuMsPerOp: round(rates.cpuMs, 1), baselineMs: round(ratesBaseline.ms, 1), ratioToBaseline: round(rates.ms / ratesBaseline.ms, 2), computeOnlyMs: round(ratesCompute.ms, 1), numerators: rates.value.map((r) => `${r.rate} ${r.numerator}/${r.denominator}`) },
    eligibility: {
      personProject: { ms: round(eligibility.ms, 0), cpuMsPerOp: round(eligibility.cpuMs, 0), eligible: eligibility.value.length },
      householdProject: { ms: round(householdEligibility.ms, 0), cpuMsPerOp: round(householdEligibility.cpuMs, 0), eligible: householdEligibility.value.length },
      baselineMs: round(eligibilityBaseline.ms, 0),
      allDocumentsMs: round(allDocuments.ms, 0),
      ratioToBaseline: round(eligibility.ms / eligibilityBaseline.ms, 2),
    },
    targets: {
      ratesMs: { max: 50, met: rates.ms < 50 },
      eligibilityMs: { max: 5000, met: eligibility.ms < 5000 && householdEligibility.ms < 5000 },
    },
  };
  log(`wrote ${writeResults('help-projects', results)}`);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
