import type { DisclosureKind, RuleRef } from '@grid/contracts';
import { addDays, addMonths, type IsoDate } from '../dates';
import { ART } from '../rules/articles';

/** The Charity Law's disclosure clocks (公示) as data: what runs them, how often, and the article they come from. */
export const DISCLOSURE_RULES = {
  /** A public campaign running over 6 months discloses at least every 3 months while it runs. */
  periodic: { rule: 'disclose-every-3-months', runsOverMonths: 6, everyMonths: 3, source: ART.periodicDisclosure },
  /** A public campaign discloses fully within 3 months after its end. */
  final: { rule: 'disclose-within-3-months-of-end', withinMonths: 3, source: ART.periodicDisclosure },
  /** An emergency campaign discloses its receipts at least every 5 days during the response. */
  emergency: { rule: 'emergency-receipts-every-5-days', everyDays: 5, source: ART.emergencyDisclosure },
} as const;

export interface ClockInput {
  public: boolean;
  emergency: boolean;
  from: IsoDate;
  /** The planned end, or the day it closed if that came first. */
  end: IsoDate;
  disclosures: readonly { kind: DisclosureKind; on: IsoDate }[];
}

export interface Obligation {
  kind: DisclosureKind;
  /** The last day it may be published. */
  dueBy: IsoDate;
  overdue: boolean;
  rule: RuleRef;
}

const latest = (c: ClockInput, kinds: readonly DisclosureKind[], at: IsoDate): IsoDate | null =>
  c.disclosures.filter((d) => kinds.includes(d.kind) && d.on <= at).reduce<IsoDate | null>((max, d) => (max === null || d.on > max ? d.on : max), null);

/**
 * The disclosures a campaign owes on `at`: the next one of each clock that applies, with its last day and whether it
 * has passed. A clock falls due only within the campaign (the final one after it); one published late restarts it.
 */
export function disclosuresOwed(c: ClockInput, at: IsoDate): Obligation[] {
  if (!c.public) return [];
  const owed: Obligation[] = [];
  const { periodic, final, emergency } = DISCLOSURE_RULES;
  if (addMonths(c.from, periodic.runsOverMonths) < c.end) {
    const base = latest(c, ['periodic', 'emergency-receipts', 'final'], at) ?? c.from;
    const dueBy = addMonths(base, periodic.everyMonths);
    if (dueBy <= c.end) owed.push({ kind: 'periodic', dueBy, overdue: at > dueBy, rule: { rule: periodic.rule, source: periodic.source } });
  }
  if (c.emergency && at >= c.from) {
    const base = latest(c, ['emergency-receipts', 'periodic'], at) ?? c.from;
    const dueBy = addDays(base, emergency.everyDays);
    if (dueBy <= c.end) owed.push({ kind: 'emergency-receipts', dueBy, overdue: at > dueBy, rule: { rule: emergency.rule, source: emergency.source } });
  }
  if (at >= c.end && !c.disclosures.some((d) => d.kind === 'final' && d.on <= at)) {
    const dueBy = addMonths(c.end, final.withinMonths);
    owed.push({ kind: 'final', dueBy, overdue: at > dueBy, rule: { rule: final.rule, source: final.source } });
  }
  return owed;
}
