import type { LivingClass, ProgramCode } from '@grid/contracts';
import {
  PENDING_STAGES,
  PROGRAMS,
  classOn,
  coveredIn,
  currentEnd,
  inForceDays,
  monthOf,
  monthlyAmount,
  standardsFor,
  type AssistanceState,
  type IsoMonth,
  type StandardsSet,
  type StatusRecord,
} from '../../domain';

/** One case's line of a month's statistics table (null: not in force that month). Throws as the standards lookup does. */
export interface CaseLine {
  program: ProgramCode;
  class: LivingClass | null;
  persons: number;
  fen: number;
  standards: string;
}

export function caseLine(c: StatusRecord, month: IsoMonth, book: readonly StandardsSet[]): CaseLine | null {
  const days = inForceDays(c, month);
  if (days.length === 0) return null;
  const def = PROGRAMS[c.program];
  const until = days.at(-1)!.until;
  return {
    program: c.program,
    class: def.classes ? classOn(c, until) : null,
    persons: def.subject === 'household' ? coveredIn(c, days).length : 1,
    fen: monthlyAmount(c, book, month),
    standards: standardsFor(book, c.districtId, until).id,
  };
}

/**
 * What some households add to a month's statistics table: per row (`program/class`) households, persons and fen;
 * households with any row; standards sets by how many households used them; `x`, households whose cases the
 * standards lookup refused (the reader then answers as the cases do). Zeros are left out, so equal tallies are
 * equal documents.
 */
export interface Tally {
  r?: Record<string, [number, number, number]>;
  h?: number;
  s?: Record<string, number>;
  x?: number;
}

export const rowKey = (program: ProgramCode, cls: LivingClass | null): string => `${program}/${cls ?? ''}`;

/** One household's tally for a month, from its cases' states (`line`: caseLine, or one that remembers its answers). */
export function householdTally(
  cases: readonly StatusRecord[],
  month: IsoMonth,
  book: readonly StandardsSet[],
  line$: (c: StatusRecord, month: IsoMonth) => CaseLine | null = (c, m) => caseLine(c, m, book),
): Tally {
  const r: Record<string, [number, number, number]> = {};
  const s: Record<string, number> = {};
  try {
    for (const c of cases) {
      const line = line$(c, month);
      if (!line) continue;
      const row = (r[rowKey(line.program, line.class)] ??= [1, 0, 0]);
      row[1] += line.persons;
      row[2] += line.fen;
      s[line.standards] = 1;
    }
  } catch {
    return { x: 1 };
  }
  return Object.keys(r).length === 0 ? {} : { r, h: 1, s };
}

/** a + sign × b, zeros left out. */
export function plus(a: Tally, b: Tally, sign = 1): Tally {
  const out: Tally = {};
  const r: Record<string, [number, number, number]> = {};
  for (const [key, v] of Object.entries(a.r ?? {})) r[key] = [...v];
  for (const [key, v] of Object.entries(b.r ?? {})) {
    const row = (r[key] ??= [0, 0, 0]);
    for (let i = 0; i < 3; i += 1) row[i] = row[i]! + sign * v[i]!;
  }
  for (const [key, v] of Object.entries(r)) if (v.every((n) => n === 0)) delete r[key];
  if (Object.keys(r).length > 0) out.r = r;
  const s: Record<string, number> = { ...a.s };
  for (const [key, n] of Object.entries(b.s ?? {})) s[key] = (s[key] ?? 0) + sign * n;
  for (const [key, n] of Object.entries(s)) if (n === 0) delete s[key];
  if (Object.keys(s).length > 0) out.s = s;
  const h = (a.h ?? 0) + sign * (b.h ?? 0);
  if (h !== 0) out.h = h;
  const x = (a.x ?? 0) + sign * (b.x ?? 0);
  if (x !== 0) out.x = x;
  return out;
}

