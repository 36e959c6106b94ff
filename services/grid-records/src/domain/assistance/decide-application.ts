import { birthPrecision, type ProgramCode } from '@grid/contracts';
import { refused } from '@grid/platform/decider';
import { addDays, addMonths, firstDayOf, monthOf, type IsoDate } from '../shared/dates';
import type { GrantStart } from '../standards/types';
import { evt } from '../shared/events';
import { checkDecider, levelOf } from './approval';
import { checkApplication } from './eligibility';
import { NOTICE_MIN_DAYS, PROGRAMS, SOURCES, paidMonthly } from './programs';
import { isInForceStage, nextReview, notBefore, ref, requireCase, requireReason } from './status';
import type { AssistanceCommand, AssistanceEvent, AssistanceState, EligibilityFacts, Terms } from './types';

type Cmd<T extends AssistanceCommand['type']> = Extract<AssistanceCommand, { type: T }>;

const termsOf = (t: Terms): Terms => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as Terms;

/** A person program's birth date as the event carries it: sealed, its year (and month where the rules count months) in clear. */
function birthOf(person: boolean, program: ProgramCode, facts: EligibilityFacts) {
  if (!person || facts.birthDate === null || facts.sealedBirthDate === null) return { birthDate: null, birthYear: null };
  return { birthDate: facts.sealedBirthDate, ...birthPrecision(program, facts.birthDate) };
}

/** 申请: the case opens with the facts the application layer read, which the decision rests on. */
export function apply(cmd: Cmd<'apply'>, s: AssistanceState): AssistanceEvent[] {
  if (s.stage !== 'none') throw refused('already-applied', `case ${s.caseId} already exists`);
  checkApplication(cmd);
  const def = PROGRAMS[cmd.program];
  const { facts } = cmd;
  const { mode, careLevel, caregiverAgreement, institution, amountFen, veteranCategory } = cmd;
  return [
    evt(
      'grid-records.assistance.applied',
      {
        caseId: cmd.caseId,
        program: cmd.program,
        householdId: cmd.householdId,
        personId: def.subject === 'person' ? cmd.personId! : null,
        coveredPersonIds: def.subject === 'household' ? cmd.coveredPersonIds! : [],
        registration: facts.registration,
        districtId: facts.districtId,
        ...birthOf(def.subject === 'person', cmd.program, facts),
        class: cmd.class ?? null,
        ...termsOf({ mode, careLevel, caregiverAgreement, institution, amountFen, veteranCategory }),
        appliedOn: cmd.appliedOn,
        officialRelative: facts.officialRelative,
        facts: {
          asOf: facts.asOf,
          disabilityGrade: facts.disabilityGrade,
          personPrograms: facts.personPrograms,
          householdPrograms: facts.householdPrograms,
        },
        by: cmd.by,
      },
      cmd.appliedOn,
    ),
  ];
}

/** 入户核查. */
export function recordHomeCheck(cmd: Cmd<'record-home-check'>, s: AssistanceState): AssistanceEvent[] {
  requireCase(s);
  if (!PROGRAMS[s.program].homeCheck) throw refused('home-check-not-applicable', `${PROGRAMS[s.program].term} has no home check step`);
  if (s.stage !== 'applied') throw refused('out-of-sequence', `the home check comes right after the application, not at stage ${s.stage}`);
  notBefore(cmd.on, s.lastStepOn, 'the home check', 'on');
  return [
    evt(
      'grid-records.assistance.home-checked',
      { caseId: s.caseId, on: cmd.on, findings: cmd.findings, ...(cmd.note ? { note: cmd.note } : {}), by: cmd.by },
      cmd.on,
    ),
  ];
}

/** 乡镇/街道审核: recommends approval (with a class or amount) or not. */
export function review(cmd: Cmd<'review'>, s: AssistanceState): AssistanceEvent[] {
  requireCase(s);
  const def = PROGRAMS[s.program];
  if (s.stage === 'applied')
    throw refused('home-check-required', 'the township reviews after the home check (入户核查)', { source: def.source });
  if (s.stage !== 'awaiting-review') throw refused('out-of-sequence', `nothing to review at stage ${s.stage}`);
  if (!levelOf(cmd.by.role))
    throw refused('township-review-required', 'the township or sub-district reviews (审核)', { source: def.source, field: 'by.role' });
  if (cmd.class && !def.classes) throw refused('class-not-applicable', `${def.term} has no classes`, { field: 'class' });
  if (!cmd.recommended) requireReason(cmd.reason);
  notBefore(cmd.on, s.lastStepOn, 'the review', 'on');
  return [
    evt(
      'grid-records.assistance.reviewed',
      {
        caseId: s.caseId,
        on: cmd.on,
        recommended: cmd.recommended,
        class: cmd.class ?? s.class,
        ...(cmd.amountFen !== undefined ? { amountFen: cmd.amountFen } : {}),
        ...(cmd.reason ? { reason: cmd.reason } : {}),
        by: cmd.by,
      },
      cmd.on,
    ),
  ];
}

