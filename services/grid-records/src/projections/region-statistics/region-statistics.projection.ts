import type { GridRecordsEvent } from '@grid/contracts';
import type { Projection, ProjectionContext } from '@grid/platform';
import { evolveAssistance, initialAssistance, type AssistanceEvent, type AssistanceState, type IsoMonth, type StandardsSet, type StatusRecord } from '../../domain';
import { aggregateIdOf } from '../../application/streams';
import { ASSISTANCE_STREAM_TYPES } from '../assistance/assistance-cases.projection';
import { addInto, changeMonths, householdTally, rememberedLines, shiftMonth, type CaseLine, isZero, monthRange, pendingOf, plus, plusCounts, spanOf, type Tally } from './tally';

export const REGION_STATISTICS = 'grid_statistics';
export const REGION_STATISTICS_HOUSEHOLDS = 'grid_statistics_households';
export const REGION_STATISTICS_CASES = 'grid_statistics_cases';
/** The projection's name (its checkpoint's): named anew when its documents change shape, as it cannot replay over another shape. */
export const REGION_STATISTICS_PROJECTION = 'grid-records.grid-statistics';

/**
 * A grid's statistics for one year up to its cap: January's tally, then each later month's change from the month
 * before (`steps`, by month number `02`…`12`, those that change only): a third of twelve whole tallies.
 */
export interface GridYear {
  gridId: string;
  year: number;
  start: Tally;
  steps: Record<string, Tally>;
}

const MONTH_KEYS = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));

/** A year document from its twelve monthly tallies. */
function yearOf(gridId: string, year: number, months: readonly Tally[]): GridYear {
  const steps: Record<string, Tally> = {};
  for (let i = 1; i < 12; i += 1) {
    const step = plus(months[i]!, months[i - 1]!, -1);
    if (!isZero(step)) steps[MONTH_KEYS[i]!] = step;
  }
  return { gridId, year, start: months[0]!, steps };
}

/** A year document's tally for its month `index` (0 = January). */
export function yearTally(y: Pick<GridYear, 'start' | 'steps'>, index: number, into: Tally = {}): Tally {
  addInto(into, y.start);
  for (let i = 1; i <= index; i += 1) {
    const step = y.steps[MONTH_KEYS[i]!];
    if (step) addInto(into, step);
  }
  return into;
}

/** A year document moved by `d`, twelve monthly differences. */
function moved(y: GridYear, d: readonly Tally[]): GridYear {
  const steps = { ...y.steps };
  for (let i = 1; i < 12; i += 1) {
    const delta = plus(d[i]!, d[i - 1]!, -1);
    if (isZero(delta)) continue;
    const step = plus(steps[MONTH_KEYS[i]!] ?? {}, delta);
    if (isZero(step)) delete steps[MONTH_KEYS[i]!];
    else steps[MONTH_KEYS[i]!] = step;
  }
  return { gridId: y.gridId, year: y.year, start: isZero(d[0]!) ? y.start : plus(y.start, d[0]!), steps };
}

/** A grid's last year with a year document (`cap`) and the applications pending in it now: small, read by every question. */
export interface GridTail {
  gridId: string;
  year: 'tail';
  cap: number;
  pending: Record<string, number>;
}

/**
 * A grid's statistics after its cap: the tally of the cap's next January (`base`) and its changes after that, at the
 * few months any change falls (an age band reached in 2040). Read only for a month past the cap.
 */
export interface GridAfter {
  gridId: string;
  year: 'after';
  base: Tally;
  changes: { month: IsoMonth; tally: Tally }[];
}

/** A household's grid (now) and its cases' states: a change of one is a change of the household's tally. */
interface Household {
  householdId: string;
  gridId: string | null;
  cases: Record<string, AssistanceState>;
}

export const yearId = (gridId: string, year: number): string => `${gridId}:${year}`;
export const tailId = (gridId: string): string => `${gridId}:tail`;
export const afterId = (gridId: string): string => `${gridId}:after`;

/** Year documents run to the end of the year after the event was recorded: a change reaches ~2 of them, not every year to 2046. */
const capOf = (recordedAt: string): number => Number(recordedAt.slice(0, 4)) + 1;

/** The tally for a month after the cap. */
export function tailTally(tail: Pick<GridAfter, 'base' | 'changes'>, month: IsoMonth): Tally {
  let t = tail.base;
  for (const c of tail.changes) if (c.month <= month) t = plus(t, c.tally);
  return t;
}

