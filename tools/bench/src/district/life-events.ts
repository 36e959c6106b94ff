import { Refusal, type CommandContext } from '@grid/platform';
import {
  type Actor,
  addDays,
  ageOn,
  daysBetween,
  givenName,
  mobile,
  streetOfficial,
  type GridRecordsServices,
  type HouseholdPlan,
  type IsoDate,
  type Prng,
  type SeedRun,
} from '@grid/grid-records';

/**
 * What happens to a household after the demo seed's history of it (registration, births, certificates, assistance
 * lifecycles with their reviews, visits, a death recorded late): the rest of five years of a district's life, as
 * plain data from the household's own generator. Rates are per household over the period, made up but plausible.
 */
export type LifeEvent =
  | { kind: 'phone-correction'; member: number; phone: string }
  | { kind: 'name-correction'; member: number; name: string }
  | { kind: 'member-left'; member: number; on: IsoDate; reason: 'married-out' | 'moved-away' }
  | { kind: 'transfer'; toGridKey: string; toBuildingKey?: string; on: IsoDate }
  | { kind: 'move-out'; on: IsoDate };

/** Micro-grids by community (plan keys), with their buildings, where a household may move to (搬家 within the district). */
export type Neighbourhoods = Map<string, { microKey: string; buildings: string[] }[]>;

const RATES = { phone: 0.05, name: 0.01, memberLeft: 0.05, transfer: 0.06, moveOut: 0.02 } as const;

/** The last date the seed's plan uses for this household: its later life starts after it. */
export function lastPlannedDate(h: HouseholdPlan): IsoDate {
  const dates = [
    h.registeredOn,
    ...h.births.map((b) => b.on),
    ...h.disabilities.map((d) => d.certifiedOn),
    ...h.cases.flatMap((c) => [c.open.appliedOn, ...c.steps.map((s) => s.step.effectiveDate)]),
    ...h.visits.map((v) => v.visitedOn),
    ...(h.death ? [h.death.diedOn] : []),
  ];
  return dates.reduce((a, b) => (a > b ? a : b));
}

export function planLifeEvents(rng: Prng, h: HouseholdPlan, neighbourhoods: Neighbourhoods, asOf: IsoDate): LifeEvent[] {
  const from = addDays(lastPlannedDate(h), 1);
  const span = daysBetween(from, asOf);
  if (span < 30) return [];
  const day = (lo = 0, hi = span) => addDays(from, rng.int(lo, hi));
  const living = h.members.map((_, i) => i).filter((i) => i !== h.death?.member);
  if (living.length === 0) return []; // its one member died: the household has ended
  const events: LifeEvent[] = [];
  if (rng.chance(RATES.phone)) events.push({ kind: 'phone-correction', member: rng.pick(living), phone: mobile(rng) });
  if (rng.chance(RATES.name)) {
    const member = rng.pick(living);
    const m = h.members[member]!;
    // A correction to the name already recorded is refused (`no-change`): draw another given name.
    const names = Array.from({ length: 4 }, () => `${m.name.slice(0, 1)}${givenName(rng, m.sex, m.birthDate)}`);
    const name = names.find((n) => n !== m.name);
    if (name) events.push({ kind: 'name-correction', member, name });
  }
  const grownUp = living.filter(
    (i) => i > 0 && ['child', 'grandchild'].includes(h.members[i]!.relation) && ageOn(h.members[i]!.birthDate, asOf) >= 20,
  );
  if (grownUp.length > 0 && rng.chance(RATES.memberLeft))
    events.push({
      kind: 'member-left',
      member: rng.pick(grownUp),
      on: day(0, span >> 1),
      reason: rng.chance(0.6) ? 'married-out' : 'moved-away',
    });
  const community = h.gridKey.replace(/gm\d+$/, '');
  const elsewhere = (neighbourhoods.get(community) ?? []).filter((p) => p.microKey !== h.gridKey);
  if (elsewhere.length > 0 && rng.chance(RATES.transfer)) {
    const to = rng.pick(elsewhere);
    events.push({
      kind: 'transfer',
      toGridKey: to.microKey,
      ...(to.buildings.length > 0 ? { toBuildingKey: rng.pick(to.buildings) } : {}),
      on: day((span >> 1) + 1, span - 10),
    });
  }
  if (rng.chance(RATES.moveOut)) events.push({ kind: 'move-out', on: day(span - 9, span) });
  return events;
}

/**
 * Runs a household's later life through the application commands, in plan order, each by the role that takes it:
 * the grid worker records corrections, departures and moves; the street's official confirms a name correction
 * (信息更正 of a name needs an official, decide-corrections.ts). Returns how many commands it issued.
 */
export async function runLifeEvents(
  services: Pick<GridRecordsServices, 'households' | 'corrections'>,
  run: SeedRun,
  h: HouseholdPlan,
  householdId: string,
  personIds: string[],
  events: LifeEvent[],
): Promise<{ commands: number; refused?: string }> {
  const worker = run.workerFor(h.gridKey);
  const ctx = (label: string, actor = worker) => run.ctx(`household:${h.key}:life:${label}`, actor);
  let commands = 0;
  for (const e of events) {
    try {
      commands += await runLifeEvent(services, run, h, householdId, personIds, e, ctx);
    } catch (error) {
      // A rule the plan did not foresee refuses it: counted by rule (the test asserts none), the household's later life dropped.
      if (error instanceof Refusal) return { commands, refused: error.rule };
      throw error;
    }
  }
  return { commands };
}

async function runLifeEvent(
  services: Pick<GridRecordsServices, 'households' | 'corrections'>,
  run: SeedRun,
  h: HouseholdPlan,
  householdId: string,
  personIds: string[],
  e: LifeEvent,
  ctx: (label: string, actor?: Actor) => CommandContext,
): Promise<number> {
  switch (e.kind) {
    case 'phone-correction':
      await services.corrections.request(householdId, personIds[e.member]!, { phone: e.phone, reason: '本人更换手机号码' }, ctx('phone'));
      return 1;
    case 'name-correction': {
      const personId = personIds[e.member]!;
      const input = { name: e.name, reason: '登记姓名与户口簿不一致', evidence: '户口簿本人页复印件' };
      const { correctionId, state } = await services.corrections.request(householdId, personId, input, ctx('name'));
      if (state === 'pending')
        await services.corrections.confirm(householdId, personId, correctionId, ctx('name-confirm', streetOfficial(h.gridKey)));
      return 2;
    }
    case 'member-left':
      await services.households.removeMember(householdId, personIds[e.member]!, { reason: e.reason, on: e.on }, ctx('left'));
      return 1;
    case 'transfer':
      await services.households.transfer(
        householdId,
        { toGridId: run.regionIds[e.toGridKey]!, ...(e.toBuildingKey ? { buildingId: run.regionIds[e.toBuildingKey]! } : {}), on: e.on },
        ctx('transfer'),
      );
      return 1;
    case 'move-out':
      await services.households.moveOut(householdId, { on: e.on }, ctx('move-out'));
      return 1;
  }
}