/** 公示 in the village / community for at least seven days. */
export function publishNotice(cmd: Cmd<'publish-notice'>, s: AssistanceState): AssistanceEvent[] {
  requireCase(s);
  const def = PROGRAMS[s.program];
  if (!def.notice) throw refused('notice-not-applicable', `${def.term} is not publicly noticed`);
  if (s.stage === 'applied' || s.stage === 'awaiting-review')
    throw refused('review-required', 'the notice follows the township review', { source: def.source });
  if (s.stage !== 'reviewed') throw refused('out-of-sequence', `no notice at stage ${s.stage}`);
  if (!s.review?.recommended) throw refused('not-recommended', 'the township did not recommend approval', { source: def.source });
  if (cmd.days < NOTICE_MIN_DAYS)
    throw refused('notice-too-short', `the notice runs at least ${NOTICE_MIN_DAYS} days`, {
      source: SOURCES.minimumLivingProcedure,
      field: 'days',
    });
  notBefore(cmd.from, s.lastStepOn, 'the notice', 'from');
  const until = addDays(cmd.from, cmd.days - 1);
  return [evt('grid-records.assistance.notice-published', { caseId: s.caseId, from: cmd.from, until, by: cmd.by }, cmd.from)];
}

/** 异议 raised while the notice runs. */
export function raiseObjection(cmd: Cmd<'raise-objection'>, s: AssistanceState): AssistanceEvent[] {
  requireCase(s);
  if (s.objections.some((o) => o.objectionId === cmd.objectionId)) return [];
  if (s.stage !== 'noticed' || !s.notice) throw refused('no-notice-running', 'objections are raised during the public notice');
  if (cmd.on < s.notice.from || cmd.on > s.notice.until) {
    throw refused('objection-outside-notice', `the notice ran ${s.notice.from} to ${s.notice.until}`, {
      source: SOURCES.minimumLivingProcedure,
      field: 'on',
    });
  }
  requireReason(cmd.grounds, 'grounds');
  return [
    evt(
      'grid-records.assistance.objection-raised',
      { caseId: s.caseId, objectionId: cmd.objectionId, on: cmd.on, grounds: cmd.grounds, by: cmd.by },
      cmd.on,
    ),
  ];
}

/** An upheld objection sends the case back to township review (and a new notice). */
export function decideObjection(cmd: Cmd<'decide-objection'>, s: AssistanceState): AssistanceEvent[] {
  requireCase(s);
  const o = s.objections.find((x) => x.objectionId === cmd.objectionId);
  if (!o) throw refused('unknown-objection', `no objection ${cmd.objectionId}`, { field: 'objectionId' });
  if (o.decided) throw refused('objection-already-decided', `decided on ${o.decided.on}`, { field: 'objectionId' });
  notBefore(cmd.on, o.raisedOn, 'the decision on an objection', 'on');
  requireReason(cmd.reason);
  return [
    evt(
      'grid-records.assistance.objection-decided',
      { caseId: s.caseId, objectionId: o.objectionId, on: cmd.on, upheld: cmd.upheld, reason: cmd.reason, by: cmd.by },
      cmd.on,
    ),
  ];
}

/** Throws unless every step before the decision is done. */
function checkReadyToDecide(s: AssistanceState): void {
  const def = PROGRAMS[s.program];
  if (isInForceStage(s)) throw refused('already-granted', 'the status is already granted');
  if (s.stage === 'applied') throw refused('home-check-required', 'the home check (入户核查) comes first', { source: def.source });
  if (s.stage === 'awaiting-review') throw refused('review-required', 'the township review (审核) comes first', { source: def.source });
  if (!s.review?.recommended) throw refused('not-recommended', 'the township did not recommend approval', { source: def.source });
  if (def.notice && s.stage !== 'noticed')
    throw refused('notice-required', 'approval follows the public notice (公示)', { source: def.source });
}

/** 审核 and 审批 by two different officials: one person cannot both recommend a case and decide it. */
function checkFourEyes(s: AssistanceState, deciderId: string): void {
  if (s.review?.by === deciderId) {
    throw refused('four-eyes', 'the official who reviewed this case cannot also decide it: another official decides', {
      source: SOURCES.minimumLivingProcedure,
      field: 'by.id',
    });
  }
}

