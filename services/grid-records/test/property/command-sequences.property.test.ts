// Property (issue 4, §E): random valid command sequences on the application layer keep the service's invariants,
// and a rebuild of every grid-records read model from the store equals the live documents, `_seen` included.
// Refused commands (422 Refusal, 409 PersonRegisteredElsewhere) are allowed, but must append nothing.
// Reproduce a failure: GRID_PROPERTY_SEED=<seed printed by fast-check> (and the printed path, via GRID_PROPERTY_PATH).
// More runs for a bug hunt: GRID_PROPERTY_RUNS=400 (about 25 s; the default 20 runs take about 1.5 s).
import type { Member } from '@grid/contracts';
import { MemoryDocumentStore, MemoryEventStore, Refusal, createPersonalDataVault, verifyAll, type DocumentStore } from '@grid/platform';
import fc from 'fast-check';
import { startStatusReactions, withReactions, type RefusedReaction } from '../../src/application/assistance/status-reactions';
import { PersonRegisteredElsewhere } from '../../src/application/errors';
import type { NewResident } from '../../src/application/households/people';
import { composeServices, type GridRecordsServices } from '../../src/composition';
import { PROGRAMS, type AssistanceState } from '../../src/domain';
import { CaseLookup } from '../../src/projections/assistance/case-lookup';
import type { HouseholdView } from '../../src/projections/households/household-view';
import { PERSON_INDEX, type PersonEntry } from '../../src/projections/person-index/person-index.projection';
import { PersonLookup } from '../../src/projections/person-index/person-lookup';
import { gridRecordsProjections, rebuildReadModels, startReadModels } from '../../src/projections/read-models';
import { ctx, fixedClock, official } from '../application/fixture';
import { idNumber } from '../application/people';

jest.setTimeout(60_000);

const street = { id: 'street-wang', role: 'street-official' } as const;
const district = official;