/** Adds `b` into `into` (which must be the caller's own: a sum being built), zeros left in; `plus({}, into)` prunes. */
export function addInto(into: Tally, b: Tally): Tally {
  if (b.r) {
    const r = (into.r ??= {});
    for (const [key, v] of Object.entries(b.r)) {
      const row = r[key];
      if (row) for (let i = 0; i < 3; i += 1) row[i] = row[i]! + v[i]!;
      else r[key] = [v[0], v[1], v[2]];
    }
  }
  if (b.s) {
    const s = (into.s ??= {});
    for (const [key, n] of Object.entries(b.s)) s[key] = (s[key] ?? 0) + n;
  }
  if (b.h) into.h = (into.h ?? 0) + b.h;
  if (b.x) into.x = (into.x ?? 0) + b.x;
  return into;
}

export const isZero = (t: Tally): boolean => t.r === undefined && t.s === undefined && t.h === undefined && t.x === undefined;

/** Pending applications per program (as recorded now). */
export function pendingOf(cases: readonly Pick<AssistanceState, 'program' | 'stage'>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of cases) if (PENDING_STAGES.includes(c.stage)) out[c.program] = (out[c.program] ?? 0) + 1;
  return out;
}

export function plusCounts(a: Record<string, number>, b: Record<string, number>, sign = 1): Record<string, number> {
  const out = { ...a };
  for (const [key, n] of Object.entries(b)) out[key] = (out[key] ?? 0) + sign * n;
  for (const [key, n] of Object.entries(out)) if (n === 0) delete out[key];
  return out;
}

/** `m` plus `n` months (string arithmetic: this runs for every month of every change). */
export function shiftMonth(m: IsoMonth, n: number): IsoMonth {
  const index = Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}` as IsoMonth;
}

export const nextMonth = (m: IsoMonth): IsoMonth => shiftMonth(m, 1);

/** The months from `from` to `until`, both included. */
export function monthRange(from: IsoMonth, until: IsoMonth): IsoMonth[] {
  const out: IsoMonth[] = [];
  for (let m = from; m <= until; m = nextMonth(m)) out.push(m);
  return out;
}

/** The months a case may be in force, up to `until` (none before it is granted). */
export function spanOf(c: StatusRecord, until: IsoMonth): IsoMonth[] {
  if (!c.grant) return [];
  const end = currentEnd(c);
  const last = end !== null && monthOf(end) < until ? monthOf(end) : until;
  return monthRange(monthOf(c.grant.effectiveFrom), last);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function datesIn(value: unknown, out: string[]): void {
  if (typeof value === 'string') {
    if (DATE.test(value)) out.push(value);
  } else if (Array.isArray(value)) for (const v of value) datesIn(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) datesIn(v, out);
}

const changes = new WeakMap<object, IsoMonth[]>();

/**
 * The months at which a case's line can change once past every month counted out (its dates, an age band reached,
 * a standards set taking effect), each with its neighbours: between two of them its line is the same every month.
 */
export function changeMonths(c: StatusRecord, book: readonly StandardsSet[]): IsoMonth[] {
  const known = changes.get(c);
  if (known) return known;
  const months: string[] = [];
  const dates: string[] = [];
  datesIn(c, dates);
  for (const d of dates) months.push(d.slice(0, 7));
  for (const set of book) {
    months.push(set.effectiveFrom.slice(0, 7));
    if (c.birthYear !== null)
      for (const band of set.advancedAge)
        months.push(`${String(c.birthYear + band.minAge).padStart(4, '0')}-${c.birthMonth?.slice(5, 7) ?? '01'}`);
  }
  const out = new Set<IsoMonth>();
  for (const m of months as IsoMonth[]) for (const n of [-1, 0, 1]) out.add(shiftMonth(m, n));
  const found = [...out];
  changes.set(c, found);
  return found;
}

/** caseLine remembered per case object and month (a refusal too): a change computes each case's line once a month. */
export function rememberedLines(book: readonly StandardsSet[]): (c: StatusRecord, month: IsoMonth) => CaseLine | null {
  const known = new Map<StatusRecord, Map<IsoMonth, CaseLine | null | { refused: unknown }>>();
  return (c, month) => {
    let byMonth = known.get(c);
    if (!byMonth) known.set(c, (byMonth = new Map()));
    let line = byMonth.get(month);
    if (line === undefined) {
      try {
        line = caseLine(c, month, book);
      } catch (error) {
        line = { refused: error };
      }
      byMonth.set(month, line);
    }
    if (line !== null && 'refused' in line) throw line.refused;
    return line;
  };
}
