import { isGridRecordsEvent, type Actor } from '@grid/contracts';
import { hashedUuid, newId, type CommandContext, type EventStore } from '@grid/platform';
import { householdStream } from '../application/streams';
import type { GridRecordsServices } from '../composition';
import { runStatuses } from './statuses';
import { planDistrict, TREE_ON, type HouseholdPlan, type RegionPlan, type SeedOptions, type SeedPlan } from './plan';

export interface SeedProgress {
  phase: 'regions' | 'households';
  done: number;
  total: number;
}

export interface SeedRunOptions extends Partial<SeedOptions> {
  /** Households written at once: appends that meet in the store are group-committed into one fsync (default 32). */
  concurrency?: number;
  /** Called after each phase and every `progressEvery` households (default 250). Counts only: never personal data. */
  onProgress?: (progress: SeedProgress) => void;
  progressEvery?: number;
  /** Assistance cases and visits (default true); false seeds people only. */
  statuses?: boolean;
  /** Stops issuing commands (those in flight finish), then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Where the seeded district's nodes and workers are: ids only, no personal data. */
export interface SeedLayout {
  districtId: string;
  /** Region id by plan key (`d`, `s1`, `s1c1`, `s1c1g`, `s1c1gm1`, …). */
  regionIds: Record<string, string>;
  /** Region names by plan key (public names of places, for banners). */
  regionNames: Record<string, string>;
  /** Grid workers with the grid or micro-grid each is assigned to. */
  workers: { workerId: string; gridKey: string; gridId: string }[];
}

export interface SeedResult extends SeedLayout {
  options: SeedOptions;
  /** Every seeded household by plan key, with its micro-grid; `active` false once its last member died. */
  households: { key: string; id: string; gridId: string; active: boolean }[];
  counts: { regions: number; workers: number; households: number } & HouseholdCounts;
  ms: number;
}

export interface HouseholdCounts {
  residents: number;
  births: number;
  disabilities: number;
  deaths: number;
  /** Assistance cases opened, the lifecycle steps taken on them, and care visits recorded. */
  cases: number;
  caseSteps: number;
  visits: number;
}

export const noCounts = (): HouseholdCounts => ({ residents: 0, births: 0, disabilities: 0, deaths: 0, cases: 0, caseSteps: 0, visits: 0 });

/** What the seeder drives: the application's command objects (the real command path), and the store for reading back. */
export interface SeedTarget {
  services: Pick<GridRecordsServices, 'regions' | 'households' | 'vault' | 'idRefs' | 'assistance' | 'visits'>;
  store: EventStore;
}

/**
 * Commands in flight. 32, not 16, since each person's registration also claims their ID number (identity-<idHash>):
 * one more append per person, which group-commits with the others (2,000 households: ≈ 6.0 s at 16, ≈ 5.4 s at 32).
 */
const DEFAULT_CONCURRENCY = 32;

/** Recorded on every seeded event (`reason`), so an auditor can tell demo data from real records. */
export const SEED_REASON = '演示数据 · demo seed';
export const SEED_DISTRICT_OFFICIAL: Actor = { id: 'seed-district-official', role: 'district-official' };

/**
 * Seeds the planned district through the grid-records application commands, each step by the role that takes it
 * in life: a district official builds the tree and rosters; each micro-grid's grid worker registers households,
 * opens assistance cases, does home checks and visits; the street's official reviews and notices; the level the
 * program requires approves. Event ids, and so every aggregate id, derive from the seed (as an Idempotency-Key's
 * do): the same seed names the same regions, households and cases on every run.
 */
export async function seedDistrict(target: SeedTarget, options: SeedRunOptions = {}): Promise<SeedResult> {
  const started = performance.now();
  const plan = planDistrict(options);
  const run = new SeedRun(target, plan, options);
  await run.regions();
  const counts = await run.households(plan.households);
  return {
    options: plan.options,
    ...layoutOf(plan),
    households: plan.households.map((h) => ({
      key: h.key,
      id: run.householdIds.get(h.key)!,
      gridId: run.regionIds[h.gridKey]!,
      active: !(h.death && h.members.length + h.births.length === 1),
    })),
    counts: { regions: plan.regions.length, workers: plan.workers.length, households: plan.households.length, ...counts },
    ms: performance.now() - started,
  };
}

/** The ids a seed gives its regions, computed without a store: they derive from the seed's event ids. */
export function seedLayout(options: Partial<SeedOptions> = {}): SeedLayout {
  return layoutOf(planDistrict({ ...options, households: 0 }));
}

function layoutOf(plan: Omit<SeedPlan, 'households'>): SeedLayout {
  const regionIds = Object.fromEntries(plan.regions.map((r) => [r.key, seededRegionId(plan.options.seed, r.key)]));
  return {
    districtId: regionIds.d!,
    regionIds,
    regionNames: Object.fromEntries(plan.regions.map((r) => [r.key, r.name])),
    workers: plan.workers.map((w) => ({ workerId: w.workerId, gridKey: w.gridKey, gridId: regionIds[w.gridKey]! })),
  };
}

const seedCtx = (seed: number, key: string, actor: Actor): CommandContext => ({
  actor,
  correlationId: `seed-${seed}`,
  reason: SEED_REASON,
  idSeed: seedIdSeed(seed, key),
});

/** RegionCommands.create names the node `newId(ctx, 'region')`: the same derivation, ahead of time. */
const seededRegionId = (seed: number, key: string): string => newId(seedCtx(seed, `region:${key}`, SEED_DISTRICT_OFFICIAL), 'region');

/**
 * Executes a plan: `regions()` once, then `household(h)` for each household (seedDistrict does all of them; the
 * district-scale generator in tools/bench runs them in checkpointed batches). Region ids are known from the seed
 * ahead of `regions()`, so a resumed run can go straight to households.
 */
export class SeedRun {
  readonly regionIds: Record<string, string>;
  readonly householdIds = new Map<string, string>();
  private readonly workerOf = new Map<string, string>();

