import type { LivingClass, Registration } from '@grid/contracts';
import type { IsoDate } from '../shared/dates';

/** An amount as its source states it: per person per month, or per person per year. */
export interface Amount {
  fen: number;
  per: 'month' | 'year';
}

/**
 * From when a granted monthly status is paid: the first day of the month after the decision (次月起发放), or the
 * decision day itself. `source`: the provincial rule the set follows.
 */
export interface GrantStart {
  rule: 'month-after-decision' | 'decision-day';
  source: string;
}

/**
 * One set of standards (保障标准) for a region from a date. A new set is issued whenever any figure changes
 * (seed 002: urban 低保 500 元 from January 2020, 570 元 from November 2020).
 */
export interface StandardsSet {
  id: string;
  /** The district the set applies to, or '*' for the default set. */
  regionId: string;
  year: number;
  effectiveFrom: IsoDate;
  source: string;
  /** From when 低保, 特困 and the monthly subsidies granted under this set take effect. */
  grantStart: GrantStart;
  /** 低保标准 per person: the poverty line itself. */
  minimumLiving: Record<Registration, Amount>;
  /** What each 低保 class is paid, in basis points of the monthly standard (A = full standard). */
  minimumLivingClassShare: Record<LivingClass, number>;
  /** 特困 basic support (基本生活标准). */
  extremePoverty: Record<Registration, Amount>;
  /** 特困 照料护理费 by care level. */
  extremePovertyCare: Record<'self-care' | 'semi-disabled' | 'disabled', Amount>;
  disabilityLiving: Amount;
  disabilityCare: Amount;
  /** 孤儿基本生活费, dispersed (散居) / centralized (集中). */
  orphan: Record<'dispersed' | 'centralized', Amount>;
  unsupportedChild: Amount;
  childInDifficulty: Amount;
  /** 高龄补贴 bands by completed age, highest first wins. */
  advancedAge: { minAge: number; amount: Amount }[];
  entitledVeteran: Amount;
  /** Field names whose figures are assumptions rather than taken from a seed or law. */
  assumptions: string[];
}