/** What the statistics read of a case (its pending stage included): other steps leave the tallies as they are. */
const counted = (c: AssistanceState | undefined): string =>
  c
    ? JSON.stringify([c.stage, c.program, c.registration, c.districtId, c.birthYear, c.birthMonth, c.terms, c.grant, c.classHistory, c.suspensions, c.coverage, c.endedOn])
    : '';

/**
 * Moves a grid's statistics from the household's cases `before` to `after` for the months given (the months its
 * tally may differ, up to the grid's cap) and after the cap. Year documents past the old cap are first made from
 * the tail when an event recorded in a later year moves the cap.
 */
async function shift(
  ctx: ProjectionContext,
  book: readonly StandardsSet[],
  gridId: string,
  recordedAt: string,
  before: AssistanceState[],
  after: AssistanceState[],
  monthsUpTo: (capEnd: IsoMonth) => IsoMonth[],
  changed?: { was: AssistanceState | undefined; now: AssistanceState },
): Promise<void> {
  const stored = await ctx.get<GridTail>(REGION_STATISTICS, tailId(gridId));
  const storedAfter = await ctx.get<GridAfter>(REGION_STATISTICS, afterId(gridId));
  let cap = stored?.cap ?? capOf(recordedAt);
  let tail: Pick<GridAfter, 'base' | 'changes'> = { base: storedAfter?.base ?? {}, changes: storedAfter?.changes ?? [] };
  let afterChanged = false;
  while (cap < capOf(recordedAt)) {
    const year = cap + 1;
    const months = monthRange(`${year}-01` as IsoMonth, `${year}-12` as IsoMonth).map((m) => tailTally(tail, m));
    if (months.some((t) => !isZero(t))) await ctx.update<GridYear>(REGION_STATISTICS, yearId(gridId, year), () => yearOf(gridId, year, months));
    const next = `${year + 1}-01` as IsoMonth;
    tail = { base: tailTally(tail, next), changes: tail.changes.filter((c) => c.month > next) };
    cap = year;
    afterChanged = true;
  }

  const capEnd = `${cap}-12` as IsoMonth;
  const line = rememberedLines(book);
  const difference = (m: IsoMonth) => plus(householdTally(after, m, book, line), householdTally(before, m, book, line), -1);
  // Lines change only at their cases' change months: between two, the month before's difference holds.
  const marks = new Set([...before, ...after].flatMap((c) => changeMonths(c, book)));
  const years = new Map<number, Tally[]>();
  let [previousMonth, d]: [IsoMonth | undefined, Tally] = [undefined, {}];
  for (const m of [...new Set(monthsUpTo(capEnd))].sort()) {
    if (previousMonth === undefined || marks.has(m) || shiftMonth(previousMonth, 1) !== m) {
      // One case changed: where its line is the same, so is the household's tally.
      d = changed && sameLine(line, changed.was, changed.now, m) ? {} : difference(m);
    }
    previousMonth = m;
    if (isZero(d)) continue;
    const year = Number(m.slice(0, 4));
    const months = years.get(year) ?? Array.from({ length: 12 }, () => ({}));
    months[Number(m.slice(5, 7)) - 1] = d;
    years.set(year, months);
  }
  for (const [year, d] of years) {
    await ctx.update<GridYear>(REGION_STATISTICS, yearId(gridId, year), (y) => moved(y ?? { gridId, year, start: {}, steps: {} }, d));
  }

  // After the cap: the difference is constant between the months either side's lines can change.
  const first = `${cap + 1}-01` as IsoMonth;
  const later = [...marks].filter((m) => m > first).sort();
  let previous = difference(first);
  const base = isZero(previous) ? tail.base : plus(tail.base, previous);
  afterChanged ||= !isZero(previous);
  const changes = new Map(tail.changes.map((c) => [c.month, c.tally]));
  for (const m of later) {
    const now = difference(m);
    const step = plus(now, previous, -1);
    previous = now;
    if (isZero(step)) continue;
    afterChanged = true;
    const t = plus(changes.get(m) ?? {}, step);
    if (isZero(t)) changes.delete(m);
    else changes.set(m, t);
  }
  if (afterChanged) {
    const next: GridAfter = {
      gridId,
      year: 'after',
      base,
      changes: [...changes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, tally]) => ({ month, tally })),
    };
    await ctx.update<GridAfter>(REGION_STATISTICS, afterId(gridId), () => next);
  }
  const pending = plusCounts(plusCounts(stored?.pending ?? {}, pendingOf(after)), pendingOf(before), -1);
  if (stored && stored.cap === cap && JSON.stringify(stored.pending) === JSON.stringify(pending)) return;
  await ctx.update<GridTail>(REGION_STATISTICS, tailId(gridId), () => ({ gridId, year: 'tail', cap, pending }));
}