  constructor(
    private readonly target: SeedTarget,
    private readonly plan: Omit<SeedPlan, 'households'>,
    private readonly options: SeedRunOptions,
  ) {
    for (const w of plan.workers) this.workerOf.set(w.gridKey, w.workerId);
    this.regionIds = layoutOf(plan).regionIds;
  }

  ctx(key: string, actor: Actor): CommandContext {
    return seedCtx(this.plan.options.seed, key, actor);
  }

  private progress(phase: SeedProgress['phase'], done: number, total: number): void {
    this.options.onProgress?.({ phase, done, total });
  }

  /** Level by level (a node needs its parent), each level's nodes at once. */
  async regions(): Promise<void> {
    const { regions: commands } = this.target.services;
    const levels = ['district', 'street', 'community', 'grid', 'micro-grid', 'building'] as const;
    for (const level of levels) {
      const nodes = this.plan.regions.filter((r) => r.level === level);
      await pool(
        nodes,
        this.options.concurrency ?? DEFAULT_CONCURRENCY,
        async (r: RegionPlan) => {
          const parentId = r.parentKey === null ? null : this.regionIds[r.parentKey]!;
          const input = {
            parentId,
            level: r.level,
            ...(r.kind ? { kind: r.kind } : {}),
            name: r.name,
            ...(r.code ? { code: r.code } : {}),
            on: TREE_ON,
          };
          const { id } = await commands.create(input, this.ctx(`region:${r.key}`, SEED_DISTRICT_OFFICIAL));
          if (id !== seededRegionId(this.plan.options.seed, r.key))
            throw new Error(`seed: region ${r.key} got an id the layout does not predict`);
          this.regionIds[r.key] = id;
        },
        this.options.signal,
      );
    }
    await pool(
      this.plan.workers,
      this.options.concurrency ?? DEFAULT_CONCURRENCY,
      async (w) => {
        await commands.assignWorker(
          this.regionIds[w.gridKey]!,
          { workerId: w.workerId, from: w.from },
          this.ctx(`roster:${w.workerId}`, SEED_DISTRICT_OFFICIAL),
        );
      },
      this.options.signal,
    );
    this.progress('regions', this.plan.regions.length, this.plan.regions.length);
  }

  /** The grid worker of a micro-grid (plan key), who records its households' lives. */
  workerFor(gridKey: string): Actor {
    return { id: this.workerOf.get(gridKey)!, role: 'grid-worker' };
  }

  async households(plans: readonly HouseholdPlan[]): Promise<HouseholdCounts> {
    const counts = noCounts();
    const total = plans.length;
    const every = this.options.progressEvery ?? 250;
    let done = 0;
    await pool(
      plans,
      this.options.concurrency ?? DEFAULT_CONCURRENCY,
      async (h) => {
        const { id, counts: c } = await this.household(h);
        this.householdIds.set(h.key, id);
        for (const k of Object.keys(counts) as (keyof HouseholdCounts)[]) counts[k] += c[k];
        done += 1;
        if (done % every === 0 && done < total) this.progress('households', done, total);
      },
      this.options.signal,
    );
    this.progress('households', total, total);
    return counts;
  }