// ---------------------------------------------------------------------------------------------------------------
// A pool of residents with valid 身份证 numbers: the same person can be drawn into two households (refused: 409).
// ---------------------------------------------------------------------------------------------------------------
const SURNAMES = ['王', '李', '赵', '孙', '周', '吴', '陈', '刘', '黄', '杨'];
const GIVEN = ['秀英', '建国', '小红', '德胜', '丽华', '文斌', '桂兰', '小龙'];
/** 40 residents, born 1940–2015 (children included), each with a unique 身份证 number. */
const POOL: NewResident[] = Array.from({ length: 40 }, (_, i) => {
  const birth = `${1940 + ((i * 7) % 76)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + ((i * 5) % 28)).padStart(2, '0')}`;
  return {
    relation: 'head',
    name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / 5) % GIVEN.length]}`,
    idNumber: idNumber(`431103${birth}${String(100 + i).padStart(3, '0')}`),
    ...(i % 2 === 0 ? { phone: `1380746${String(1000 + i)}` } : {}),
  };
});

/** Never drawn by a sequence: pokes at moved-out households with someone registered nowhere. */
const STRANGER: NewResident = { relation: 'other', name: '郑新来', idNumber: idNumber('43110319990909999') };

type Relation = Member['relation'];
const RELATIONS: Relation[] = ['spouse', 'child', 'parent', 'grandchild', 'sibling', 'other'];
const REMOVALS = ['moved-away', 'married-out', 'registered-elsewhere', 'other'] as const;

// ---------------------------------------------------------------------------------------------------------------
// The command alphabet. Targets are indexes resolved at run time against what exists (modulo), so most commands
// are valid; `days` moves the calendar forward, so dates never go back.
// ---------------------------------------------------------------------------------------------------------------
type Cmd =
  | { k: 'register'; grid: number; members: number[]; rels: Relation[]; rural: boolean }
  | { k: 'add'; h: number; p: number; rel: Relation }
  | { k: 'remove'; h: number; m: number; reason: (typeof REMOVALS)[number] }
  | { k: 'change-head'; h: number; m: number }
  | { k: 'transfer'; h: number }
  | { k: 'death'; h: number; m: number; newHead: number | null; back: number }
  | { k: 'move-out'; h: number }
  | { k: 'case'; h: number }
  | { k: 'exit'; c: number };
type Step = Cmd & { days: number };

const idx = fc.nat({ max: 50 });
const relation = fc.constantFrom(...RELATIONS);
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      k: fc.constant('register' as const),
      grid: fc.nat({ max: 1 }),
      members: fc.uniqueArray(fc.nat({ max: POOL.length - 1 }), { minLength: 2, maxLength: 4 }),
      rels: fc.array(relation, { minLength: 3, maxLength: 3 }),
      rural: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('add' as const), h: idx, p: fc.nat({ max: POOL.length - 1 }), rel: relation }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('remove' as const), h: idx, m: idx, reason: fc.constantFrom(...REMOVALS) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('change-head' as const), h: idx, m: idx }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('transfer' as const), h: idx }) },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('death' as const),
      h: idx,
      m: idx,
      newHead: fc.option(idx, { nil: null }),
      // Mostly recorded the day it happens; sometimes late (seed 002: deaths reported after statuses kept running).
      back: fc.oneof(fc.constant(0), fc.nat({ max: 40 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('move-out' as const), h: idx }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('case' as const), h: idx }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('exit' as const), c: idx }) },
);
const stepArb: fc.Arbitrary<Step> = fc.tuple(cmdArb, fc.integer({ min: 1, max: 20 })).map(([c, days]) => ({ ...c, days }));

const addDays = (iso: string, n: number): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

// ---------------------------------------------------------------------------------------------------------------
// The service on memory adapters, with the status reactions running (a death or a move ends statuses).
// ---------------------------------------------------------------------------------------------------------------
interface World extends GridRecordsServices {
  store: MemoryEventStore;
  documents: MemoryDocumentStore;
  grids: [string, string];
  refusedReactions: RefusedReaction[];
  stop(): Promise<void>;
}

async function startWorld(): Promise<World> {
  const store = new MemoryEventStore();
  const documents = new MemoryDocumentStore();
  const vault = createPersonalDataVault({ documents, masterKey: Buffer.alloc(32, 7) });
  const readModels = await startReadModels({ store, documents });
  const refusedReactions: RefusedReaction[] = [];
  const reactions = await startStatusReactions({
    store,
    cases: new CaseLookup(documents),
    persons: new PersonLookup(documents),
    readModels,
    onRefused: (r) => refusedReactions.push(r),
  });
  const services = composeServices({ store, documents, vault, readModels: withReactions(readModels, reactions), clock: fixedClock });
  const ids: Record<string, string> = {};
  const tree: [string, 'district' | 'street' | 'community' | 'grid', string | null][] = [
    ['d1', 'district', null],
    ['s1', 'street', 'd1'],
    ['c1', 'community', 's1'],
    ['g1', 'grid', 'c1'],
    ['g2', 'grid', 'c1'],
  ];
  for (const [name, level, parent] of tree)
    ids[name] = (
      await services.regions.create({ parentId: parent ? ids[parent]! : null, level, name, on: '2020-01-01' }, ctx(official))
    ).id;
  let stopped = false;
  return {
    ...services,
    store,
    documents,
    grids: [ids.g1!, ids.g2!],
    refusedReactions,
    async stop() {
      if (stopped) return;
      stopped = true;
      await readModels.caughtUp();
      await reactions.caughtUp();
      await readModels.caughtUp();
      await reactions.close();
      await readModels.close();
    },
  };
}

async function eventCount(store: MemoryEventStore): Promise<number> {
  let n = 0;
  for await (const _ of store.readAll({ batchSize: 1000 })) n += 1;
  return n;
}

const householdDoc = async (w: World, id: string) => (await w.documents.collection('households').get(id)) as HouseholdView | null;
const living = (v: HouseholdView) => v.members.filter((m) => m.leftOn === null && m.diedOn === null);

/** Every document of every read model, bookkeeping (`_seen`) included except the store's own version counter. */
async function snapshot(documents: DocumentStore): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const { projection } of gridRecordsProjections(documents))
    for (const c of projection.collections)
      out[c] = (await documents.collection(c).find())
        .map(({ _version, ...doc }) => doc as Record<string, unknown>)
        .sort((a, b) => String(a._id).localeCompare(String(b._id)));
  return out;
}

const stats = { runs: 0, commands: 0, accepted: new Map<string, number>(), refused: new Map<string, number>() };
const countRefusal = (key: string) => stats.refused.set(key, (stats.refused.get(key) ?? 0) + 1);

// ---------------------------------------------------------------------------------------------------------------
// One sequence: run it, then check the invariants and the rebuild.
// ---------------------------------------------------------------------------------------------------------------
async function runSequence(steps: Step[]): Promise<void> {
  const w = await startWorld();
  try {
    const households: string[] = [];
    const cases: string[] = [];
    const violations: string[] = [];
    let today = '2020-01-10';

    /** One application call: refused cleanly (nothing appended) or accepted. Anything else fails the property. */
    const attempt = async <T>(label: string, call: () => Promise<T>): Promise<T | undefined> => {
      const before = await eventCount(w.store);
      stats.commands += 1;
      try {
        const result = await call();
        stats.accepted.set(label, (stats.accepted.get(label) ?? 0) + 1);
        return result;
      } catch (error) {
        if (!(error instanceof Refusal) && !(error instanceof PersonRegisteredElsewhere)) throw error;
        countRefusal(`${label}:${error.rule}`);
        const after = await eventCount(w.store);
        if (after !== before) violations.push(`${label} refused (${error.rule}) but appended ${after - before} event(s)`);
        return undefined;
      }
    };
    const pickHousehold = (h: number) => (households.length ? households[h % households.length]! : undefined);
    /**
     * A command aimed at a moved-out household must be refused; the one exception the domain documents
     * (decide-life-events.ts) is a late-reported death dated on or before the move-out.
     */
    const movedOutGuard = async (label: string, hid: string, call: () => Promise<unknown>, lateDeathOn?: string) => {
      const before = await householdDoc(w, hid);
      const result = await attempt(label, call);
      if (before?.status !== 'moved-out' || result === undefined) return;
      if (lateDeathOn !== undefined && lateDeathOn <= before.movedOutOn!) return;
      violations.push(`${label} accepted on household ${hid}, moved out on ${before.movedOutOn}`);
    };

    for (const step of steps) {
      today = addDays(today, step.days);
      const on = today;
      switch (step.k) {
        case 'register': {
          const members = step.members.map((p, i) => ({ ...POOL[p]!, relation: i === 0 ? ('head' as const) : step.rels[i - 1]! }));
          const result = await attempt('register', () =>
            w.households.register(
              {
                gridId: w.grids[step.grid]!,
                address: `梅湾路${households.length + 1}号`,
                registration: step.rural ? 'rural' : 'urban',
                members,
                on,
              },
              ctx(),
            ),
          );
          if (result) households.push(result.id);
          break;
        }
        case 'add': {
          const hid = pickHousehold(step.h);
          if (!hid) break;
          await movedOutGuard('add-member', hid, () =>
            w.households.addMember(hid, { member: { ...POOL[step.p]!, relation: step.rel }, on }, ctx()),
          );
          break;
        }
        case 'remove': {
          const hid = pickHousehold(step.h);
          const v = hid && (await householdDoc(w, hid));
          if (!hid || !v) break;
          const candidates = living(v).filter((m) => m.personId !== v.headId);
          const target = (candidates.length ? candidates : v.members)[step.m % (candidates.length || v.members.length)]!;
          await movedOutGuard('remove-member', hid, () =>
            w.households.removeMember(hid, target.personId, { reason: step.reason, on }, ctx()),
          );
          break;
        }
        case 'change-head': {
          const hid = pickHousehold(step.h);
          const v = hid && (await householdDoc(w, hid));
          if (!hid || !v) break;
          const candidates = living(v).filter((m) => m.personId !== v.headId);
          const target = (candidates.length ? candidates : v.members)[step.m % (candidates.length || v.members.length)]!;
          await movedOutGuard('change-head', hid, () => w.households.changeHead(hid, { personId: target.personId, on }, ctx()));
          break;
        }
        case 'transfer': {
          const hid = pickHousehold(step.h);
          const v = hid && (await householdDoc(w, hid));
          if (!hid || !v) break;
          const toGridId = v.gridId === w.grids[0] ? w.grids[1] : w.grids[0];
          await movedOutGuard('transfer', hid, () => w.households.transfer(hid, { toGridId, on }, ctx()));
          break;
        }
        case 'death': {
          const hid = pickHousehold(step.h);
          const v = hid && (await householdDoc(w, hid));
          if (!hid || !v) break;
          const alive = living(v);
          const target = (alive.length ? alive : v.members)[step.m % (alive.length || v.members.length)]!;
          const others = alive.filter((m) => m.personId !== target.personId);
          const newHeadId =
            target.personId === v.headId && others.length && step.newHead !== null
              ? others[step.newHead % others.length]!.personId
              : undefined;
          // diedOn: today or up to 40 days back, never before the birth date (the pool's births are all before 2016).
          const diedOn = addDays(on, -step.back) < target.birthDate ? target.birthDate : addDays(on, -step.back);
          await movedOutGuard(
            'record-death',
            hid,
            () =>
              w.households.recordDeath(
                hid,
                target.personId,
                { diedOn, evidence: 'death-certificate', ...(newHeadId ? { newHeadId } : {}) },
                ctx(),
              ),
            diedOn,
          );
          break;
        }
        case 'move-out': {
          const hid = pickHousehold(step.h);
          if (!hid) break;
          await movedOutGuard('move-out', hid, () => w.households.moveOut(hid, { on }, ctx()));
          break;
        }
        case 'case': {
          // 低保 through every step its program has, each step its own command (a refused step leaves the case pending).
          const hid = pickHousehold(step.h);
          if (!hid) break;
          const def = PROGRAMS['minimum-living'];
          const opened = await attempt('open', () => w.assistance.open(hid, { program: 'minimum-living', appliedOn: on }, ctx()));
          if (!opened) break;
          cases.push(opened.id);
          const id = opened.id;
          if (def.homeCheck) {
            const ok = await attempt('home-check', () =>
              w.assistance.step(id, { step: 'home-check', effectiveDate: addDays(on, 1), findings: ['verified'] }, ctx()),
            );
            if (!ok) break;
          }
          const reviewed = await attempt('review', () =>
            w.assistance.step(
              id,
              { step: 'review', effectiveDate: addDays(on, 2), recommended: true, ...(def.classes ? { class: 'B' as const } : {}) },
              ctx(street),
            ),
          );
          if (!reviewed) break;
          if (def.notice) {
            const ok = await attempt('notice', () =>
              w.assistance.step(id, { step: 'notice', effectiveDate: addDays(on, 3), days: 7 }, ctx(street)),
            );
            if (!ok) break;
          }
          await attempt('approve', () =>
            w.assistance.step(id, { step: 'approve', effectiveDate: addDays(on, 12), decidedOn: addDays(on, 12) }, ctx(district)),
          );
          today = addDays(on, 13);
          break;
        }
        case 'exit': {
          if (!cases.length) break;
          const id = cases[step.c % cases.length]!;
          await attempt('exit', () => w.assistance.step(id, { step: 'exit', effectiveDate: on, reason: '收入超标' }, ctx(district)));
          break;
        }
      }
    }

    // Moved-out households accept no change, whatever it is (a final poke at each).
    for (const hid of households) {
      const v = await householdDoc(w, hid);
      if (v?.status !== 'moved-out') continue;
      const someone = v.members[0]!.personId;
      const next = addDays(today, 1);
      await movedOutGuard('poke:add-member', hid, () => w.households.addMember(hid, { member: STRANGER, on: next }, ctx()));
      await movedOutGuard('poke:change-head', hid, () => w.households.changeHead(hid, { personId: someone, on: next }, ctx()));
      await movedOutGuard('poke:transfer', hid, () =>
        w.households.transfer(hid, { toGridId: v.gridId === w.grids[0] ? w.grids[1] : w.grids[0], on: next }, ctx()),
      );
    }

    await w.stop(); // the live runners stop before the rebuild (read-models.ts)
    violations.push(...(await invariants(w, households, cases)));

    // The rebuild: every projection replayed from the store into a fresh document store equals the live one.
    const live = await snapshot(w.documents);
    const rebuilt = new MemoryDocumentStore();
    await rebuildReadModels(w.store, rebuilt);
    expect(violations).toEqual([]);
    expect(await snapshot(rebuilt)).toEqual(live);
    stats.runs += 1;
  } finally {
    await w.stop();
  }
}

async function invariants(w: World, households: string[], cases: string[]): Promise<string[]> {
  const out: string[] = [];
  const verified = await verifyAll(w.store);
  if (!verified.ok) out.push(`verifyAll: ${JSON.stringify(verified)}`);

  const docs = new Map<string, HouseholdView>();
  for (const hid of households) {
    const v = await householdDoc(w, hid);
    if (!v) {
      out.push(`household ${hid}: no read model document`);
      continue;
    }
    docs.set(hid, v);
    const stream = await w.store.readStream(`household-${hid}`);
    const last = stream[stream.length - 1]!.streamRevision;
    if (v.revision !== last) out.push(`household ${hid}: read model revision ${v.revision} ≠ stream revision ${last}`);
  }

  // Every live household has exactly one living head, the one it names; nobody lives in two live households.
  const livingIn = new Map<string, string>();
  const livingHash = new Map<string, string>();
  for (const [hid, v] of docs) {
    if (v.status !== 'active') continue;
    const alive = living(v);
    // Relations stay as registered (domain evolve.ts): headId is the truth about who is head.
    const heads = alive.filter((m) => m.personId === v.headId);
    if (heads.length !== 1) out.push(`household ${hid}: headId ${v.headId} is not exactly one living member (${heads.length})`);
    for (const m of alive) {
      const other = livingIn.get(m.personId) ?? livingHash.get(m.idHash);
      if (other) out.push(`person ${m.personId} lives in ${other} and ${hid}`);
      livingIn.set(m.personId, hid);
      livingHash.set(m.idHash, hid);
    }
  }
  // person_index agrees, both ways.
  const index = (await w.documents.collection(PERSON_INDEX).find()) as unknown as PersonEntry[];
  const byPerson = new Map(index.map((e) => [e.personId, e]));
  for (const [personId, hid] of livingIn) {
    const e = byPerson.get(personId);
    if (!e || e.householdId !== hid || e.status !== 'member') out.push(`person_index ${personId}: ${JSON.stringify(e)}, lives in ${hid}`);
  }
  for (const e of index)
    if (e.status === 'member' && livingIn.get(e.personId) !== e.householdId)
      out.push(`person_index ${e.personId} says member of ${e.householdId}, living in ${livingIn.get(e.personId) ?? 'none'}`);
  const hashes = index.filter((e) => e.status === 'member').map((e) => e.idHash);
  if (new Set(hashes).size !== hashes.length) out.push('person_index: one idHash is a member twice');

  // A dead person has no status in force after diedOn; a moved-out household none after its move.
  const states = new Map<string, AssistanceState>();
  for (const id of cases) {
    const s = await w.assistance.state(id);
    if (s) states.set(id, s);
  }
  for (const [hid, v] of docs) {
    for (const m of v.members) {
      if (m.diedOn === null) continue;
      if (v.statuses.some((s) => s.personId === m.personId)) out.push(`household ${hid}: dead ${m.personId} keeps a status`);
      for (const [id, s] of states) {
        if (!s.grant || (s.endedOn !== null && s.endedOn <= m.diedOn)) continue;
        if (s.personId === m.personId) out.push(`case ${id}: person program of dead ${m.personId} not ended by ${m.diedOn}`);
        const c = s.coverage.find((x) => x.personId === m.personId);
        if (c && (c.until === null || c.until > m.diedOn))
          out.push(`case ${id}: dead ${m.personId} (died ${m.diedOn}) still covered until ${c.until}`);
      }
    }
    if (v.status === 'moved-out') {
      if (v.statuses.length) out.push(`household ${hid}: moved out on ${v.movedOutOn} but keeps ${v.statuses.length} status(es)`);
      for (const [id, s] of states)
        if (s.householdId === hid && s.grant && (s.endedOn === null || s.endedOn > v.movedOutOn!))
          out.push(`case ${id}: household moved out on ${v.movedOutOn}, case ended ${s.endedOn}`);
    }
  }
  if (w.refusedReactions.length) out.push(`refused reactions: ${JSON.stringify(w.refusedReactions)}`);
  return out;
}

describe('random valid command sequences (fast-check)', () => {
  afterAll(() => {
    const list = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
    const total = (m: Map<string, number>) => [...m.values()].reduce((n, c) => n + c, 0);
    const show = (m: Map<string, number>) =>
      list(m)
        .map(([k, c]) => `${k}×${c}`)
        .join(', ');
    process.stdout.write(
      `[property] sequences checked ${stats.runs}, commands ${stats.commands}\n` +
        `  accepted ${total(stats.accepted)}: ${show(stats.accepted)}\n  refused ${total(stats.refused)}: ${show(stats.refused)}\n`,
    );
  });

  it('keep the invariants, and a rebuild of the read models equals the live ones', async () => {
    const seed = process.env.GRID_PROPERTY_SEED ? Number(process.env.GRID_PROPERTY_SEED) : undefined;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 30, size: 'max' }), (steps) => runSequence(steps)),
      {
        numRuns: Number(process.env.GRID_PROPERTY_RUNS ?? 20),
        ...(seed !== undefined ? { seed } : {}),
        ...(process.env.GRID_PROPERTY_PATH ? { path: process.env.GRID_PROPERTY_PATH } : {}),
      },
    );
  });
});
