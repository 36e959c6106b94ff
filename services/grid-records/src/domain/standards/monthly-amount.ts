import { monthOf, type IsoMonth } from '../shared/dates';
import { classOn, coveredIn, inForceDays, type StatusRecord } from './in-force';
import { perMonth, standardsFor } from './lookup';
import type { StandardsSet } from './types';

/**
 * Partial-month rule (our choice, documented): no proration. A status is paid for a whole month when it is
 * in force on at least one day of it, so the month it starts is paid (当月纳入) and so is the month it ends,
 * and nothing after (次月停发): a death at `diedOn` stops payment from the next month, however late it was
 * reported (seed 002). Class and standard are read on the status' last in-force day of the month, so a change
 * within a month applies to the whole month; the 高龄 age band is the age reached in that month (the day of birth
 * stays sealed: the case carries its year and month only). A household status counts each covered member
 * covered on at least one in-force day. 临时救助 pays its amount once, in the month it takes effect.
 */
export interface MonthlyAmount {
  fen: number;
  /** Persons paid for (the covered members of a household status; 1 for a person status; 0 when not paid). */
  persons: number;
  /** How the amount was reached, for the roster and for auditors. */
  basis: string;
}

/** The age a person reaches in `month` (0 when the birth year is unknown, e.g. erased before v2). */
export function ageInMonth(s: Pick<StatusRecord, 'birthYear' | 'birthMonth'>, month: IsoMonth): number {
  if (s.birthYear == null) return 0;
  const years = Number(month.slice(0, 4)) - s.birthYear;
  return s.birthMonth != null && month.slice(5, 7) < s.birthMonth.slice(5, 7) ? years - 1 : years;
}

const none = (basis: string): MonthlyAmount => ({ fen: 0, persons: 0, basis });

export function explainMonthlyAmount(s: StatusRecord, book: readonly StandardsSet[], month: IsoMonth): MonthlyAmount {
  const days = inForceDays(s, month);
  if (days.length === 0) return none('not in force this month');
  const day = days.at(-1)!.until;
  const std = standardsFor(book, s.districtId, day);
  const one = (fen: number, basis: string): MonthlyAmount => ({ fen, persons: fen > 0 ? 1 : 0, basis: `${basis} (${std.id})` });
  switch (s.program) {
    case 'minimum-living': {
      const cls = classOn(s, day)!;
      const per = Math.round((perMonth(std.minimumLiving[s.registration]) * std.minimumLivingClassShare[cls]) / 10_000);
      const persons = coveredIn(s, days).length;
      return { fen: per * persons, persons, basis: `低保 ${s.registration} class ${cls}: ${per} fen × ${persons} (${std.id})` };
    }
    case 'extreme-poverty': {
      const care = s.terms.careLevel ?? 'self-care';
      return one(
        perMonth(std.extremePoverty[s.registration]) + perMonth(std.extremePovertyCare[care]),
        `特困 ${s.registration} + 照料护理 ${care}`,
      );
    }
    case 'temporary':
      return one(s.terms.amountFen ?? 0, '临时救助 one-off');
    case 'disability-living':
      return one(perMonth(std.disabilityLiving), '困难残疾人生活补贴');
    case 'disability-care':
      return one(perMonth(std.disabilityCare), '重度残疾人护理补贴');
    case 'orphan':
      return one(perMonth(std.orphan[s.terms.mode ?? 'dispersed']), `孤儿 ${s.terms.mode ?? 'dispersed'}`);
    case 'unsupported-child':
      return one(perMonth(std.unsupportedChild), '事实无人抚养儿童');
    case 'child-in-difficulty':
      return one(perMonth(std.childInDifficulty), '困境儿童');
    case 'advanced-age': {
      const age = ageInMonth(s, monthOf(day));
      const band = std.advancedAge.filter((b) => age >= b.minAge).sort((a, b) => b.minAge - a.minAge)[0];
      return band
        ? one(perMonth(band.amount), `高龄补贴 age ${age} (band ${band.minAge}+)`)
        : none(`高龄补贴: age ${age} is below every band`);
    }
    case 'entitled-veteran':
      return one(perMonth(std.entitledVeteran), '优抚对象');
    case 'low-income-marginal':
    case 'left-behind-child':
    case 'left-behind-elderly':
    case 'solitary-elderly':
    case 'monitored':
      return none('a care register: visits, no money');
  }
}

/** What a status pays for a calendar month `YYYY-MM`, in fen. */
export const monthlyAmount = (s: StatusRecord, book: readonly StandardsSet[], month: IsoMonth): number =>
  explainMonthlyAmount(s, book, month).fen;