  /**
   * One household's life in order: registration, births, certificates, its assistance cases and visits, and a
   * death last (recorded after the statuses it ends, as seed 002 says deaths often are). Dates come from the plan.
   */
  async household(h: HouseholdPlan): Promise<{ id: string; counts: HouseholdCounts; personIds: string[] }> {
    const { households } = this.target.services;
    const worker = this.workerFor(h.gridKey);
    const gridId = this.regionIds[h.gridKey]!;
    const members = h.members.map(({ relation, name, idNumber, phone }) => ({ relation, name, idNumber, ...(phone ? { phone } : {}) }));
    const { id } = await households.register(
      {
        gridId,
        ...(h.buildingKey ? { buildingId: this.regionIds[h.buildingKey]! } : {}),
        address: h.address,
        registration: h.registration,
        members,
        on: h.registeredOn,
      },
      this.ctx(`household:${h.key}`, worker),
    );
    for (const [i, b] of h.births.entries()) {
      const member = { relation: b.relation, name: b.name, idNumber: b.idNumber };
      await households.addMember(id, { member, on: b.on }, this.ctx(`household:${h.key}:birth:${i}`, worker));
    }
    const statuses = this.options.statuses !== false && (h.cases.length > 0 || h.visits.length > 0);
    const personIds = h.disabilities.length > 0 || h.death || statuses ? await this.personIds(id, h) : [];
    for (const d of [...h.disabilities].sort((a, b) => (a.certifiedOn < b.certifiedOn ? -1 : 1))) {
      // 第二代残疾证 number: the holder's 身份证 number, then kind and grade digits (sealed like the ID itself).
      const certificateNo = `${h.members[d.member]!.idNumber}${KIND_DIGIT[d.kind]}${d.grade}`;
      const input = { kind: d.kind, grade: d.grade, certificateNo, certifiedOn: d.certifiedOn };
      await households.certifyDisability(id, personIds[d.member]!, input, this.ctx(`household:${h.key}:disability:${d.member}`, worker));
    }
    const written = statuses
      ? await runStatuses(
          this.target.services,
          h,
          id,
          personIds,
          { worker, street: streetOfficial(h.gridKey), streetDecider: streetOfficial(h.gridKey, 'head'), district: SEED_DISTRICT_OFFICIAL },
          (k, a) => this.ctx(k, a),
        )
      : { cases: 0, steps: 0, visits: 0 };
    if (h.death) {
      const input = { diedOn: h.death.diedOn, evidence: h.death.evidence };
      await households.recordDeath(id, personIds[h.death.member]!, input, this.ctx(`household:${h.key}:death`, worker));
    }
    const counts = {
      residents: h.members.length + h.births.length,
      births: h.births.length,
      disabilities: h.disabilities.length,
      deaths: h.death ? 1 : 0,
      cases: written.cases,
      caseSteps: written.steps,
      visits: written.visits,
    };
    return { id, counts, personIds };
  }

  /** Person ids the registration gave the founding members, matched by their ID numbers' references (members keep their order). */
  async personIds(householdId: string, h: HouseholdPlan): Promise<string[]> {
    const [first] = await this.target.store.readStream(householdStream(householdId), { maxCount: 1 });
    const sealed = first && isGridRecordsEvent(first) && first.type === 'grid-records.household.registered' ? first.data.members : [];
    const refs = await Promise.all(h.members.map((m) => this.target.services.idRefs.find(m.idNumber)));
    return h.members.map((_, i) => {
      const found = sealed[i];
      if (!found || found.idHash !== refs[i]) throw new Error(`seed: household ${h.key} member ${i} not found as registered`);
      return found.personId;
    });
  }
}

/** A township / sub-district official of a household's street (plan keys start `s<n>`): its reviewer, or its head who decides. */
export const streetOfficial = (gridKey: string, post: 'official' | 'head' = 'official'): Actor => ({
  id: `seed-street-${post}-${/^s\d+/.exec(gridKey)![0]}`,
  role: 'street-official',
});

const KIND_DIGIT: Record<string, number> = { visual: 1, hearing: 2, speech: 3, physical: 4, intellectual: 5, mental: 6, multiple: 7 };

/** The id seed of one seeded command: the same seed and key, the same ids (the regions' ids are known ahead). */
export const seedIdSeed = (seed: number, key: string): string => hashedUuid('grid-records.seed', seed, key, 0);

/** Runs `fn` over `items` with at most `limit` in flight; the first failure stops new work and is thrown. */
export async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  let failed: unknown;
  const lane = async () => {
    while (failed === undefined && !signal?.aborted && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (error) {
        failed ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failed !== undefined) throw failed;
  signal?.throwIfAborted();
}
