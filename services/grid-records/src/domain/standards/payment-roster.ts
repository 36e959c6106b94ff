import type { ProgramCode } from '@grid/contracts';
import type { IsoMonth } from '../shared/dates';
import type { StatusRecord } from './in-force';
import { explainMonthlyAmount } from './monthly-amount';
import type { StandardsSet } from './types';

export interface RosterLine {
  caseId: string;
  program: ProgramCode;
  householdId: string;
  personId: string | null;
  persons: number;
  amountFen: number;
  basis: string;
}

export interface PaymentRoster {
  month: IsoMonth;
  lines: RosterLine[];
  totalFen: number;
  persons: number;
}

/** 发放花名册: who is paid what for a month, under monthlyAmount's partial-month rule; unpaid statuses are left out. */
export function paymentRoster(statuses: Iterable<StatusRecord>, book: readonly StandardsSet[], month: IsoMonth): PaymentRoster {
  const lines: RosterLine[] = [];
  for (const s of statuses) {
    const m = explainMonthlyAmount(s, book, month);
    if (m.fen > 0)
      lines.push({
        caseId: s.caseId,
        program: s.program,
        householdId: s.householdId,
        personId: s.personId,
        persons: m.persons,
        amountFen: m.fen,
        basis: m.basis,
      });
  }
  lines.sort((a, b) => a.householdId.localeCompare(b.householdId) || a.caseId.localeCompare(b.caseId));
  return { month, lines, totalFen: lines.reduce((t, l) => t + l.amountFen, 0), persons: lines.reduce((t, l) => t + l.persons, 0) };
}
