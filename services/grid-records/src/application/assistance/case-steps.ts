import type { LivingClass, ProgramCode, Sealed } from '@grid/contracts';
import { minDate, type Actor, type AssistanceCommand, type Horizon, type IsoDate } from '../../domain';

/**
 * Opening a case (申请), as callers give it: personal data in clear (a caregiver's name), sealed by the handler.
 * Person programs name `personId`; household programs list `coveredPersonIds` (default: every living member).
 */
export interface OpenCase {
  program: ProgramCode;
  personId?: string;
  coveredPersonIds?: string[];
  class?: LivingClass;
  appliedOn: IsoDate;
  /** 特困 / 孤儿: 分散 or 集中供养. */
  mode?: 'dispersed' | 'centralized';
  careLevel?: 'self-care' | 'semi-disabled' | 'disabled';
  caregiverAgreement?: { agreementId: string; caregiverName: string; signedOn: IsoDate };
  institution?: string;
  /** 临时救助: the one-off amount, in fen. */
  amountFen?: number;
  veteranCategory?: string;
}

interface Base {
  /** The date the step takes effect; per step see STEP_DATE. */
  effectiveDate: IsoDate;
  /** Why: kept as the event's reason; required where a decision must be explained. */
  reason?: string;
}

/** One step of a case's lifecycle (the API's `POST /v1/assistance/{caseId}/steps` body, and the seeder's). */
export type CaseStep =
  | (Base & { step: 'home-check'; findings: string[]; note?: string })
  | (Base & { step: 'review'; recommended: boolean; class?: LivingClass; amountFen?: number })
  | (Base & { step: 'notice'; days: number })
  | (Base & { step: 'objection'; objectionId?: string })
  | (Base & { step: 'objection-decision'; objectionId: string; upheld: boolean })
  | (Base & { step: 'approve'; decidedOn?: IsoDate; class?: LivingClass; amountFen?: number })
  | (Base & { step: 'reject' })
  | (Base & { step: 'change-class'; to: LivingClass })
  | (Base & { step: 'review-done' })
  | (Base & { step: 'suspend' })
  | (Base & { step: 'resume' })
  | (Base & { step: 'exit' })
  | (Base & { step: 'cancel' });

export type StepName = CaseStep['step'];

/** What `effectiveDate` means for each step. */
export const STEP_DATE: Record<StepName, string> = {
  'home-check': 'day of the home check (入户核查)',
  review: 'day of the township review (审核)',
  notice: 'first day of the public notice (公示)',
  objection: 'day the objection was raised',
  'objection-decision': 'day the objection was decided',
  approve: 'first day in force (decidedOn defaults to it, or to today when it lies ahead)',
  reject: 'day of the decision',
  'change-class': 'first day of the new class',
  'review-done': 'day of the periodic review (复核)',
  suspend: 'first day suspended',
  resume: 'first day in force again',
  exit: 'last day in force',
  cancel: 'last day in force (before the grant: never in force)',
};

/**
 * The domain command of a step. `note` is the home check's note already sealed; `objectionId` the id of a new
 * objection. Missing reasons pass as '' so the decider's own `reason-required` names the rule.
 */
export function commandOf(input: CaseStep, by: Actor, extra: { note?: Sealed; objectionId: string; horizon: Horizon }): AssistanceCommand {
  return { ...stepCommand(input, by, extra), horizon: extra.horizon };
}

function stepCommand(input: CaseStep, by: Actor, extra: { note?: Sealed; objectionId: string; horizon: Horizon }): AssistanceCommand {
  const on = input.effectiveDate;
  const reason = input.reason ?? '';
  switch (input.step) {
    case 'home-check':
      return { type: 'record-home-check', on, findings: input.findings, ...(extra.note ? { note: extra.note } : {}), by };
    case 'review': {
      const { recommended, class: cls, amountFen } = input;
      return {
        type: 'review',
        on,
        recommended,
        ...(cls ? { class: cls } : {}),
        ...(amountFen !== undefined ? { amountFen } : {}),
        ...(input.reason ? { reason: input.reason } : {}),
        by,
      };
    }
    case 'notice':
      return { type: 'publish-notice', from: on, days: input.days, by };
    case 'objection':
      return { type: 'raise-objection', objectionId: extra.objectionId, on, grounds: reason, by };
    case 'objection-decision':
      return { type: 'decide-objection', objectionId: input.objectionId, on, upheld: input.upheld, reason, by };
    case 'approve': {
      const { class: cls, amountFen } = input;
      return {
        type: 'approve',
        decidedOn: input.decidedOn ?? minDate(on, extra.horizon.today),
        effectiveFrom: on,
        ...(cls ? { class: cls } : {}),
        ...(amountFen !== undefined ? { amountFen } : {}),
        by,
      };
    }
    case 'reject':
      return { type: 'reject', on, reason, by };
    case 'change-class':
      return { type: 'change-class', to: input.to, effectiveFrom: on, reason, by };
    case 'review-done':
      return { type: 'complete-review', on, by };
    case 'suspend':
      return { type: 'suspend', on, reason, by };
    case 'resume':
      return { type: 'resume', on, reason, by };
    case 'exit':
      return { type: 'exit', endedOn: on, reason, by };
    case 'cancel':
      return { type: 'cancel', endedOn: on, reason, by };
  }
}
