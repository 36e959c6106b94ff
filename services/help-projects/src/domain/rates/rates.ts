import { DEFAULT_VISIT_DUTIES, type VisitDuty } from '@grid/contracts';
import type { IsoDate } from '../dates';
import type { HouseholdFacts } from '../facts/household-facts';
import { earliest, gridOn, inForceDuring } from '../facts/queries';
import { RATE_DEFINITIONS } from './definitions';
import { sortedUnique, type Rate, type RateName, type RegionPathOf } from './rate';

export interface Period {
  regionId: string;
  from: IsoDate;
  to: IsoDate;
}

/** A joint case as the joint-cases read model keeps it. */
export interface JointCaseRow {
  caseId: string;
  householdId: string;
  /** The case's region and the regions above it. */
  regionPath: readonly string[];
  openedOn: IsoDate;
  handledJointlyOn: IsoDate | null;
}

function rate(name: RateName, p: Period, numerator: string[], denominator: string[], counts?: { numerator: number; denominator: number }): Rate {
  const households = { numerator: sortedUnique(numerator), denominator: sortedUnique(denominator) };
  const n = counts ?? { numerator: households.numerator.length, denominator: households.denominator.length };
  return { rate: name, regionId: p.regionId, from: p.from, to: p.to, ...n, households, definition: RATE_DEFINITIONS[name] };
}

/** 惠民联办率: joint cases opened in the period, handled jointly by its last day. */
export function jointHandlingRate(cases: Iterable<JointCaseRow>, p: Period): Rate {
  const opened = [...cases].filter((c) => c.regionPath.includes(p.regionId) && c.openedOn >= p.from && c.openedOn <= p.to);
  const handled = opened.filter((c) => c.handledJointlyOn !== null && c.handledJointlyOn <= p.to);
  return rate('joint-handling', p, handled.map((c) => c.householdId), opened.map((c) => c.householdId), { numerator: handled.length, denominator: opened.length });
}

/** Households of the region (by their grid on the period's last day, or the last grid they had before it). */
function inRegion(households: Iterable<HouseholdFacts>, p: Period, regionPathOf: RegionPathOf): HouseholdFacts[] {
  return [...households].filter((f) => {
    const grid = gridOn(f, p.to);
    return grid !== null && regionPathOf(grid).includes(p.regionId);
  });
}

/** 探访关爱率: households with a visit duty in the period, visited while it ran. */
export function visitCareRate(households: Iterable<HouseholdFacts>, p: Period, regionPathOf: RegionPathOf, duties: readonly VisitDuty[] = DEFAULT_VISIT_DUTIES): Rate {
  const withDuty: string[] = [];
  const visited: string[] = [];
  for (const f of inRegion(households, p, regionPathOf)) {
    let since: IsoDate | null = null;
    for (const s of Object.values(f.statuses)) {
      const during = inForceDuring(s, p.from, p.to);
      const grant = earliest(s.grants);
      if (!during || !duties.some((d) => d.program === s.program && (!d.mode || d.mode === grant?.mode))) continue;
      if (since === null || during.since < since) since = during.since;
    }
    if (since === null) continue;
    withDuty.push(f.householdId);
    const start = since > p.from ? since : p.from;
    if (Object.values(f.visits).some((v) => v.on >= start && v.on <= p.to)) visited.push(f.householdId);
  }
  return rate('visit-care', p, visited, withDuty);
}

/** 幸福清单送达率: households entitled to a benefit list in the period whose list was delivered in it. */
export function benefitListRate(
  households: Iterable<HouseholdFacts>,
  deliveries: Iterable<{ householdId: string; deliveredOn: IsoDate }>,
  p: Period,
  regionPathOf: RegionPathOf,
): Rate {
  const entitled = inRegion(households, p, regionPathOf)
    .filter((f) => Object.values(f.statuses).some((s) => s.program !== 'temporary' && inForceDuring(s, p.from, p.to)))
    .map((f) => f.householdId);
  const delivered = new Set([...deliveries].filter((d) => d.deliveredOn >= p.from && d.deliveredOn <= p.to).map((d) => d.householdId));
  return rate('benefit-list', p, entitled.filter((h) => delivered.has(h)), entitled);
}