/** 审批: grants the status from `effectiveFrom`, by the level the rules require. */
export function approve(cmd: Cmd<'approve'>, s: AssistanceState): AssistanceEvent[] {
  requireCase(s);
  checkReadyToDecide(s);
  const def = PROGRAMS[s.program];
  if (s.objections.some((o) => !o.decided))
    throw refused('objection-pending', 'decide the objections raised during the notice first', { source: def.source });
  if (s.notice && cmd.decidedOn <= s.notice.until) {
    throw refused('notice-not-over', `the notice runs until ${s.notice.until}`, {
      source: SOURCES.minimumLivingProcedure,
      field: 'decidedOn',
    });
  }
  notBefore(cmd.decidedOn, s.lastStepOn, 'the decision', 'decidedOn');
  if (cmd.effectiveFrom < s.appliedOn)
    throw refused('effective-before-application', `a status starts on or after the application (${s.appliedOn})`, {
      field: 'effectiveFrom',
    });
  if (cmd.class && !def.classes) throw refused('class-not-applicable', `${def.term} has no classes`, { field: 'class' });
  const cls = def.classes ? (cmd.class ?? s.review?.class ?? s.class) : null;
  if (def.classes && !cls)
    throw refused('class-required', `${def.term} is granted in class A, B or C`, { source: def.source, field: 'class' });
  const amountFen = def.oneOff ? (cmd.amountFen ?? s.review?.amountFen ?? s.terms.amountFen) : undefined;
  if (def.oneOff && !amountFen) throw refused('amount-required', 'a one-off grant names its amount in fen', { field: 'amountFen' });
  const approverLevel = checkDecider(s, cmd.by.role, amountFen ?? 0);
  if (cmd.grantStart && paidMonthly(s.program)) checkGrantStart(cmd.grantStart, cmd.decidedOn, cmd.effectiveFrom, def.term);
  checkFourEyes(s, cmd.by.id);
  return [
    evt(
      'grid-records.assistance.approved',
      {
        ...ref(s),
        class: cls,
        coveredPersonIds: s.coverage.filter((c) => c.until === null || c.until >= cmd.effectiveFrom).map((c) => c.personId),
        registration: s.registration,
        districtId: s.districtId,
        effectiveFrom: cmd.effectiveFrom,
        decidedOn: cmd.decidedOn,
        approverLevel,
        ...s.terms,
        ...(amountFen !== undefined ? { amountFen } : {}),
        nextReviewOn: nextReview(s, cls, cmd.effectiveFrom),
        officialRelative: s.flagged,
        by: cmd.by,
      },
      cmd.effectiveFrom,
    ),
  ];
}

/**
 * A monthly status starts as the standards set rules: on the 1st of a month no earlier than the month after the
 * decision (次月起发放), or on the decision day or later. April is not paid in full for a status that starts on 15 April.
 */
function checkGrantStart(rule: GrantStart, decidedOn: IsoDate, effectiveFrom: IsoDate, term: string): void {
  const earliest = rule.rule === 'month-after-decision' ? firstDayOf(monthOf(addMonths(decidedOn, 1))) : decidedOn;
  const onFirst = rule.rule === 'decision-day' || effectiveFrom === firstDayOf(monthOf(effectiveFrom));
  if (effectiveFrom < earliest || !onFirst) {
    const expected = rule.rule === 'month-after-decision' ? `the 1st of a month from ${earliest}` : `${earliest} or later`;
    throw refused('grant-start', `${term} decided on ${decidedOn} takes effect on ${expected}, not ${effectiveFrom}`, {
      source: rule.source,
      field: 'effectiveDate',
    });
  }
}

/** 不予批准: decided at the same level as an approval would be. */
export function reject(cmd: Cmd<'reject'>, s: AssistanceState): AssistanceEvent[] {
  requireCase(s);
  if (isInForceStage(s)) throw refused('already-granted', 'a granted status ends by exit or cancellation, not rejection');
  requireReason(cmd.reason);
  notBefore(cmd.on, s.lastStepOn, 'the decision', 'on');
  checkDecider(s, cmd.by.role, s.review?.amountFen ?? s.terms.amountFen ?? 0);
  checkFourEyes(s, cmd.by.id);
  return [evt('grid-records.assistance.rejected', { ...ref(s), on: cmd.on, reason: cmd.reason, by: cmd.by }, cmd.on)];
}
