import type { LivingClass, ProgramCode, Sealed } from '@grid/contracts';
import type { EventStore } from '@grid/platform';
import {
  PROGRAMS,
  caseStream,
  classOn,
  inForceDays,
  paymentRoster,
  type IsoMonth,
  type PaymentRoster,
  type StandardsSet,
  type StatusRecord,
} from '../../domain';
import type { HouseholdView } from '../../projections/households/household-view';
import { foldCaseViewAsKnownAt, type CaseView } from '../../projections/assistance/case-view';
import type { RegionRecordsReader } from '../statistics/region-records';

/** One payee of the month: the domain's roster line, with the class paid and whom to pay. */
export interface PayeeLine {
  caseId: string;
  program: ProgramCode;
  term: string;
  class: LivingClass | null;
  householdId: string;
  /** The person of a person status; null for a household status. */
  personId: string | null;
  /** Who receives it: the person, or the head of the household for a household status. */
  recipient: { personId: string; name: Sealed | null } | null;
  persons: number;
  amountFen: number;
  basis: string;
}

export interface RegionPaymentRoster {
  regionId: string;
  month: IsoMonth;
  /** The records as they stood at this moment (recordedAt); null: as they stand now. */
  knownAt: string | null;
  lines: PayeeLine[];
  totalFen: number;
  persons: number;
}

/**
 * 发放花名册 of a region for a month, by the domain's paymentRoster (whole months, no proration; a status ended
 * at a death pays its last month and nothing after). `knownAt` answers "what would we have paid on what we knew
 * then": each case is folded only from the events recorded by that moment, so a death recorded late shows as a
 * difference between the roster known then and the roster now (the payments to recover).
 */
export class PaymentRosters {
  constructor(
    private readonly store: EventStore,
    private readonly records: RegionRecordsReader,
    private readonly standards: readonly StandardsSet[],
  ) {}

  /** The roster from `region_cases`, with the household documents of its payees only (for whom to pay). */
  async roster(regionId: string, month: IsoMonth, knownAt?: string): Promise<RegionPaymentRoster> {
    const cases = await this.records.casesIn(regionId);
    const states = knownAt === undefined ? cases : await this.asKnownAt(cases, knownAt);
    const roster = paymentRoster(states, this.standards, month);
    const households = await this.records.households(roster.lines.map((l) => l.householdId));
    return rosterOf(regionId, month, knownAt ?? null, states, households, roster);
  }

  /** Each case as it stood at `knownAt`: its stream up to that moment (cases opened later drop out). */
  private async asKnownAt(cases: readonly Pick<CaseView, 'caseId'>[], knownAt: string): Promise<CaseView[]> {
    const folded = await Promise.all(
      cases.map(async (c) => foldCaseViewAsKnownAt(await this.store.readStream(caseStream(c.caseId)), knownAt)),
    );
    return folded.filter((c): c is CaseView => c !== null);
  }
}

/** The roster's lines with the class paid and whom to pay (a household status pays its head). */
export function rosterOf(
  regionId: string,
  month: IsoMonth,
  knownAt: string | null,
  states: readonly StatusRecord[],
  households: ReadonlyMap<string, Pick<HouseholdView, 'headId' | 'members'>>,
  roster: PaymentRoster,
): RegionPaymentRoster {
  const byId = new Map(states.map((c) => [c.caseId, c]));
  const lines = roster.lines.map((l): PayeeLine => {
    const c = byId.get(l.caseId)!;
    const days = inForceDays(c, month);
    const household = households.get(l.householdId);
    const recipientId = l.personId ?? household?.headId ?? null;
    const member = household?.members.find((m) => m.personId === recipientId);
    return {
      caseId: l.caseId,
      program: l.program,
      term: PROGRAMS[l.program].term,
      class: PROGRAMS[l.program].classes ? classOn(c, days.at(-1)!.until) : null,
      householdId: l.householdId,
      personId: l.personId,
      recipient: recipientId === null ? null : { personId: recipientId, name: member?.name ?? null },
      persons: l.persons,
      amountFen: l.amountFen,
      basis: l.basis,
    };
  });
  return { regionId, month, knownAt, lines, totalFen: roster.totalFen, persons: roster.persons };
}