const lineOf = (line: (c: StatusRecord, m: IsoMonth) => CaseLine | null, c: AssistanceState | undefined, m: IsoMonth): string => {
  try {
    return c ? JSON.stringify(line(c, m)) : 'null';
  } catch {
    return 'refused';
  }
};
const sameLine = (line: (c: StatusRecord, m: IsoMonth) => CaseLine | null, was: AssistanceState | undefined, now: AssistanceState, m: IsoMonth) =>
  lineOf(line, was, m) === lineOf(line, now, m);

const allMonths = (cases: AssistanceState[]) => (capEnd: IsoMonth) => cases.flatMap((c) => spanOf(c, capEnd));

/**
 * The `grid_statistics` read model (issue 16): per micro-grid, the statistics table of every month, so a
 * district's table is a sum over a document or two per grid (its year's and its tail, or what comes after the cap) instead
 * of every case of the district.
 * A household's tally (its cases' lines, the household counted once a row) is taken out of its grid and put back
 * whenever one of its cases changes what the table reads, or it moves. Its documents gather thousands of streams,
 * so it keeps its idempotence by position (Projection.byPosition), not `_seen`. Amounts use `book`, the standards
 * the service answers with.
 */
export function regionStatisticsProjection(book: readonly StandardsSet[]): Projection<GridRecordsEvent> {
  return {
    name: REGION_STATISTICS_PROJECTION,
    collections: [REGION_STATISTICS, REGION_STATISTICS_HOUSEHOLDS, REGION_STATISTICS_CASES],
    handles: ['grid-records.household.registered', 'grid-records.household.transferred', ...ASSISTANCE_STREAM_TYPES],
    byPosition: true,
    // Its grid documents are rewritten by nearly every batch: 5,000 events a batch (~25 % less CPU than 500 on the 25,000 district).
    rebuildBatch: 5000,
    async apply(e, ctx) {
      if (e.type === 'grid-records.household.registered' || e.type === 'grid-records.household.transferred') {
        const householdId = e.data.householdId;
        const gridId = e.type === 'grid-records.household.registered' ? e.data.gridId : e.data.toGridId;
        const h = await ctx.get<Household>(REGION_STATISTICS_HOUSEHOLDS, householdId);
        const cases = Object.values(h?.cases ?? {});
        if (h?.gridId !== gridId && cases.length > 0) {
          if (h?.gridId) await shift(ctx, book, h.gridId, e.recordedAt, cases, [], allMonths(cases));
          await shift(ctx, book, gridId, e.recordedAt, [], cases, allMonths(cases));
        }
        return ctx.update<Household>(REGION_STATISTICS_HOUSEHOLDS, householdId, () => ({ householdId, gridId, cases: h?.cases ?? {} }));
      }
      const caseId = aggregateIdOf(e.streamId);
      const event = { type: e.type, data: e.data, occurredAt: e.occurredAt } as AssistanceEvent;
      let householdId: string;
      if (event.type === 'grid-records.assistance.applied') {
        householdId = event.data.householdId;
        await ctx.update<{ householdId: string }>(REGION_STATISTICS_CASES, caseId, () => ({ householdId }));
      } else {
        // A stream that does not start with applied is not a case (as in assistance_cases).
        const known = await ctx.get<{ householdId: string }>(REGION_STATISTICS_CASES, caseId);
        if (!known) return;
        householdId = known.householdId;
      }
      const h = await ctx.get<Household>(REGION_STATISTICS_HOUSEHOLDS, householdId);
      const was = h?.cases[caseId];
      if (!was && event.type !== 'grid-records.assistance.applied') return;
      const now = evolveAssistance(event.type === 'grid-records.assistance.applied' ? initialAssistance : was!, event);
      const cases = { ...h?.cases, [caseId]: now };
      const gridId = h?.gridId ?? null;
      await ctx.update<Household>(REGION_STATISTICS_HOUSEHOLDS, householdId, () => ({ householdId, gridId, cases }));
      if (gridId === null || counted(was) === counted(now)) return;
      const before = Object.values(h?.cases ?? {});
      await shift(ctx, book, gridId, e.recordedAt, before, Object.values(cases), (capEnd) => [
        ...(was ? spanOf(was, capEnd) : []),
        ...spanOf(now, capEnd),
      ], { was, now });
    },
  };
}
